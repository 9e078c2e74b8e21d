"""意见反馈 (003 §9(四), 001 四.3): received with a receipt, handled, answered, reporters told."""

import datetime as dt

import pytest

from dangwu_core import feedback, people
from dangwu_core.audit import verify
from dangwu_core.clock import FixedClock, use_clock
from dangwu_core.errors import PermissionDenied, ValidationError
from dangwu_core.models import Event, Feedback


@pytest.fixture
def town(unit):
    town = unit.create_organization(code="T", name="中共某镇委员会", type="testsector_committee")
    branch = unit.create_organization(
        code="B", name="某村党支部", type="testsector_branch", parent=town
    )
    office = people.create_person("李秀英")
    people.assign_role(office, town, "reviewer", reaches_down=True)
    secretary = people.create_person("王建国")
    people.assign_role(secretary, town, "approver", reaches_down=True)
    member = people.create_person("钱有福")
    people.assign_role(member, branch, "member")
    return unit, town, branch, office, secretary, member


def test_named_reporter_gets_receipt_and_is_told_the_result_003_9_4(town):
    unit, _, branch, office, _, member = town
    with use_clock(FixedClock(dt.datetime(2026, 9, 28, 9, 0))):
        item = feedback.submit(
            unit,
            branch,
            "党费使用明细能否再细一些？",
            reporter_kind="member",
            reporter=member,
            reporter_contact="13800000000",
        )
    assert item.receipt_number.startswith("FK-20260928-")
    # 15 working days from 28 September 2026 skip the National Day holiday (1–7 October)
    # and count Saturday 10 October, a make-up working day (调休).
    assert item.due_date == dt.date(2026, 10, 23)
    feedback.assign(item, office, office)
    answered = feedback.answer(item, office, "已在本月公开栏补充明细。")
    assert answered.status == "answered"
    assert answered.reporter_notified_at is not None
    actions = [e.action for e in Event.select().where(Event.subject_type == "feedback")]
    assert actions == [
        "feedback.submit",
        "feedback.assign",
        "feedback.answer",
        "feedback.notify_reporter",
    ]
    assert feedback.by_receipt(item.receipt_number).answer == "已在本月公开栏补充明细。"
    assert verify() == []


def test_anonymous_feedback_names_nobody_and_nobody_is_notified(town):
    unit, _, branch, office, _, _ = town
    item = feedback.submit(unit, branch, "公开栏更新不及时", anonymous=True)
    assert (item.reporter_id, item.reporter_name) == (None, "")
    answered = feedback.answer(item, office, "已督促按月更新。")
    assert answered.reporter_notified_at is None
    with pytest.raises(ValidationError, match="cannot name"):
        feedback.submit(unit, branch, "x", anonymous=True, reporter_name="张三")


def test_important_opinion_goes_to_the_leadership_001_4_3(town):
    unit, _, branch, office, secretary, _member = town
    item = feedback.submit(
        unit, branch, "村集体资产处置未公开", reporter_kind="investor", reporter_name="某客商"
    )
    item = feedback.escalate(item, office, "涉及集体资产，报领导小组")
    assert (item.important, item.escalated) == (True, True)
    with pytest.raises(PermissionDenied, match="leadership"):
        feedback.answer(item, office, "已处理")
    answered = feedback.answer(item, secretary, "领导小组已研究，下周公开处置方案。")
    assert answered.reporter_notified_at is not None


def test_only_officers_of_the_organization_handle_feedback(town):
    unit, _, branch, _, _, member = town
    item = feedback.submit(unit, branch, "建议增加电子屏", reporter=member)
    with pytest.raises(PermissionDenied):
        feedback.assign(item, member, member)


@pytest.mark.parametrize(
    "kwargs, cause",
    [
        ({"body": "  "}, "content"),
        ({"body": "x", "reporter_kind": "alien"}, "reporter kind"),
        ({"body": "x"}, "reporter's name"),
    ],
)
def test_bad_feedback_is_refused_and_nothing_is_written(town, kwargs, cause):
    unit, _, branch, *_ = town
    before = (Feedback.select().count(), Event.select().count())
    with pytest.raises(ValidationError, match=cause):
        feedback.submit(unit, branch, **kwargs)
    assert (Feedback.select().count(), Event.select().count()) == before
