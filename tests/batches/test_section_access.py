"""Access per section (003 §8(二) with the scopes of 《中国共产党党务公开条例（试行）》): a
party-only section of a public 党务公开日 sheet never reaches a reader outside the party — on
the API, the portal page, the feeds, the search and its files — and reaches a member."""

from __future__ import annotations

import datetime as dt

from web.test_leaks import PASSWORD, _client, public_surfaces

from dangwu_core import attachments, batches, people
from dangwu_core.app import create_app

from .conftest import on, walk

PDF = b"%PDF-1.4\n% section file\n%%EOF\n"
PARTY_WORD = "党费补缴明细"
PUBLIC_WORD = "道路硬化进展"


def published_sheet(branch):
    """March's sheet of TS-B01: public, with a party-only dues section (ZZ-04) carrying a
    file, a public section (FW-01), and a withheld section (LZ-01)."""
    unit, b01 = branch.unit, branch.orgs["TS-B01"]
    with on(dt.date(2026, 3, 2)):
        march = [o for o in batches.due_for_batch(b01, 2026, 3) if o.period_label == "2026-03"]
        sheet = batches.prepare_batch(unit, b01, branch.liaison, 2026, 3, obligations=march)
        parts = {s.catalog_item.code: s for s in batches.sections(sheet)}
        batches.edit_section(unit, parts["ZZ-04"], branch.liaison, body=f"本月{PARTY_WORD}见附件。")
        batches.edit_section(
            unit, parts["FW-01"], branch.liaison, body=f"群众关注的{PUBLIC_WORD}。"
        )
        batches.withhold_section(unit, parts["LZ-01"], branch.liaison, "涉及在办案件")
        sheet = type(sheet).get_by_id(sheet.id)
        dues_file = attachments.add(
            unit, sheet, "dues.pdf", PDF, branch.liaison, section=parts["ZZ-04"].position
        )
        whole_file = attachments.add(unit, sheet, "sheet.pdf", PDF, branch.liaison)
    with on(dt.date(2026, 3, 4)):
        walk(unit, sheet, branch)
    return sheet, parts, dues_file, whole_file


def clients(branch):
    app = create_app(unit=branch.unit)
    people.create_account(branch.member, "member", PASSWORD)
    people.create_account(branch.public, "public", PASSWORD)
    people.create_account(branch.liaison, "liaison", PASSWORD)
    return {
        "anonymous": _client(app, "anonymous"),
        "public": _client(app, "public"),
        "member": _client(app, "member"),
        "liaison": _client(app, "liaison"),
    }


def test_a_party_section_of_a_public_sheet_reaches_only_party_readers_003_8_2(branch):
    """003 §8(二): the sheet is public, its dues section party-only: outside the party the
    sheet shows without that section, its words and its file, on every surface."""
    sheet, parts, dues_file, whole_file = published_sheet(branch)
    readers = clients(branch)
    dues_title = parts["ZZ-04"].title
    for name in ("anonymous", "public"):
        client = readers[name]
        seen = public_surfaces(client, PUBLIC_WORD, "TS-B01")
        assert all(sheet.id in ids for ids in seen.values()), (name, seen)
        hidden = public_surfaces(client, PARTY_WORD, "TS-B01")
        assert sheet.id not in hidden["api search"] | hidden["search page"], name

        detail = client.get(f"/api/v1/disclosures/{sheet.id}").get_json()
        codes = [s["catalog_item"] for s in detail["sections"]]
        assert codes == ["JY-02", "FW-01"], (name, codes)  # the public sections only
        assert [a["filename"] for a in detail["attachments"]] == ["sheet.pdf"]
        page = client.get(f"/disclosures/{sheet.id}").get_data(as_text=True)
        assert PUBLIC_WORD in page and PARTY_WORD not in page and dues_title not in page
        for feed in ("/feed.atom", "/org/TS-B01/feed.atom"):
            text = client.get(feed).get_data(as_text=True)
            assert parts["FW-01"].title in text and dues_title not in text, (name, feed)
        url = f"/api/v1/disclosures/{sheet.id}/attachments/{dues_file.id}"
        assert client.get(url).status_code == 404
        assert client.get(f"/disclosures/{sheet.id}/attachments/{dues_file.id}").status_code == 404
        assert client.get(f"/disclosures/{sheet.id}/attachments/{whole_file.id}").status_code == 200

    member = readers["member"]
    detail = member.get(f"/api/v1/disclosures/{sheet.id}").get_json()
    shown = {s["catalog_item"]: s for s in detail["sections"]}
    assert list(shown) == ["JY-01", "JY-02", "SX-01", "SX-02", "ZZ-04", "FW-01", "LZ-01"]
    assert PARTY_WORD in shown["ZZ-04"]["body"] and shown["ZZ-04"]["scope"] == "party"
    assert sorted(a["filename"] for a in detail["attachments"]) == ["dues.pdf", "sheet.pdf"]
    assert member.get(f"/disclosures/{sheet.id}/attachments/{dues_file.id}").status_code == 200
    assert PARTY_WORD in member.get(f"/disclosures/{sheet.id}").get_data(as_text=True)


def test_a_withheld_section_shows_only_its_notice_to_readers_003_9_2(branch):
    """003 §9(二): a section not suitable for now appears to readers as 暂不宜公开 only; the
    disclosing organization's officers see its content and reason."""
    sheet, _, _, _ = published_sheet(branch)
    readers = clients(branch)
    member = readers["member"].get(f"/api/v1/disclosures/{sheet.id}").get_json()
    withheld = next(s for s in member["sections"] if s["catalog_item"] == "LZ-01")
    assert withheld["withheld"] and withheld["withheld_notice"] == "暂不宜公开"
    assert withheld["body"] is None and withheld["withheld_reason"] == ""
    page = readers["member"].get(f"/disclosures/{sheet.id}").get_data(as_text=True)
    assert "暂不宜公开（已备案）" in page and "涉及在办案件" not in page

    office = readers["liaison"].get(f"/api/v1/disclosures/{sheet.id}").get_json()
    withheld = next(s for s in office["sections"] if s["catalog_item"] == "LZ-01")
    assert withheld["withheld_reason"] == "涉及在办案件" and withheld["body"]


def test_the_openapi_document_describes_sections(branch):
    client = create_app(unit=branch.unit).test_client()
    spec = client.get("/api/v1/openapi.json").get_json()
    schemas = spec["components"]["schemas"]
    detail = next(v for k, v in schemas.items() if k.startswith("DisclosureDetail"))
    assert "sections" in detail["properties"]
    section = next(v for k, v in schemas.items() if k.startswith("Section"))
    assert {"position", "title", "body", "scope", "withheld"} <= set(section["properties"])
