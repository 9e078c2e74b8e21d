"""电子显示屏、触摸屏: a screen reads with its own read-only token, shows what an anonymous
reader of the portal may read, and costs a 304 while nothing changed.

Rules: 003 §7 (电子显示屏 among the public channels); 002 (the rolling display of the public
items); issue 17 "polling with ETag so an idle screen costs a 304".
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from channels_town import TITLES, csrf, login, publish_branch_items
from dangwu_channels import kiosk

from dangwu_core.testing import counting_statements
from dangwu_core.toolkit import (
    Disclosure,
    Event,
    PermissionDenied,
    Screen,
    ValidationError,
    get_person,
)


@pytest.fixture
def screen(town, branch):
    made, secret = kiosk.issue(town, branch, "支部活动室触摸屏", get_person("lixy"))
    return made, secret


def test_a_screen_shows_its_organizations_public_items_and_nothing_else_003_7(
    town, town_app, branch, screen
):
    """003 §7: the e-screen carries public items; a party-only item of the same branch, which
    its members read on the portal, never appears."""
    _, secret = screen
    page = town_app.test_client().get(f"/channels/screen/{secret}/")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    for title in TITLES:
        assert title in text
    inside = Disclosure.select().where(
        (Disclosure.organization == branch.id) & (Disclosure.scope != "public")
    )
    assert inside.count() > 0
    for item in inside:
        assert item.title not in text
    # Everything the page loads is the plugin's own (no CDN, no other origin).
    loaded = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', text)
    assert loaded and all(u.startswith("/channels/static/") for u in loaded), loaded


def test_an_idle_screen_costs_a_304_until_something_changes(town, town_app, screen):
    """An idle screen's poll is a 304 (the ETag of core's validator) at the cost of the
    token's lookup and the newest event; a publication moves it."""
    _, secret = screen
    client = town_app.test_client()
    url = f"/channels/screen/{secret}/slides"
    first = client.get(url)
    assert first.status_code == 200 and first.headers["ETag"]
    etag = first.headers["ETag"]
    with counting_statements(town.db) as statements:
        again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.get_data() == b""
    assert len(statements) <= 3, statements
    publish_branch_items(town, dt.date.today() - dt.timedelta(days=1), ["测试第一支部新公开事项"])
    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    assert "测试第一支部新公开事项" in changed.get_data(as_text=True)


def test_an_unknown_or_revoked_token_reads_nothing(town, town_app, screen):
    made, secret = screen
    client = town_app.test_client()
    assert client.get("/channels/screen/dws_not-a-screen/slides").status_code == 404
    kiosk.revoke(town, made, get_person("lixy"))
    assert client.get(f"/channels/screen/{secret}/").status_code == 404
    assert client.get(f"/channels/screen/{secret}/slides").status_code == 404
    assert Screen.get_by_id(made.id).revoked_at is not None
    assert [
        e.action
        for e in Event.select().where(
            (Event.subject_type == "screen") & (Event.subject_id == made.id)
        )
    ] == [
        "screen.issue",
        "screen.revoke",
    ]


def test_only_the_token_hash_is_kept_and_bad_set_ups_are_refused(town, branch, screen):
    made, secret = screen
    assert secret not in made.token_hash and len(made.token_hash) == 64
    before = Screen.select().count()
    with pytest.raises(ValidationError, match="name"):
        kiosk.issue(town, branch, "  ", get_person("lixy"))
    with pytest.raises(PermissionDenied):
        kiosk.issue(town, branch, "大厅", get_person("chenj"))
    assert Screen.select().count() == before


def test_a_bad_timing_is_a_400_naming_it(town_app, screen):
    _, secret = screen
    answer = town_app.test_client().get(f"/channels/screen/{secret}/?interval=5")
    assert answer.status_code == 400 and "interval" in answer.get_data(as_text=True)


def test_the_admin_sets_a_screen_up_and_shows_its_address_once(town_app, branch):
    client = login(town_app.test_client(), "lixy")
    page = client.get("/admin/screens/").get_data(as_text=True)
    answer = client.post(
        "/admin/screens/issue",
        data={"org": branch.id, "name": "村口电子屏", "csrf_token": csrf(page)},
    )
    text = answer.get_data(as_text=True)
    assert answer.status_code == 200 and 'id="dw-screen-address"' in text
    address = text.split('id="dw-screen-address"', 1)[1].split("<code>", 1)[1].split("</code>")[0]
    assert "/channels/screen/dws_" in address
    token = address.rsplit("/channels/screen/", 1)[1].strip("/")
    assert town_app.test_client().get(f"/channels/screen/{token}/").status_code == 200
    assert token not in client.get("/admin/screens/").get_data(as_text=True)
