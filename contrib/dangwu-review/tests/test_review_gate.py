"""The secrecy gate on SQLite and PostgreSQL: a block stops approval until the approver
overrides it with a written reason; an uncertain classification goes to the organization above
and waits for its decision (004 七(三)); the review records its secrecy finding from the checks'
outcome (004 五(二))."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from dangwu_core.toolkit import (
    GuardRefused,
    InvalidTransition,
    PermissionDenied,
    ValidationError,
    assign_role,
    create_person,
    events_of,
    override_block,
)

FINDINGS = {
    "necessity": "属目录事项，应当公开",
    "accuracy": "内容与会议记录一致",
    "legality": "符合党内法规",
    "secrecy": "经保密审查",
}
MARKED = "机密★5年\n关于调整支部委员分工的通知。"
UNCLEAR = "秘密★\n关于调整支部委员分工的通知。"


def _person(name, org, *roles):
    someone = create_person(name)
    for role in roles:
        assign_role(someone, org, role)
    return someone


@pytest.fixture
def branch(any_unit):
    """A committee and a branch under it, with the branch's officers and the committee's
    approver (the organization above)."""
    committee = any_unit.create_organization(code="c", name="测试党委", type="testsector_committee")
    org = any_unit.create_organization(
        code="b", name="第一支部", type="testsector_branch", parent="c"
    )
    ns = SimpleNamespace(unit=any_unit, committee=committee, org=org)
    ns.proposer = _person("支部联络员", org, "proposer", "liaison")
    ns.reviewer = _person("支部委员", org, "reviewer")
    ns.approver = _person("支部书记", org, "approver")
    ns.office = _person("公开员", org, "publisher")
    ns.upper = _person("党委书记", committee, "approver")
    return ns


def in_review(ns, body):
    item = ns.unit.create_draft(ns.org, ns.proposer, "支部委员分工", body, "party", ["meeting"])
    ns.unit.fire(item, "propose", ns.proposer)
    ns.unit.fire(item, "start_review", ns.reviewer)
    return item


def actions(item):
    return [e.action for e in events_of("disclosure", item.id)]


def test_a_marking_blocks_until_the_approver_overrides_it_with_a_reason_004_7_3(branch):
    """004 七(三): what bears a classification marking is not published; only the approver
    may let it go on, with a written reason, recorded as an audit event — the office and the
    reviewer may not — and then review and approval pass."""
    ns = branch
    item = in_review(ns, MARKED)
    with pytest.raises(GuardRefused, match=r"blocks it: .*only the approver"):
        ns.unit.fire(item, "pass_review", ns.reviewer, findings=FINDINGS)
    for someone in (ns.reviewer, ns.office, ns.proposer):
        with pytest.raises(PermissionDenied, match="only its approver"):
            override_block(ns.unit, item, someone, "已核实为公开件")
    with pytest.raises(ValidationError, match="written reason"):
        override_block(ns.unit, item, ns.approver, "  ")
    assert "disclosure.block_overridden" not in actions(item)

    event = override_block(ns.unit, item, ns.approver, "原件密级已解除，经书记核实")
    assert (event.actor_id, event.reason) == (ns.approver.id, "原件密级已解除，经书记核实")
    assert "机密★5年" not in json.dumps(event.payload, ensure_ascii=False)
    with pytest.raises(ValidationError, match="nothing blocks"):
        override_block(ns.unit, item, ns.approver, "再次")

    ns.unit.fire(item, "pass_review", ns.reviewer, findings=FINDINGS)
    ns.unit.fire(item, "approve", ns.approver)
    assert item.state == "approved"
    passed = next(e for e in events_of("disclosure", item.id) if e.transition == "pass_review")
    assert passed.payload["secrecy_review"]["outcome"] == "blocked_overridden"
    approved = next(e for e in events_of("disclosure", item.id) if e.transition == "approve")
    secrecy = {c["check"]: c for c in approved.payload["checks"]}["review.secrecy"]
    assert secrecy["overridden"] == event.id


def test_a_clean_review_records_its_secrecy_finding_as_passed_004_5_2(branch):
    """004 五(二): 保密审查 is part of 审核; its finding is filled from the checks' outcome."""
    item = in_review(branch, "本季度应缴党费12人，实缴12人。")
    branch.unit.fire(item, "pass_review", branch.reviewer, findings=FINDINGS)
    event = events_of("disclosure", item.id)[-1]
    assert event.payload["secrecy_review"] == {"outcome": "passed", "label": "保密审查：通过"}


def test_an_uncertain_classification_goes_up_and_waits_for_the_decision_004_7_3(branch):
    """004 七(三): a marking without a valid period is an uncertain classification: the item
    goes to the organization above (which asks the secrecy administration, 保密行政管理部门),
    appears in its worklist, and cannot be approved — nor overridden — until it decides."""
    ns = branch
    item = in_review(ns, UNCLEAR)
    with pytest.raises(GuardRefused, match=r"保密行政管理部门.*refer_classification"):
        ns.unit.fire(item, "pass_review", ns.reviewer, findings=FINDINGS)
    with pytest.raises(ValidationError, match="nothing blocks"):
        override_block(ns.unit, item, ns.approver, "我认为可以公开")

    ns.unit.fire(item, "refer_classification", ns.reviewer, comment="密级标志无保密期限")
    assert item.state == "classification_referred"
    assert ns.unit.available_transitions(item, ns.upper) == [
        "classify_disclosable",
        "classify_redact",
        "classify_withhold",
    ]
    assert ns.unit.available_transitions(item, ns.approver) == []
    with pytest.raises(InvalidTransition):
        ns.unit.fire(item, "approve", ns.approver)
    with pytest.raises(PermissionDenied):
        ns.unit.fire(item, "classify_disclosable", ns.approver, comment="本支部认为可以")

    ns.unit.fire(item, "classify_disclosable", ns.upper, comment="经保密行政管理部门确认，非密")
    assert item.state == "in_review"
    decided = events_of("disclosure", item.id)[-1]
    assert decided.actor_id == ns.upper.id and decided.reason.startswith("经保密行政管理部门")
    assert decided.payload["classification"]["decision"] == "disclosable"
    ns.unit.fire(item, "pass_review", ns.reviewer, findings=FINDINGS)
    assert events_of("disclosure", item.id)[-1].payload["secrecy_review"]["outcome"] == (
        "escalated_decided"
    )
    ns.unit.fire(item, "approve", ns.approver)
    assert item.state == "approved"


def test_the_reviewer_refers_a_document_of_unclear_classification_004_7_3(branch):
    """004 七(三): the reviewer's own doubt refers the item upward too; the organization above
    may decide it may not be disclosed, with a reason, and the item is refused."""
    ns = branch
    item = in_review(ns, "关于某项工作的内部情况通报。")
    with pytest.raises(ValidationError, match="reason"):
        ns.unit.fire(item, "refer_classification", ns.reviewer)
    ns.unit.fire(item, "refer_classification", ns.reviewer, comment="内容可能涉密，请上级确定")
    ns.unit.fire(item, "classify_withhold", ns.upper, comment="属工作秘密，不得公开")
    assert item.state == "refused"
    event = events_of("disclosure", item.id)[-1]
    assert event.payload["classification"]["decision"] == "withhold"
