"""Chinese by default, English through the compiled catalog; dates in the reader's language;
accessible, self-contained pages (no asset from the internet)."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.pofile import read_po

import dangwu_core.web

CATALOG = Path(dangwu_core.web.__file__).parent / "translations" / "en" / "LC_MESSAGES"


def test_chinese_is_the_default_with_chinese_dates(client):
    page = client.get("/org/TS-B01").get_data(as_text=True)
    assert '<html lang="zh-CN">' in page and "党务公开目录" in page
    item = client.get("/api/v1/disclosures?per_page=1").get_json()["items"][0]
    detail = client.get(f"/disclosures/{item['id']}").get_data(as_text=True)
    assert re.search(r"<time[^>]*>\d{4}年\d{1,2}月\d{1,2}日</time>", detail)


def test_english_is_chosen_once_and_remembered(client):
    page = client.get("/?lang=en").get_data(as_text=True)
    assert '<html lang="en">' in page and "Latest disclosures" in page and "Organizations" in page
    again = client.get("/org/TS-B01").get_data(as_text=True)
    assert ("Disclosure catalog" in again and "Public" in again) or "Within" in again
    item = client.get("/api/v1/disclosures?per_page=1").get_json()["items"][0]
    detail = client.get(f"/disclosures/{item['id']}").get_data(as_text=True)
    assert re.search(r"<time[^>]*>[A-Z][a-z]+ \d{1,2}, \d{4}</time>", detail)


def test_the_english_catalog_is_complete_and_compiled():
    with (CATALOG / "messages.po").open("rb") as f:
        catalog = read_po(f)
    missing = [m.id for m in catalog if m.id and not m.string]
    assert missing == []
    assert (CATALOG / "messages.mo").stat().st_mtime >= (
        CATALOG / "messages.po"
    ).stat().st_mtime - 5


def test_pages_load_nothing_from_the_internet(client):
    for url in ["/", "/org/TS-B01", "/search?q=换届", "/party/login", "/org/TS/feedback"]:
        page = client.get(url).get_data(as_text=True)
        assert not re.search(r'(src|href)="(https?:)?//', page), url


def test_forms_label_every_field_and_pages_have_one_h1(client):
    for url in ["/party/login", "/org/TS/feedback", "/org/TS/apply", "/receipt", "/search"]:
        page = client.get(url).get_data(as_text=True)
        assert page.count("<h1") == 1, url
        for tag in re.findall(r"<(?:input|textarea|select)[^>]*>", page):
            field_id = re.search(r'\bid="([^"]+)"', tag)
            if field_id and 'type="hidden"' not in tag:
                assert f'for="{field_id.group(1)}"' in page, (url, tag)
    assert 'class="skip" href="#main"' in client.get("/").get_data(as_text=True)
