"""The seeds' procedures walked end to end through the public Python API (no rows written).

Each test names the paragraph it follows. 003 §9(三)'s refused request reviewed by the upper
organization is walked in ``tests/disclosure_requests/test_requests.py``; 004 五's propose →
review → approve → publish → archive in ``test_procedure.py``.
"""

from __future__ import annotations

import datetime as dt

import pytest
from catalogs.sample import MARCH_10, build_town, manifest
from pinned import install_unsigned

from dangwu_core import changes, demands, disclosure_requests, feedback, people, tick
from dangwu_core.clock import FixedClock, use_clock
from dangwu_core.errors import GuardRefused, PermissionDenied, ValidationError
from dangwu_core.models import (
    CatalogItem,
    DisclosureVersion,
    Event,
    Filing,
    Obligation,
    ObligationStatus,
    Reminder,
)

from .conftest import FINDINGS, make_item, person


def _events(subject_id, subject="disclosure"):
    return [
        e.action
        for e in Event.select()
        .where((Event.subject_type == subject) & (Event.subject_id == subject_id))
        .order_by(Event.id)
    ]


@pytest.fixture
def county_town(unit):
    """000: 仙女镇党委 under the county; its departments, office, leadership; a member."""
    county = unit.create_organization(code="county", name="中共某县委", type="testsector_committee")
    town = unit.create_organization(
        code="xn", name="中共测试单位委员会", type="testsector_committee", parent=county
    )
    ns = type("Town", (), {})()
    ns.unit, ns.county, ns.town = unit, county, town
    ns.department = people.create_person("组织办干事")
    people.assign_role(ns.department, town, "proposer", department="组织办")
    ns.office = person("党务公开办公室", town, "reviewer", "publisher", "liaison")
    ns.leader = person("领导小组组长", town, "approver")
    ns.county_leader = person("县委组织部", county, "approver")
    ns.member = person("党员王某", town, "member")
    return ns


def test_000_4_1_1_town_procedure_apply_review_approve_publish_feedback_republish(county_town):
    """000 四(一)1: (1) a department applies; (2) the office reviews first, the leadership
    approves — important items by collective decision, items needing the upper organization
    escalated; (3) the office publishes; (4) feedback is handled and answered; (5) changed
    content is re-published with the reason."""
    t = county_town
    unit = t.unit
    routine = make_item("XN-01", scope="public")
    important = make_item("XN-02", important=True)
    upper = make_item("XN-03", needs_upper_approval=True)

    def apply(item, title):
        d = unit.create_draft(t.town, t.department, title, "正文。", "public", ["website"],
                              catalog_item=item, department="组织办")  # fmt: skip
        unit.fire(d, "propose", t.department)  # (1) 申报
        unit.fire(d, "start_review", t.office)  # (2) 初审
        unit.fire(d, "pass_review", t.office, findings=FINDINGS)
        return d

    d = apply(routine, "2026年第一季度党员发展情况")
    assert d.department == "组织办"
    with pytest.raises(PermissionDenied):
        unit.fire(d, "approve", t.office)  # the office reviews, the leadership approves
    unit.fire(d, "approve", t.leader)
    unit.fire(d, "publish", t.office)  # (3) 执行
    assert unit.can_read(None, d)

    big = apply(important, "镇党委年度工作要点")
    with pytest.raises(GuardRefused, match="collective decision"):
        unit.fire(big, "approve", t.leader)
    decision = {"meeting": "镇党委会", "date": "2026-03-02", "decision": "同意公开"}
    unit.fire(big, "approve", t.leader, collective_decision=decision)
    assert (
        Event.get(Event.action == "disclosure.approve", Event.subject_id == big.id).payload[
            "collective_decision"
        ]
        == decision
    )

    high = apply(upper, "镇党委换届选举结果")
    with pytest.raises(GuardRefused, match="escalate"):
        unit.fire(high, "approve", t.leader)
    unit.fire(high, "escalate", t.leader, comment="按规定报县委审核")
    assert Filing.get(Filing.subject_id == high.id).upper_organization_id == t.county.id
    unit.fire(high, "approve_upper", t.county_leader)
    unit.fire(high, "publish", t.office)
    assert high.state == "published"

    # (4) 意见反馈: a named member's opinion on the disclosure, answered; he is told
    opinion = feedback.submit(unit, t.town, "发展对象名单应注明培养联系人。", reporter=t.member,
                              disclosure=d)  # fmt: skip
    feedback.assign(opinion, t.office, t.department)
    answered = feedback.answer(opinion, t.office, "已补充培养联系人，将再公开。")
    assert answered.reporter_notified_at is not None
    # (5) 再公开 with the reason
    with pytest.raises(ValidationError, match="reason"):
        unit.fire(d, "republish", t.office, body="补充后的内容")
    unit.fire(d, "republish", t.office, comment="根据党员意见补充培养联系人", body="补充后的内容")
    assert d.current_version == 2
    latest = DisclosureVersion.get(DisclosureVersion.disclosure == d, DisclosureVersion.number == 2)
    assert latest.reason == "根据党员意见补充培养联系人"
    assert _events(d.id)[-1] == "disclosure.republish"


def test_000_4_2_request_accepted_by_office_decided_by_leadership_then_disclosed(county_town):
    """000 四(二): the office accepts a request, the leadership decides; granted, it is
    disclosed by the ordinary procedure; refused, the applicant is given the explanation."""
    t = county_town
    unit = t.unit
    request = disclosure_requests.submit(
        unit, t.town, subject="党费使用", content="申请公开2026年党费使用情况。", applicant=t.member
    )
    with pytest.raises(PermissionDenied):
        disclosure_requests.grant(request, t.office)  # the office accepts, not decides
    request = disclosure_requests.acknowledge(request, t.office)
    item = make_item("XN-09", scope="unit")
    d = unit.create_draft(t.town, t.department, "2026年党费使用情况", "收支明细。", "unit",
                          ["party_portal"], catalog_item=item)  # fmt: skip
    for name, actor, options in [
        ("propose", t.department, {}),
        ("start_review", t.office, {}),
        ("pass_review", t.office, {"findings": FINDINGS}),
        ("approve", t.leader, {}),
        ("publish", t.office, {}),
    ]:
        unit.fire(d, name, actor, **options)
    granted = disclosure_requests.grant(request, t.leader, scope="unit", disclosure=d)
    assert (granted.status, granted.disclosure_id) == ("granted", d.id)
    assert granted.applicant_notified_at is not None
    assert unit.can_read(t.member, d)

    other = disclosure_requests.submit(
        unit, t.town, subject="干部档案", content="申请公开某干部档案。", applicant=t.member
    )
    disclosure_requests.acknowledge(other, t.office)
    refused = disclosure_requests.refuse(other, t.leader, "涉及干部个人档案，不予公开。")
    # the town's refusal goes to the county first (003 §9(三)); upheld, the member is told why
    upheld = disclosure_requests.review_refusal(
        refused, t.county_leader, upheld=True, opinion="同意不予公开"
    )
    assert upheld.status == "refused"
    assert "request.notify_applicant" in _events(other.id, "disclosure_request")


@pytest.fixture
def catalogued(unit):
    """003/001: a catalog issued by the town (in the deployment) for its village branches."""
    with use_clock(FixedClock(MARCH_10)):
        orgs = build_town(unit)
        install_unsigned(unit, manifest())
    ns = type("Catalogued", (), {})()
    ns.unit, ns.town, ns.branch = unit, orgs["TS"], orgs["TS-B01"]
    ns.town_leader = person("镇党委书记", ns.town, "approver")
    ns.liaison = person("村联络员", ns.branch, "liaison")
    ns.reviewer = person("支部委员", ns.branch, "reviewer")
    ns.secretary = person("村支书", ns.branch, "approver")
    ns.publisher = person("村公开员", ns.branch, "publisher")
    return ns


def _obligation(ns, code, label):
    item = CatalogItem.get(CatalogItem.code == code)
    return Obligation.get(
        (Obligation.organization == ns.branch) & (Obligation.catalog_item == item)
        & (Obligation.period_label == label)
    )  # fmt: skip


def _disclose(ns, obligation=None, title="第一季度党费收缴使用情况", until="publish", **fields):
    unit = ns.unit
    if obligation is not None:
        fields["obligation"] = obligation
    d = unit.create_draft(ns.branch, ns.liaison, title, "收缴12人，支出0元。", "public",
                          ["website"], **fields)  # fmt: skip
    steps = [
        ("propose", ns.liaison, {}),
        ("start_review", ns.reviewer, {}),
        ("pass_review", ns.reviewer, {"findings": FINDINGS}),
        ("approve", ns.secretary, {}),
        ("publish", ns.publisher, {}),
    ]
    for name, actor, options in steps:
        unit.fire(d, name, actor, **options)
        if name == until:
            break
    return d


def test_003_9_2_routine_disclosure_fulfils_the_catalog_obligation_on_time(catalogued):
    """003 §9(二) 例行公开: an item of the catalog is disclosed by its due date."""
    ns = catalogued
    q1 = _obligation(ns, "FW-01", "2026-Q1")
    with use_clock(FixedClock(dt.datetime(2026, 3, 20, 9, 0))):
        d = _disclose(ns, q1)
    assert Obligation.get_by_id(q1.id).status == ObligationStatus.ON_TIME
    assert d.catalog_item.code == "FW-01"


def test_003_9_2_not_suitable_for_now_is_filed_with_the_upper_org(catalogued):
    """003 §9(二): 暂时不宜公开的，报上一级党组织备案 — and the tick leaves it alone."""
    ns = catalogued
    q1 = _obligation(ns, "FW-01", "2026-Q1")
    with use_clock(FixedClock(dt.datetime(2026, 3, 20, 9, 0))):
        d = _disclose(ns, q1, until="pass_review")
        with pytest.raises(ValidationError, match="reason"):
            ns.unit.fire(d, "defer", ns.secretary)
        ns.unit.fire(d, "defer", ns.secretary, comment="涉及正在调查的事项，暂不宜公开")
    filing = Filing.get((Filing.subject_id == d.id) & (Filing.kind == "not_suitable"))
    assert (filing.upper_organization_id, filing.body) == (
        ns.town.id,
        "涉及正在调查的事项，暂不宜公开",
    )
    with use_clock(FixedClock(dt.datetime(2026, 5, 6, 9, 0))):
        tick.tick(ns.unit)
    assert Obligation.get_by_id(q1.id).status == ObligationStatus.NOT_SUITABLE


def test_001_4_2_out_of_catalog_needs_the_issuers_approved_plan(catalogued):
    """001 四.2 / 003 §6(二): 目录外需要公开的事项 须经制定公开目录的党组织审核同意."""
    ns = catalogued
    d = _disclose(ns, title="村部改造工程招标结果", until="approve", catalog_item=None)
    with pytest.raises(GuardRefused, match="work plan"):
        ns.unit.fire(d, "publish", ns.publisher)
    from dangwu_core import disclosures

    plan = disclosures.submit_plan(ns.unit, d, ns.liaison, "公开范围：全村；形式：公开栏。")
    assert plan.upper_organization_id == ns.town.id  # the catalog's issuer
    with pytest.raises(PermissionDenied):
        disclosures.decide_plan(ns.unit, plan, ns.secretary, approved=True, opinion="同意")
    disclosures.decide_plan(ns.unit, plan, ns.town_leader, approved=True, opinion="同意按方案公开")
    ns.unit.fire(d, "publish", ns.publisher)
    assert d.state == "published"


def test_001_4_2_change_and_revoke_need_the_issuers_approval(catalogued):
    """001 四.2 / 003 §9(二): 须变更、撤销、终止的事项，须经制定公开目录的党组织审核同意 —
    asked for with reasons, decided by the issuer, each approval used once."""
    ns = catalogued
    unit = ns.unit
    d = _disclose(ns, catalog_item=CatalogItem.get(CatalogItem.code == "FW-01"))
    with pytest.raises(GuardRefused, match="needs the approval of 中共测试单位委员会"):
        unit.fire(d, "republish", ns.publisher, comment="数字更正", body="收缴11人。")
    ask = changes.request_change(unit, d, ns.liaison, "change", "收缴人数统计有误")
    assert ask.upper_organization_id == ns.town.id
    with pytest.raises(PermissionDenied):
        changes.decide_change(unit, ask, ns.secretary, approved=True, opinion="同意")
    changes.decide_change(unit, ask, ns.town_leader, approved=True, opinion="同意更正")
    unit.fire(d, "republish", ns.publisher, comment="数字更正", body="收缴11人。")
    assert d.current_version == 2
    # the approval is used up: a second change needs a second approval
    with pytest.raises(GuardRefused, match="needs the approval"):
        unit.fire(d, "republish", ns.publisher, comment="再次更正", body="收缴10人。")
    # 撤销: refused by the issuer, then approved
    no = changes.request_change(unit, d, ns.secretary, "revoke", "活动取消")
    changes.decide_change(unit, no, ns.town_leader, approved=False, opinion="不同意，应保留")
    with pytest.raises(GuardRefused, match="needs the approval"):
        unit.fire(d, "withdraw", ns.secretary, comment="活动取消")
    yes = changes.request_change(unit, d, ns.secretary, "revoke", "活动确已取消")
    changes.decide_change(unit, yes, ns.town_leader, approved=True, opinion="同意撤销并说明")
    unit.fire(d, "withdraw", ns.secretary, comment="活动确已取消，经镇党委批准撤销")
    assert d.state == "withdrawn"
    assert [a for a in _events(d.id) if "change" in a] == [
        "disclosure.change_request", "disclosure.change_decide",
        "disclosure.change_request", "disclosure.change_decide",
        "disclosure.change_request", "disclosure.change_decide",
    ]  # fmt: skip


def test_004_5_1_an_officer_demands_a_proposal_the_department_sees_it(catalogued):
    """004 五(一): 对应当公开而未提出公开的事项，党的组织应要求有关部门提出公开意见."""
    ns = catalogued
    unit = ns.unit
    q1 = _obligation(ns, "FW-01", "2026-Q1")
    with pytest.raises(PermissionDenied):
        demands.demand_proposal(unit, q1, ns.liaison, "请提出")
    with pytest.raises(ValidationError, match="reason"):
        demands.demand_proposal(unit, q1, ns.town_leader, " ")
    event = demands.demand_proposal(unit, q1, ns.town_leader, "第一季度党费情况尚未提出公开")
    assert [e.id for e in demands.demands_of(q1)] == [event.id]
    assert [d.obligation.id for d in demands.demands_for(unit, ns.liaison)] == [q1.id]
    assert demands.demands_for(unit, ns.secretary) == []
    assert Reminder.get(Reminder.recipient == ns.liaison.id).subject_id == q1.id
    # once proposed the demand is answered and cannot be repeated
    _disclose(ns, q1, until="propose")
    assert demands.demands_for(unit, ns.liaison) == []
    with pytest.raises(ValidationError, match="proposed already"):
        demands.demand_proposal(unit, q1, ns.secretary, "再次督促")
