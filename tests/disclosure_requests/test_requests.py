"""依申请公开 (003 §9(三), 000 四(二)): receipt, working-day deadline, completion, extension,
grant or refusal reviewed by the upper organization, filing with the upper organization."""

import datetime as dt

import pytest

from dangwu_core import disclosure_requests as requests
from dangwu_core import people
from dangwu_core.clock import FixedClock, use_clock
from dangwu_core.errors import PermissionDenied, ValidationError
from dangwu_core.models import DisclosureRequest, Event, Filing


@pytest.fixture
def town(unit):
    town = unit.create_organization(code="T", name="中共某镇委员会", type="testsector_committee")
    branch = unit.create_organization(
        code="B", name="某村党支部", type="testsector_branch", parent=town
    )
    head = people.create_person("赵德明")
    people.assign_role(head, branch, "approver")
    liaison = people.create_person("孙丽")
    people.assign_role(liaison, branch, "liaison")
    town_leader = people.create_person("王建国")
    people.assign_role(town_leader, town, "approver")
    member = people.create_person("钱有福")
    people.assign_role(member, branch, "member")
    return unit, town, branch, head, liaison, town_leader, member


def _submit(unit, branch, member, on=dt.datetime(2026, 9, 21, 10, 0)):
    with use_clock(FixedClock(on)):
        return requests.submit(
            unit,
            branch,
            subject="2026年党费使用明细",
            content="申请公开本支部2026年上半年党费使用明细。",
            applicant=member,
        )


def test_request_gets_receipt_and_20_working_day_deadline_and_is_filed_003_9_3(town):
    unit, town_org, branch, *_, member = town
    request = _submit(unit, branch, member)
    assert request.receipt_number.startswith("SQ-20260921-")
    # 20 working days from Monday 21 September 2026 cross Mid-Autumn (25 September) and
    # National Day (1–7 October) off, and Saturday 10 October worked (调休).
    assert request.deadline == dt.date(2026, 10, 26)
    filing = Filing.get(
        (Filing.subject_type == "disclosure_request") & (Filing.subject_id == request.id)
    )
    assert (filing.kind, filing.upper_organization_id) == ("request", town_org.id)


def test_refusal_is_reviewed_by_upper_org_before_the_applicant_is_told_003_9_3(town):
    unit, _town_org, branch, head, liaison, town_leader, member = town
    request = _submit(unit, branch, member)
    requests.acknowledge(request, liaison)
    refused = requests.refuse(request, head, "涉及其他党员个人信息，不宜公开。")
    assert refused.status == "refusal_under_review"
    assert refused.applicant_notified_at is None
    with pytest.raises(PermissionDenied):
        requests.review_refusal(refused, head, upheld=True, opinion="同意")
    final = requests.review_refusal(
        refused, town_leader, upheld=True, opinion="同意不予公开，可公开汇总数。"
    )
    assert final.status == "refused"
    assert final.applicant_notified_at is not None
    told = Event.get(Event.action == "request.notify_applicant")
    assert "同意不予公开" in told.reason
    filing = Filing.get(Filing.kind == "request_refusal")
    assert (filing.status, filing.reviewed_by_id) == ("reviewed", town_leader.id)


def test_completion_pauses_and_restarts_the_clock_and_one_extension(town):
    unit, _, branch, head, liaison, _, member = town
    request = _submit(unit, branch, member)
    paused = requests.ask_completion(request, liaison, "请说明申请公开的具体月份")
    assert requests.timeliness(paused, dt.date(2026, 12, 31)) == "paused"
    with use_clock(FixedClock(dt.datetime(2026, 11, 2, 9, 0))):
        resumed = requests.complete(unit, paused, member, "1月至6月")
    assert resumed.deadline == dt.date(2026, 11, 30)
    extended = requests.extend(unit, resumed, head, "需向镇财政所调取凭证")
    assert extended.deadline == dt.date(2026, 12, 28)
    with pytest.raises(ValidationError, match="already extended"):
        requests.extend(unit, extended, head, "再次延期")
    assert requests.timeliness(extended, dt.date(2026, 12, 24)) == "due_soon"
    assert requests.timeliness(extended, dt.date(2026, 12, 29)) == "overdue"
    granted = requests.grant(extended, head, scope="specific")
    assert (granted.status, granted.grant_scope) == ("granted", "specific")
    assert requests.timeliness(granted) == "decided"


def test_public_may_apply_only_where_the_unit_allows_000_4_2(town):
    unit, _, branch, *_ = town
    before = DisclosureRequest.select().count()
    with pytest.raises(ValidationError, match="party members only"):
        requests.submit(unit, branch, subject="s", content="c", applicant_name="群众甲")
    assert DisclosureRequest.select().count() == before
    open_unit = unit.__class__(
        unit.settings.replace(allow_public_requests=True), unit.pm, unit.registry
    )
    request = requests.submit(
        open_unit, branch, subject="修路资金", content="请公开", applicant_name="群众甲"
    )
    assert not request.applicant_is_member


def test_a_request_with_no_content_is_refused(town):
    unit, _, branch, *_, member = town
    with pytest.raises(ValidationError, match="content"):
        requests.submit(unit, branch, subject="党费", content="   ", applicant=member)


def test_who_takes_each_step_is_the_registrys_answer(town):
    """Issue 12: request handling asks the permission registry; a plugin granting a step to
    another role (``dangwu_extend_action``) changes the service and the admin's buttons."""
    from dangwu_core import access, permissions
    from dangwu_core.permissions import Permissions

    unit, _town_org, branch, _head, liaison, _town_leader, member = town
    request = requests.acknowledge(_submit(unit, branch, member), liaison)
    assert "grant" not in access.request_actions(liaison, request)
    with pytest.raises(PermissionDenied):
        requests.grant(request, liaison, reason="可以公开")
    core = unit.registry.permissions
    widened = Permissions({**core, "request.grant": core["request.grant"].granted_to("liaison")})
    with permissions.active(widened):
        assert "grant" in access.request_actions(liaison, request)
        granted = requests.grant(request, liaison, reason="可以公开")
    assert granted.status == "granted"
