"""The checks registered through ``dangwu_register_review_checks`` run in the review (审核) of
a disclosure: core's guard refuses to pass the review while personal data is unredacted or a
marking blocks, and the admin highlights what they found (004 五(二): the secrecy review is
part of 审核; 004 七(三): secrecy review, de-sensitizing, escalation)."""

from __future__ import annotations

import io
import re

import docx
import pytest
from corpus import id_check

from dangwu_core.testing import create_app
from dangwu_core.toolkit import (
    Disclosure,
    GuardRefused,
    Organization,
    add_attachment,
    assign_role,
    build_demo,
    create_person,
    current_version,
    events_of,
    get_person,
    run_check,
)

FINDINGS = {
    "necessity": "属目录事项，应当公开",
    "accuracy": "内容与会议记录一致",
    "legality": "符合党内法规",
    "secrecy": "不涉及国家秘密和个人隐私",
}
ID_BODY, ID_FILE = "11010519491231002X", "11010819800101001" + id_check("11010819800101001")


def in_review(unit, body, *, files=()):
    """A draft of the first branch, proposed and taken into review by its committee."""
    branch = Organization.get(Organization.code == "TS-B01")
    item = unit.create_draft(
        branch, get_person("sunl"), "党费收缴情况公示", body, "party", ["meeting"]
    )
    for name, data in files:
        add_attachment(unit, item, name, data, get_person("sunl"))
    unit.fire(item, "propose", get_person("sunl"))
    unit.fire(item, "start_review", get_person("chengr"))
    return item


def docx_bytes(*paragraphs):
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_the_plugin_registers_its_checks(unit):
    names = set(unit.registry.review_checks)
    assert {"review.secrecy", "review.personal_data", "review.sensitive_words"} <= names


def test_an_id_number_in_the_body_and_in_a_docx_asks_for_redaction_004_7_3(demo):
    """004 七(三): members' personal data is de-sensitized before publication: an ID number
    in the body and one in a .docx attachment are both found, with masked suggestions."""
    item = in_review(
        demo,
        f"王芳同志（身份证号{ID_BODY}）已缴纳党费。",
        files=[("名单.docx", docx_bytes("党费收缴名单", f"李明 {ID_FILE}"))],
    )
    with pytest.raises(GuardRefused, match="asks for redaction") as refused:
        demo.fire(item, "pass_review", get_person("chengr"), findings=FINDINGS)
    message = str(refused.value)
    assert "正文身份证号码（建议：110105********002X）" in message
    assert f"附件“名单.docx”身份证号码（建议：110108********{ID_FILE[-4:]}）" in message
    assert ID_BODY not in message and ID_FILE not in message
    assert item.state == "in_review"


def test_the_admin_highlights_the_findings_for_the_reviewer_004_5_2(demo):
    """004 五(二): the reviewer sees each finding in the text, with its check's name and the
    suggested redaction."""
    item = in_review(demo, f"联系人王芳，手机13800138000，身份证号{ID_BODY}。")
    app = create_app(unit=demo)
    app.config["TESTING"] = True
    client = app.test_client()
    page = client.get("/party/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    client.post(
        "/party/login", data={"username": "chengr", "password": "dangwu-demo", "csrf_token": token}
    )
    page = client.get(f"/admin/disclosure/details/?id={item.id}").get_data(as_text=True)
    mark = '<mark class="dw-finding" title="个人信息审查：{}">{}</mark>'
    assert mark.format("138****8000", "13800138000") in page
    assert mark.format("110105********002X", ID_BODY) in page


def test_a_classification_marking_blocks_the_review_004_7_3(demo):
    """004 七(三): what bears a classification marking is not published."""
    item = in_review(demo, "机密★5年\n关于调整支部委员分工的通知。")
    with pytest.raises(GuardRefused, match="blocks it: 含正文密级标志“机密★5年”，不得公开"):
        demo.fire(item, "pass_review", get_person("chengr"), findings=FINDINGS)


def test_an_unclear_marking_refers_the_item_upward_004_7_3(demo):
    """004 七(三): an unclear classification goes to the organization above, which asks the
    secrecy administration; until then the item cannot pass."""
    item = in_review(demo, "秘密★\n关于调整支部委员分工的通知。")
    with pytest.raises(GuardRefused, match="保密行政管理部门") as refused:
        demo.fire(item, "pass_review", get_person("chengr"), findings=FINDINGS)
    assert "refer it to the upper organization" in str(refused.value)


def test_a_clean_text_passes_and_the_event_records_what_was_flagged(demo):
    """Sensitive words only flag: the review passes, and its event stores each span's kind,
    action and place but never the found text."""
    item = in_review(demo, "本季度应缴党费12人，实缴12人，未发现群体性事件苗头。")
    demo.fire(item, "pass_review", get_person("chengr"), findings=FINDINGS)
    event = events_of("disclosure", item.id)[-1]
    checks = {c["check"]: c for c in event.payload["checks"]}
    assert checks["review.secrecy"]["outcome"] == "pass"
    assert checks["review.personal_data"]["outcome"] == "pass"
    (span,) = checks["review.sensitive_words"]["spans"]
    assert (span["kind"], span["action"], span["source"]) == ("sensitive_word", "flag", "body")
    assert "text" not in span


def test_attachments_are_read_from_the_database_004_7_3(any_unit):
    """On SQLite and PostgreSQL: the checks read the files of the version under review, and
    an unreadable one is named for a manual review instead of failing the check."""
    org = any_unit.create_organization(code="u", name="测试党委", type="testsector_committee")
    proposer = create_person("组织委员")
    assign_role(proposer, org, "proposer")
    item = any_unit.create_draft(org, proposer, "名单公示", "见附件。", "party", ["meeting"])
    add_attachment(any_unit, item, "名单.docx", docx_bytes(f"李明 {ID_FILE}"), proposer)
    add_attachment(any_unit, item, "扫描件.pdf", b"%PDF-1.4\n% no text\n", proposer)
    checks = any_unit.registry.review_checks
    version = current_version(item)
    personal = run_check(checks["review.personal_data"], item, version, any_unit)
    assert [(s.kind, s.source, s.text) for s in personal.spans] == [
        ("id_card", "attachment:名单.docx", ID_FILE)
    ]
    secrecy = run_check(checks["review.secrecy"], item, version, any_unit)
    assert secrecy.outcome == "pass" and "扫描件.pdf: 无法读取文字" in secrecy.message


def test_the_villages_demo_shows_a_finding_in_review(unit):
    """Every shipped sector's demo runs the review: the villages demo has an item in review
    whose contact's mobile number asks for redaction."""
    pytest.importorskip("dangwu_villages")
    build_demo(unit, "villages")
    item = Disclosure.get(Disclosure.title == "镇党员干部教育培训计划")
    check = unit.registry.review_checks["review.personal_data"]
    finding = run_check(check, item, current_version(item), unit)
    assert finding.outcome == "redact"
    assert [(s.kind, s.suggestion) for s in finding.spans] == [("mobile", "138****5678")]
