"""Redaction per reader (脱密脱敏, 004 七(三)), with a review check of the test's own (the
contrib plugin is switched off): the masking, who reads the original (the action registry's
``disclosure.read_original``), the addressee shown their own data, findings kept across a
re-run, a PDF withheld, and no statement per row for the public."""

from __future__ import annotations

import re

import pytest
from redacting import PASSWORD, catalog_item, logged_in

from dangwu_core import access, findings, hookimpl, people, redaction
from dangwu_core.attachments import add as add_attachment
from dangwu_core.disclosures import current_version, edit_draft
from dangwu_core.errors import PermissionDenied, ValidationError
from dangwu_core.models import (
    Disclosure,
    DisclosureVersion,
    FindingDecision,
    VersionFinding,
)
from dangwu_core.readers import Reader
from dangwu_core.review import Finding, Outcome, ReviewCheck, Span
from dangwu_core.testing import counting_statements, create_app, start_unit

FINDINGS = {"necessity": "有必要", "accuracy": "准确", "legality": "合规", "secrecy": "已脱敏"}
PHONE = "13912345678"
NUMBER = re.compile(r"(?<!\d)(\d{11})(?!\d)")


class PhoneCheck:
    """Finds 11-digit numbers (in the title, the body and, by file name, a PDF) and asks for
    their redaction, masked as ``139****5678``."""

    @hookimpl
    def dangwu_register_review_checks(self):
        def run(disclosure, version):
            spans = []
            for source, text in (("title", version.title), ("body", version.body)):
                for m in NUMBER.finditer(text):
                    masked = m.group()[:3] + "****" + m.group()[-4:]
                    spans.append(
                        Span(m.start(), m.end(), m.group(), "mobile", "redact", masked, source)
                    )
            for file in disclosure.attachments:
                if file.filename.endswith(".pdf"):
                    spans.append(
                        Span(
                            0,
                            11,
                            "",
                            "mobile",
                            "redact",
                            "139****0000",
                            f"attachment:{file.filename}",
                        )
                    )
            if spans:
                return Finding("test.phone", Outcome.REDACT, "含手机号码", tuple(spans))
            return Finding("test.phone", Outcome.PASS)

        return [ReviewCheck("test.phone", "手机号码审查", "secrecy", run)]


@pytest.fixture
def unit(database_url):
    unit = start_unit(
        database_url, extra_plugins=[("test.phone", PhoneCheck())], disabled_plugins=["review"]
    )
    yield unit
    unit.db.close()


@pytest.fixture
def org(unit):
    org = unit.create_organization(code="P01", name="测试支部", type="testsector_committee")
    for name, role in (
        ("提出人", "proposer"),
        ("审核人", "reviewer"),
        ("审批人", "approver"),
        ("发布人", "publisher"),
    ):
        person = people.create_person(name)
        people.assign_role(person, org, role)
    people.assign_role(people.create_person("党员"), org, "member")
    return org


def who(name):
    return people.Person.get(people.Person.name == name)


def in_review(unit, org, body, *, title="联系方式公示", scope="public", addressees=()):
    channels = ["website"] if scope == "public" else ["party_portal"]
    item = unit.create_draft(
        org, who("提出人"), title, body, scope, channels, catalog_item=catalog_item(),
        addressees=addressees,
    )  # fmt: skip
    unit.fire(item, "propose", who("提出人"))
    unit.fire(item, "start_review", who("审核人"))
    return item


def publish(unit, item):
    for finding in VersionFinding.select():
        if not FindingDecision.select().where(FindingDecision.finding == finding).exists():
            findings.decide(unit, item, finding.id, who("审核人"), "accept")
    unit.fire(item, "pass_review", who("审核人"), findings=FINDINGS)
    unit.fire(item, "approve", who("审批人"))
    unit.fire(item, "publish", who("发布人"))


def test_masking_replaces_each_span_and_merges_overlaps():
    """The suggestion replaces the span; without one, one asterisk per character; an
    overlapping span is merged into the first."""
    spans = [Span(2, 6, suggestion="[A]"), Span(4, 8), Span(10, 12)]
    assert redaction.mask("0123456789abcdef", spans) == "01[A]89**cdef"


def test_what_masks_a_span_redact_unless_overridden_flag_once_accepted():
    """004 七(三): an undecided redaction is in force (nobody has cleared it for the public)."""
    table = {
        (a, d): redaction.in_force(a, d)
        for a in ("redact", "flag", "block")
        for d in (None, "accept", "override")
    }
    assert [k for k, v in table.items() if v] == [
        ("redact", None),
        ("redact", "accept"),
        ("flag", "accept"),
    ]


def test_who_reads_the_original_is_the_action_registrys_answer_004_7_3(unit, org):
    """Those who could read the draft (proposer, the organization's officers as
    ``disclosure.read_original`` names them) read the original; a member and the public read
    the masked text, from the reader's facts."""
    item = in_review(unit, org, f"联系人手机{PHONE}。")
    publish(unit, item)
    version = current_version(item)
    shown = {
        name: access.text_for(who(name), item, version).body
        for name in ("提出人", "审核人", "审批人", "发布人", "党员")
    }
    shown["anonymous"] = access.text_for(None, item, version).body
    original, masked = f"联系人手机{PHONE}。", "联系人手机139****5678。"
    assert shown == {
        "提出人": original, "审核人": original, "审批人": original, "发布人": original,
        "党员": masked, "anonymous": masked,
    }  # fmt: skip
    assert version.body == original  # the stored original is never changed
    narrowed = unit.registry.permissions[access.READ_ORIGINAL]
    assert "member" not in narrowed.roles and "reviewer" in narrowed.roles


def test_the_public_decides_without_a_statement_per_row(unit, org):
    """The hot path: an anonymous reader's text comes from the row and the reader's facts."""
    item = in_review(unit, org, f"联系人手机{PHONE}。", title=f"联系人{PHONE}")
    publish(unit, item)
    version = current_version(item)
    anonymous = Reader(None)
    with counting_statements() as sent:
        for _ in range(20):
            assert access.text_for(anonymous, item, version).title == "联系人139****5678"
            assert access.text_for(anonymous, item).title == "联系人139****5678"
    assert sent == []


def test_an_addressee_sees_their_own_number_and_no_one_elses_004_7_3(unit, org):
    """The person the data is about, where they are an addressee, sees their own data; the
    other numbers stay masked for them."""
    subject = people.create_person("王芳", phone=PHONE)
    other = "13700001111"
    item = in_review(
        unit, org, f"王芳手机{PHONE}，李明手机{other}。", scope="specific", addressees=[subject]
    )
    publish(unit, item)
    version = current_version(item)
    assert access.text_for(subject, item, version).body == f"王芳手机{PHONE}，李明手机137****1111。"
    assert unit.can_read(subject, item)


def test_a_rerun_keeps_decisions_of_unchanged_findings_and_drops_gone_ones(unit, org):
    """Findings are stored at submission and again at approval: a decision survives a re-run
    while its span is still there; a finding whose text is gone goes with its decision."""
    item = in_review(unit, org, f"手机{PHONE}；备用13700001111。")
    first, second = VersionFinding.select().order_by(VersionFinding.start)
    findings.decide(unit, item, first.id, who("审核人"), "accept")
    findings.store(unit, item, current_version(item), "approve")
    assert [f.id for f in VersionFinding.select().order_by(VersionFinding.start)] == [
        first.id,
        second.id,
    ]
    assert FindingDecision.select().count() == 1
    unit.fire(item, "return_for_revision", who("审核人"), comment="删去备用号码")
    edit_draft(unit, item, who("提出人"), body=f"备用号码已删去，手机{PHONE}。")
    unit.fire(Disclosure.get_by_id(item.id), "propose", who("提出人"))
    (kept,) = VersionFinding.select()
    body = current_version(item).body
    assert body[kept.start : kept.end] == PHONE and kept.start != first.start
    assert FindingDecision.select().count() == 0  # its span moved: decided again


def test_a_decision_is_refused_with_one_clear_cause_and_changes_nothing_004_5(unit, org):
    """Overriding needs a reason; the proposer and a member may not decide; a block is the
    approver's. Each refusal leaves the findings as they were."""
    item = in_review(unit, org, f"手机{PHONE}。")
    (finding,) = VersionFinding.select()
    with pytest.raises(ValidationError, match="needs a written reason"):
        findings.decide(unit, item, finding.id, who("审核人"), "override", "  ")
    with pytest.raises(PermissionDenied, match="only a reviewer"):
        findings.decide(unit, item, finding.id, who("提出人"), "accept")
    with pytest.raises(PermissionDenied, match="only a reviewer"):
        findings.decide(unit, item, finding.id, who("党员"), "accept")
    with pytest.raises(ValidationError, match="one of accept, override"):
        findings.decide(unit, item, finding.id, who("审核人"), "ignore")
    VersionFinding.update(action="block").execute()
    with pytest.raises(ValidationError, match="decided by the approver"):
        findings.decide(unit, item, finding.id, who("审核人"), "accept")
    assert FindingDecision.select().count() == 0
    assert DisclosureVersion.get_by_id(current_version(item).id).public_body is not None


def test_a_pdf_with_personal_data_is_withheld_from_the_public_and_the_page_says_why(unit, org):
    """A PDF cannot be safely redacted in place: readers who may not see the original do not
    get it, and the page says why; the reviewer still downloads the stored original."""
    item = unit.create_draft(
        org, who("提出人"), "名单公示", "名单见附件。", "public", ["website"],
        catalog_item=catalog_item(),
    )  # fmt: skip
    pdf = b"%PDF-1.4\n% 13912345678\n%%EOF\n"
    add_attachment(unit, item, "名单.pdf", pdf, who("提出人"))
    unit.fire(item, "propose", who("提出人"))
    unit.fire(item, "start_review", who("审核人"))
    publish(unit, item)
    (file,) = list(item.attachments)
    app = create_app(unit=unit)
    app.config["TESTING"] = True
    page = app.test_client().get(f"/disclosures/{item.id}").get_data(as_text=True)
    assert "名单.pdf" in page and "（含个人信息，无法脱敏，不予提供）" in page
    assert f"/attachments/{file.id}" not in page
    assert app.test_client().get(f"/disclosures/{item.id}/attachments/{file.id}").status_code == 403
    assert findings.file_for(unit, who("审核人"), item, file) == pdf
    assert findings.file_for(unit, None, item, file) is None


def test_the_api_lists_findings_to_the_office_and_takes_the_reviewers_decision_004_7_3(unit, org):
    """Through the API: the findings (offsets, kind, suggestion; never the found text) for
    those who read the original, and the reviewer's decision; an override without a reason is
    one clear error and changes nothing."""
    item = in_review(unit, org, f"联系人手机{PHONE}。")
    app = create_app(unit=unit)
    app.config["TESTING"] = True
    url = f"/api/v1/disclosures/{item.id}/findings"
    assert app.test_client().get(url).status_code == 404  # the public does not read a draft
    people.create_account(who("党员"), "member", PASSWORD)
    people.create_account(who("审核人"), "reviewer", PASSWORD)
    member = logged_in(app, "member")
    assert member.get(url).status_code == 404
    reviewer = logged_in(app, "reviewer")
    (finding,) = reviewer.get(url).get_json()
    assert (finding["kind"], finding["suggestion"], finding["masked"]) == (
        "mobile", "139****5678", True,
    )  # fmt: skip
    assert PHONE not in str(finding) and finding["decision"] is None
    decision = f"{url}/{finding['id']}/decision"
    refused = reviewer.post(decision, json={"decision": "override"})
    assert refused.status_code in (400, 422) and "reason" in refused.get_data(as_text=True)
    assert FindingDecision.select().count() == 0
    answer = reviewer.post(decision, json={"decision": "override", "reason": "支部公开电话"})
    assert answer.status_code == 200
    (decided,) = answer.get_json()
    assert decided["decision"]["kind"] == "override" and decided["masked"] is False
    assert decided["decision"]["by"] == "审核人"


def test_a_republication_reruns_the_checks_and_masks_before_anyone_decides_004_7_3(unit, org):
    """再公开 publishes a new version at once: its checks run again, and a number nobody has
    cleared is masked for the public from the first moment, in the page and in the search
    index (which is written after the findings)."""
    item = in_review(unit, org, "联系人见支部公告栏。")
    publish(unit, item)
    other = "13700001111"
    unit.fire(item, "republish", who("发布人"), comment="补充联系人", body=f"联系人手机{other}。")
    version = current_version(item)
    assert version.number == 2
    assert access.text_for(None, item, version).body == "联系人手机137****1111。"
    app = create_app(unit=unit)
    app.config["TESTING"] = True
    public = app.test_client()
    assert other not in public.get(f"/disclosures/{item.id}").get_data(as_text=True)
    found = public.get("/api/v1/search?q=联系人").get_json()
    assert [h["disclosure"]["id"] for h in found["items"]] == [item.id]
    assert other not in str(found) and "137****1111" in str(found)


def test_an_item_submitted_before_findings_were_stored_gets_them_when_its_reviewer_looks(unit, org):
    """An item already in review when the unit upgraded has no stored findings: its reviewer's
    page stores them, so the redactions can be decided and the review passed."""
    item = in_review(unit, org, f"联系人手机{PHONE}。")
    VersionFinding.delete().execute()
    findings.stored(current_version(item)).delete_instance()
    app = create_app(unit=unit)
    app.config["TESTING"] = True
    people.create_account(who("审核人"), "reviewer", PASSWORD)
    page = logged_in(app, "reviewer").get(f"/admin/disclosure/details/?id={item.id}")
    assert 'id="dw-redactions"' in page.get_data(as_text=True)
    (finding,) = VersionFinding.select()
    findings.decide(unit, item, finding.id, who("审核人"), "accept")
    unit.fire(item, "pass_review", who("审核人"), findings=FINDINGS)
