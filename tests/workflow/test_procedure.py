"""The default procedure (004 五), walked through the public API only."""

from __future__ import annotations

import datetime as dt

import pytest

from dangwu_core.clock import FixedClock, use_clock
from dangwu_core.disclosures import current_version
from dangwu_core.errors import GuardRefused, InvalidTransition, ValidationError
from dangwu_core.models import Disclosure, Event, Filing, Obligation

from .conftest import FINDINGS, make_item, make_obligation, walk


def events(disclosure):
    return list(
        Event.select()
        .where((Event.subject_type == "disclosure") & (Event.subject_id == disclosure.id))
        .order_by(Event.id)
    )


def test_propose_review_approve_publish_archive_004_5(town):
    unit = town.unit
    item = make_item(display_months=6)
    obligation = make_obligation(town.town, item, due=dt.date(2026, 3, 31))
    with use_clock(FixedClock(dt.datetime(2026, 3, 20, 9, 0))):
        d = town.draft(catalog_item=item, obligation=obligation)
        assert (d.workflow, d.state) == ("dangwu.default", "draft")
        assert unit.available_transitions(d, town.proposer) == ["propose", "cancel"]
        unit.fire(d, "propose", town.proposer)
        assert unit.available_transitions(d, town.reviewer) == ["start_review"]
        unit.fire(d, "start_review", town.reviewer)
        unit.fire(d, "pass_review", town.reviewer, findings=FINDINGS, comment="同意公开")
        assert d.state == "awaiting_approval"
        unit.fire(d, "approve", town.approver, comment="同意")
        unit.fire(d, "publish", town.publisher)
    assert d.state == "published"
    assert d.published_at == dt.datetime(2026, 3, 20, 1, 0)
    assert (d.display_from, d.display_until) == (dt.date(2026, 3, 20), dt.date(2026, 9, 20))
    assert current_version(d).published_at == d.published_at
    fulfilled = Obligation.get_by_id(obligation.id)
    assert fulfilled.status == "on_time" and fulfilled.fulfilled_at is not None
    unit.fire(d, "archive", town.publisher)
    assert Disclosure.get_by_id(d.id).state == "archived"

    trail = events(d)
    assert [(e.action, e.from_state, e.to_state) for e in trail] == [
        ("disclosure.create", "", "draft"),
        ("disclosure.propose", "draft", "submitted"),
        ("disclosure.start_review", "submitted", "in_review"),
        ("disclosure.pass_review", "in_review", "awaiting_approval"),
        ("disclosure.approve", "awaiting_approval", "approved"),
        ("disclosure.publish", "approved", "published"),
        ("disclosure.archive", "published", "archived"),
    ]
    review = trail[3]
    assert review.actor_id == town.reviewer.id and review.reason == "同意公开"
    assert review.payload["findings"]["secrecy"] == {
        "passed": True,
        "opinion": FINDINGS["secrecy"],
    }
    assert set(review.payload["findings"]) == {"necessity", "accuracy", "legality", "secrecy"}
    assert trail[5].payload["obligation"] == {"id": obligation.id, "status": "on_time"}


def test_publishing_after_the_due_date_marks_the_obligation_late(town):
    item = make_item()
    obligation = make_obligation(town.town, item, due=dt.date(2026, 3, 31))
    with use_clock(FixedClock(dt.datetime(2026, 4, 8, 9, 0))):
        d = walk(town, town.draft(obligation=obligation), "publish")
    assert d.catalog_item_id == item.id
    assert Obligation.get_by_id(obligation.id).status == "late"


def test_a_transition_from_the_wrong_state_is_refused_and_changes_nothing(town):
    d = town.draft()
    with pytest.raises(InvalidTransition, match=r"cannot be done .* possible now: propose"):
        town.unit.fire(d, "approve", town.approver)
    with pytest.raises(InvalidTransition, match="has no transition 'rubber_stamp'"):
        town.unit.fire(d, "rubber_stamp", town.approver)
    assert Disclosure.get_by_id(d.id).state == "draft"
    assert len(events(d)) == 1


@pytest.mark.parametrize("name", ["return_for_revision", "refuse"])
def test_sending_back_or_refusing_needs_a_reason(town, name):
    d = walk(town, town.draft(), "start_review")
    with pytest.raises(ValidationError, match="needs a comment"):
        town.unit.fire(d, name, town.reviewer)
    town.unit.fire(d, name, town.reviewer, comment="数据需核实")
    assert events(d)[-1].reason == "数据需核实"


def test_review_records_all_four_findings_004_5_2(town):
    d = walk(town, town.draft(), "start_review")
    partial = {k: v for k, v in FINDINGS.items() if k != "legality"}
    with pytest.raises(GuardRefused, match=r"legality \(法规\)") as refused:
        town.unit.fire(d, "pass_review", town.reviewer, findings=partial)
    assert refused.value.guard == "review_findings_complete"
    failed = {**FINDINGS, "secrecy": {"passed": False, "opinion": "含个人身份证号"}}
    with pytest.raises(GuardRefused, match=r"secrecy .* did not pass: 含个人身份证号"):
        town.unit.fire(d, "pass_review", town.reviewer, findings=failed)
    assert Disclosure.get_by_id(d.id).state == "in_review"


def test_returned_item_is_edited_and_proposed_again(town):
    d = walk(town, town.draft(), "start_review")
    town.unit.fire(d, "return_for_revision", town.reviewer, comment="补充收缴明细")
    from dangwu_core.disclosures import edit_draft

    d = edit_draft(town.unit, d, town.proposer, body="应缴12人，实缴12人，明细附后。")
    assert current_version(d).body.startswith("应缴12人")
    walk(town, d, "publish")
    assert d.state == "published"


def test_republish_adds_a_version_with_its_reason_000_4_1_5(town):
    d = walk(town, town.draft(), "publish")
    with pytest.raises(ValidationError, match="needs a comment"):
        town.unit.fire(d, "republish", town.publisher, body="更正后的内容")
    with pytest.raises(GuardRefused, match="needs the changed content"):
        town.unit.fire(d, "republish", town.publisher, comment="数据更正")
    town.unit.fire(d, "republish", town.publisher, comment="数据更正", body="实缴11人。")
    assert d.state == "published" and d.current_version == 2
    version = current_version(d)
    assert (version.body, version.reason, version.number) == ("实缴11人。", "数据更正", 2)
    assert events(d)[-1].payload["version"] == 2


def test_scope_widens_party_then_public_and_never_narrows(town):
    d = walk(town, town.draft(scope="party", channels=["party_portal"]), "publish")
    with pytest.raises(GuardRefused, match="cannot carry"):
        town.unit.fire(d, "widen_scope", town.publisher, comment="先党内后党外", scope="public")
    town.unit.fire(
        d,
        "widen_scope",
        town.publisher,
        comment="先党内后党外",
        scope="public",
        channels=["website"],
    )
    assert (d.scope, d.channels) == ("public", ["website"])
    with pytest.raises(GuardRefused, match="only widens"):
        town.unit.fire(
            d,
            "widen_scope",
            town.publisher,
            comment="收回",
            scope="party",
            channels=["party_portal"],
        )


def test_withdraw_needs_a_reason_and_takes_it_off_the_portal(town):
    d = walk(town, town.draft(), "publish")
    assert town.unit.can_read(None, d)
    with pytest.raises(ValidationError):
        town.unit.fire(d, "withdraw", town.approver)
    town.unit.fire(d, "withdraw", town.approver, comment="内容有误，撤销")
    assert d.state == "withdrawn"
    assert not town.unit.can_read(None, d)


def test_expire_waits_for_the_end_of_the_display_window(town):
    item = make_item(display_months=6)
    with use_clock(FixedClock(dt.datetime(2026, 1, 5, 9, 0))):
        d = walk(town, town.draft(catalog_item=item), "publish")
        with pytest.raises(GuardRefused, match="on display until 2026-07-05"):
            town.unit.fire(d, "expire", town.publisher)
    with use_clock(FixedClock(dt.datetime(2026, 7, 6, 9, 0))):
        town.unit.fire(d, "expire", town.publisher)
    assert d.state == "expired"


def test_out_of_catalog_item_needs_an_approved_plan_003_6_2(town):
    unit = town.unit
    d = town.draft(
        town.branch,
        town.liaison,
        catalog_item=None,
        title="村级活动场所改造方案",
        body="拟改造村党群服务中心。",
    )
    assert d.catalog_item_id is None
    unit.fire(d, "propose", town.liaison)
    unit.fire(d, "start_review", town.secretary)
    unit.fire(d, "pass_review", town.secretary, findings=FINDINGS)
    unit.fire(d, "approve", town.secretary)
    with pytest.raises(GuardRefused, match="work plan") as refused:
        unit.fire(d, "publish", town.branch_publisher)
    assert refused.value.guard == "plan_approved_if_out_of_catalog"

    from dangwu_core.disclosures import decide_plan, submit_plan

    filing = submit_plan(unit, d, town.liaison, "公开内容、范围、时间、方式……")
    assert (filing.kind, filing.upper_organization_id) == ("implementation_plan", town.town.id)
    with pytest.raises(Exception, match="may not decide"):
        decide_plan(unit, filing, town.secretary, approved=True, opinion="同意")
    decide_plan(unit, filing, town.approver, approved=True, opinion="同意按方案公开")
    unit.fire(d, "publish", town.branch_publisher)
    assert d.state == "published"
    assert events(d)[-1].payload["plan_filing"] == filing.id
    assert Filing.get_by_id(filing.id).status == "reviewed"


def test_an_immediate_item_is_shown_for_working_days(town):
    item = make_item("P01", time_limit="immediate", display_days=5)
    with use_clock(FixedClock(dt.datetime(2026, 3, 20, 9, 0))):  # a Friday
        d = walk(town, town.draft(catalog_item=item, title="任前公示"), "publish")
    assert (d.display_from, d.display_until) == (dt.date(2026, 3, 20), dt.date(2026, 3, 27))
