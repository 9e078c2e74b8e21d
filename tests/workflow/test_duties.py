"""Who may fire what: roles, separation of duties, collective decisions, the upper org."""

from __future__ import annotations

import pytest

from dangwu_core import people
from dangwu_core.errors import GuardRefused, PermissionDenied
from dangwu_core.models import Disclosure, Event, Filing, Obligation

from .conftest import FINDINGS, make_item, make_obligation, person, walk

#: For each transition of the default workflow: the state to try it from, whoever may fire it
#: (attribute of the ``town`` fixture) and input it needs.
DEFAULT_STEPS = {
    "propose": ("draft", "proposer", {}),
    "cancel": ("draft", "proposer", {"comment": "不再公开"}),
    "start_review": ("submitted", "reviewer", {}),
    "pass_review": ("in_review", "reviewer", {"findings": FINDINGS}),
    "return_for_revision": ("in_review", "reviewer", {"comment": "修改"}),
    "refuse": ("in_review", "reviewer", {"comment": "不宜"}),
    "approve": ("awaiting_approval", "approver", {}),
    "reject": ("awaiting_approval", "approver", {"comment": "不同意"}),
    "escalate": ("awaiting_approval", "approver", {"comment": "报上级"}),
    "defer": ("awaiting_approval", "approver", {"comment": "暂不宜公开"}),
    "refer_classification": ("in_review", "reviewer", {"comment": "密级不明确"}),
    "publish": ("approved", "publisher", {}),
    "republish": ("published", "publisher", {"comment": "更正", "body": "新内容"}),
    "withdraw": ("published", "approver", {"comment": "撤销"}),
    "supersede": ("published", "publisher", {"comment": "被替代"}),
    "archive": ("published", "publisher", {}),
    "archive_undisclosed": ("refused", "publisher", {}),
}
OTHER_OFFICERS = ["proposer", "reviewer", "approver", "publisher", "member", "liaison"]


def at_state(town, state, **fields):
    """A town disclosure put in ``state`` (test set-up, bypassing the engine)."""
    d = town.draft(**fields)
    Disclosure.update(state=state).where(Disclosure.id == d.id).execute()
    return Disclosure.get_by_id(d.id)


def test_every_default_transition_is_covered(town):
    definition = town.unit.registry.workflows.get("dangwu.default")
    uncovered = set(definition.transitions) - set(DEFAULT_STEPS)
    # Those need another organization's officer or a moved clock: tested on their own below.
    assert uncovered == {
        "approve_upper",
        "refuse_upper",
        "classify_disclosable",
        "classify_redact",
        "classify_withhold",
        "reopen",
        "widen_scope",
        "expire",
    }


@pytest.mark.parametrize("name", sorted(DEFAULT_STEPS))
def test_roles_that_must_not_fire_a_transition_are_denied(town, name):
    state, allowed, options = DEFAULT_STEPS[name]
    definition = town.unit.registry.workflows.get("dangwu.default")
    d = at_state(town, state)
    for role in OTHER_OFFICERS:
        if role == allowed or role in definition.transitions[name].roles:
            continue
        with pytest.raises(PermissionDenied, match="needs the role"):
            town.unit.fire(d, name, getattr(town, role), **options)
        assert name not in town.unit.available_transitions(d, getattr(town, role))
    with pytest.raises(PermissionDenied):
        town.unit.fire(d, name, None, **options)
    # An officer of the branch below holds nothing on the town.
    with pytest.raises(PermissionDenied):
        town.unit.fire(d, name, town.secretary, **options)
    assert Disclosure.get_by_id(d.id).state == state
    town.unit.fire(d, name, getattr(town, allowed), **options)


def test_a_role_reaching_down_from_the_town_acts_on_the_branch(town):
    inspector = person("镇公开办审核员", town.town, "reviewer", reaches_down=True)
    d = town.draft(town.branch, town.liaison)
    town.unit.fire(d, "propose", town.liaison)
    assert town.unit.available_transitions(d, inspector) == ["start_review"]
    town.unit.fire(d, "start_review", inspector)
    assert d.state == "in_review"


def test_the_proposer_never_reviews_or_approves_their_own_item(town):
    both = person("身兼数职的委员", town.town, "proposer", "reviewer", "approver")
    d = town.draft(who=both)
    town.unit.fire(d, "propose", both)
    assert town.unit.available_transitions(d, both) == ["cancel"]
    with pytest.raises(GuardRefused, match="separation of duties") as refused:
        town.unit.fire(d, "start_review", both)
    assert refused.value.guard == "not_proposer"
    town.unit.fire(d, "start_review", town.reviewer)
    town.unit.fire(d, "pass_review", town.reviewer, findings=FINDINGS)
    with pytest.raises(GuardRefused, match="separation of duties"):
        town.unit.fire(d, "approve", both)
    town.unit.fire(d, "approve", town.approver)


def test_a_superuser_is_an_admin_but_not_an_approver(town):
    root = people.create_person("系统管理员")
    people.create_account(root, "root", "a-long-password", superuser=True)
    d = walk(town, town.draft(), "pass_review")
    with pytest.raises(PermissionDenied):
        town.unit.fire(d, "approve", root)
    town.unit.fire(d, "approve", town.approver)
    town.unit.fire(d, "publish", town.publisher)
    town.unit.fire(d, "archive", root)
    assert d.state == "archived"


def test_important_items_need_a_collective_decision_004_5_3(town):
    item = make_item(important=True)
    d = walk(town, town.draft(catalog_item=item), "pass_review")
    assert d.important
    with pytest.raises(GuardRefused, match="collective decision") as refused:
        town.unit.fire(d, "approve", town.approver)
    assert refused.value.guard == "collective_decision_if_important"
    decision = {"meeting": "镇党委会议", "date": "2026-03-18", "decision": "同意公开"}
    town.unit.fire(d, "approve", town.approver, collective_decision=decision)
    event = Event.select().order_by(Event.id.desc()).first()
    assert event.payload["collective_decision"] == decision


def test_the_reviewer_may_flag_an_item_important(town):
    d = walk(town, town.draft(), "start_review")
    town.unit.fire(d, "pass_review", town.reviewer, findings=FINDINGS, flag_important=True)
    assert Disclosure.get_by_id(d.id).important
    with pytest.raises(GuardRefused, match="important item"):
        town.unit.fire(d, "approve", town.approver)


def test_items_beyond_authority_are_escalated_to_the_upper_org_004_5_3(town):
    unit = town.unit
    item = make_item(needs_upper_approval=True)
    d = town.draft(town.branch, town.liaison, catalog_item=item)
    unit.fire(d, "propose", town.liaison)
    unit.fire(d, "start_review", town.secretary)
    unit.fire(d, "pass_review", town.secretary, findings=FINDINGS)
    with pytest.raises(GuardRefused, match="escalate it"):
        unit.fire(d, "approve", town.secretary)
    unit.fire(d, "escalate", town.secretary, comment="按规定报镇党委审批")
    filing = Filing.get((Filing.subject_type == "disclosure") & (Filing.subject_id == d.id))
    assert (filing.upper_organization_id, filing.status) == (town.town.id, "filed")
    # The branch's own approver cannot decide for the upper organization.
    with pytest.raises(PermissionDenied, match="of the parent organization"):
        unit.fire(d, "approve_upper", town.secretary)
    assert unit.available_transitions(d, town.approver) == ["approve_upper", "refuse_upper"]
    assert unit.can_read(town.approver, d)
    unit.fire(d, "approve_upper", town.approver, comment="同意")
    assert d.state == "approved"
    filing = Filing.get_by_id(filing.id)
    assert (filing.status, filing.reviewed_by_id) == ("reviewed", town.approver.id)


def test_the_upper_org_may_refuse_an_escalated_item_with_reasons(town):
    d = town.draft(town.branch, town.liaison)
    for name, actor, options in [
        ("propose", town.liaison, {}),
        ("start_review", town.secretary, {}),
        ("pass_review", town.secretary, {"findings": FINDINGS}),
        ("escalate", town.secretary, {"comment": "涉及多村"}),
    ]:
        town.unit.fire(d, name, actor, **options)
    town.unit.fire(d, "refuse_upper", town.approver, comment="涉密，不予公开")
    assert d.state == "refused"


def test_not_suitable_is_filed_with_the_upper_org_003_9_2(town):
    unit = town.unit
    item = make_item()
    obligation = make_obligation(town.branch, item)
    d = town.draft(town.branch, town.liaison, obligation=obligation)
    unit.fire(d, "propose", town.liaison)
    unit.fire(d, "start_review", town.secretary)
    unit.fire(d, "defer", town.secretary, comment="涉及正在调查的案件，暂不宜公开")
    assert d.state == "not_suitable"
    filing = Filing.get((Filing.subject_type == "disclosure") & (Filing.subject_id == d.id))
    assert filing.kind == "not_suitable"
    assert filing.organization_id == town.branch.id
    assert filing.upper_organization_id == town.town.id
    assert filing.body == "涉及正在调查的案件，暂不宜公开"
    assert Obligation.get_by_id(obligation.id).status == "not_suitable"
    assert town.unit.can_read(town.approver, d)  # the upper organization sees what it was filed
    unit.fire(d, "reopen", town.liaison, comment="案件已办结")
    assert d.state == "draft"
