"""Issue 16's second "Done when": an ID number planted in a draft's body and one in a .docx
attachment are found at review, redacted when the reviewer accepts, absent from every public
surface of the published item (page, API detail and list, search, feed, ledger, the file) and
present in the original for the reviewer — through the real surfaces, on SQLite and
PostgreSQL (004 七(三): 脱密脱敏 before publication, members' personal privacy protected)."""

from __future__ import annotations

import csv
import io

import docx
import pytest
from redacting import CSRF, PASSWORD, catalog_item, logged_in

from dangwu_core import people
from dangwu_core.attachments import add as add_attachment
from dangwu_core.errors import GuardRefused
from dangwu_core.models import (
    Event,
    FindingDecision,
    VersionFinding,
)
from dangwu_core.testing import create_app

pytest.importorskip("dangwu_review")  # the checks that find ID numbers (contrib/dangwu-review)

ID_BODY, ID_FILE = "11010519491231002X", "110108198001010015"
MOBILE = "13800138000"
MASKED_BODY, MASKED_FILE, MASKED_MOBILE = "110105********002X", "110108********0015", "138****8000"
FINDINGS = {
    "necessity": "属目录事项，应当公开",
    "accuracy": "内容与会议记录一致",
    "legality": "符合党内法规",
    "secrecy": "个人信息已按建议脱敏",
}


def docx_bytes(*paragraphs) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def docx_text(data: bytes) -> str:
    return "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)


def _person(org, name, username, role):
    person = people.create_person(name)
    people.assign_role(person, org, role)
    people.create_account(person, username, PASSWORD)
    return person


@pytest.fixture
def branch(any_unit):
    """A branch with its proposer, reviewer, approver and publisher, each with a login."""
    org = any_unit.create_organization(code="R01", name="测试第一支部", type="testsector_committee")
    return {
        "unit": any_unit,
        "org": org,
        "proposer": _person(org, "孙丽", "proposer", "proposer"),
        "reviewer": _person(org, "陈光荣", "reviewer", "reviewer"),
        "approver": _person(org, "赵德明", "approver", "approver"),
        "publisher": _person(org, "李秀英", "publisher", "publisher"),
    }


def in_review(b):
    unit = b["unit"]
    item = unit.create_draft(
        b["org"],
        b["proposer"],
        f"党费收缴情况公示（联系电话{MOBILE}）",
        f"王芳同志（身份证号{ID_BODY}）已按期缴纳党费。党费收缴名单见附件。",
        "public",
        ["website"],
        catalog_item=catalog_item(),
    )
    add_attachment(
        unit, item, "名单.docx", docx_bytes("党费收缴名单", f"李明 {ID_FILE}"), b["proposer"]
    )
    unit.fire(item, "propose", b["proposer"])
    unit.fire(item, "start_review", b["reviewer"])
    return item


def decide(client, item, finding_id, decision, reason=""):
    page = client.get(f"/admin/disclosure/details/?id={item.id}").get_data(as_text=True)
    found = CSRF.search(page) or CSRF.search(
        client.get("/admin/disclosure/").get_data(as_text=True)
    )
    token = found.group(1)
    return client.post(
        "/admin/disclosure/finding/",
        data={
            "id": item.id,
            "finding": finding_id,
            "decision": decision,
            "reason": reason,
            "csrf_token": token,
        },
    )


def test_id_numbers_in_body_and_docx_are_redacted_on_every_public_surface_004_7_3(branch):
    """004 七(三): found at review, redacted on acceptance, absent from every public surface
    of the published item, present in the original for the reviewer."""
    b, unit = branch, branch["unit"]
    item = in_review(b)
    app = create_app(unit=unit)
    app.config["TESTING"] = True
    reviewer = logged_in(app, "reviewer")

    # found at review: stored with the version, shown to the reviewer with the decision buttons
    page = reviewer.get(f"/admin/disclosure/details/?id={item.id}").get_data(as_text=True)
    assert 'id="dw-redactions"' in page and "接受脱敏" in page
    found = {(f.kind, f.source): f for f in VersionFinding.select()}
    assert set(found) >= {
        ("id_card", "body"),
        ("id_card", "attachment:名单.docx"),
        ("mobile", "title"),
    }
    assert not [f for f in found.values() if ID_BODY in f.digest or ID_FILE in f.digest]
    with pytest.raises(GuardRefused, match="decide each redaction"):
        unit.fire(item, "pass_review", b["reviewer"], findings=FINDINGS)

    # accepted, one by one, through the admin page: each an audit event without the number
    for finding in found.values():
        assert decide(reviewer, item, finding.id, "accept").status_code == 302
    events = [e for e in Event.select() if e.action == "disclosure.finding_decided"]
    assert len(events) == len(found) and {e.payload["decision"] for e in events} == {"accept"}
    assert all(ID_BODY not in str(e.payload) and ID_FILE not in str(e.payload) for e in events)
    unit.fire(item, "pass_review", b["reviewer"], findings=FINDINGS)
    unit.fire(item, "approve", b["approver"])
    unit.fire(item, "publish", b["publisher"])

    public = logged_in(app)
    (docx_file,) = list(item.attachments)
    surfaces = {
        "page": f"/disclosures/{item.id}",
        "api detail": f"/api/v1/disclosures/{item.id}",
        "api versions": f"/api/v1/disclosures/{item.id}/versions",
        "api list": "/api/v1/disclosures",
        "home": "/",
        "organization": "/org/R01",
        "search": "/search?q=党费",
        "api search": "/api/v1/search?q=党费",
        "feed": "/feed.atom",
    }
    for name, url in surfaces.items():
        response = public.get(url)
        assert response.status_code == 200, name
        text = response.get_data(as_text=True)
        assert ID_BODY not in text and ID_FILE not in text and MOBILE not in text, name
        assert MASKED_MOBILE in text or name in ("feed",), name
    page = public.get(surfaces["page"]).get_data(as_text=True)
    assert MASKED_BODY in page and "（个人信息已脱敏）" in page
    assert public.get(f"/api/v1/disclosures/{item.id}").get_json()["body"].count(MASKED_BODY) == 1
    hits = public.get("/api/v1/search?q=党费").get_json()["items"]
    assert [h["disclosure"]["id"] for h in hits] == [item.id]
    assert public.get(f"/api/v1/search?q={ID_BODY}").get_json()["total"] == 0
    assert MASKED_BODY in public.get("/feed.atom").get_data(as_text=True)

    download = public.get(f"/disclosures/{item.id}/attachments/{docx_file.id}")
    assert download.status_code == 200
    copy = docx_text(download.data)
    assert ID_FILE not in copy and f"李明 {MASKED_FILE}" in copy

    # the ledger the office exports (a register handed on) carries the public's title
    publisher = logged_in(app, "publisher")
    ledger = publisher.get(
        f"/admin/ledgers/?org={b['org'].id}&ledger=disclosure-register&format=csv"
    )
    assert ledger.status_code == 200
    rows = list(csv.reader(io.StringIO(ledger.get_data(as_text=True).lstrip("\ufeff"))))
    assert any(f"党费收缴情况公示（联系电话{MASKED_MOBILE}）" in row for row in rows)
    assert MOBILE not in ledger.get_data(as_text=True)

    # the original, for the reviewer: the portal page, the file, the admin page
    page = reviewer.get(surfaces["page"]).get_data(as_text=True)
    assert ID_BODY in page and MOBILE in page
    original = reviewer.get(f"/disclosures/{item.id}/attachments/{docx_file.id}")
    assert ID_FILE in docx_text(original.data)
    admin = reviewer.get(f"/admin/disclosure/details/?id={item.id}").get_data(as_text=True)
    assert ID_BODY in admin and "已接受脱敏" in admin


def test_an_override_needs_a_reason_and_shows_the_original_004_7_3(branch):
    """004 七(三): the reviewer may decide a finding is no personal data to protect (a public
    office telephone), with a written reason; without one nothing changes."""
    b, unit = branch, branch["unit"]
    item = in_review(b)
    app = create_app(unit=unit)
    app.config["TESTING"] = True
    reviewer = logged_in(app, "reviewer")
    mobile = VersionFinding.get(VersionFinding.kind == "mobile")
    before = Event.select().count()
    decide(reviewer, item, mobile.id, "override")
    assert FindingDecision.select().count() == 0 and Event.select().count() == before
    decide(reviewer, item, mobile.id, "override", "该号码为支部办公电话，已对外公布")
    (decision,) = FindingDecision.select()
    assert (decision.kind, decision.by_id) == ("override", b["reviewer"].id)
    event = Event.select().order_by(Event.id.desc()).first()
    assert event.action == "disclosure.finding_decided" and event.reason.startswith("该号码")
    for finding in VersionFinding.select().where(VersionFinding.id != mobile.id):
        decide(reviewer, item, finding.id, "accept")
    unit.fire(item, "pass_review", b["reviewer"], findings=FINDINGS)
    unit.fire(item, "approve", b["approver"])
    unit.fire(item, "publish", b["publisher"])
    page = logged_in(app).get(f"/disclosures/{item.id}").get_data(as_text=True)
    assert MOBILE in page and ID_BODY not in page and MASKED_BODY in page


def test_the_proposer_may_not_decide_their_own_items_findings_004_5(branch):
    """004 五: separation of duties — the proposer does not clear their own item's findings."""
    b = branch
    item = in_review(b)
    app = create_app(unit=b["unit"])
    app.config["TESTING"] = True
    proposer = logged_in(app, "proposer")
    finding = VersionFinding.get(VersionFinding.kind == "id_card", VersionFinding.source == "body")
    response = decide(proposer, item, finding.id, "accept")
    assert response.status_code == 302
    page = proposer.get(response.headers["Location"]).get_data(as_text=True)
    assert "only a reviewer of" in page and "接受脱敏" not in page
    assert FindingDecision.select().count() == 0
