"""依申请公开 as 000 四(二) describes it, through ``dangwu_core.disclosure_requests``:
the town office (or a branch's head) accepts; the leadership group (or the branch committee)
decides; a refusal is explained to the applicant; the public may apply where the unit allows."""

from __future__ import annotations

import pytest
from villages_town import build_town

from dangwu_core.testing import start_unit
from dangwu_core.toolkit import (
    Event,
    PermissionDenied,
    ValidationError,
    acknowledge_request,
    grant_request,
    refuse_request,
    review_refusal,
    submit_request,
)


@pytest.fixture
def open_town(sqlite_url):
    """A town that accepts requests from the public (对群众申请公开的党内事务, 000 四(二))."""
    unit = start_unit(sqlite_url, allow_public_requests=True)
    yield build_town(unit)
    unit.db.close()


def test_the_public_applies_the_office_accepts_the_leadership_group_decides_000_4_2(open_town):
    town = open_town
    request = submit_request(
        town.unit,
        town.town,
        subject="镇惠民资金使用情况",
        content="申请公开本年度惠民资金分配方案。",
        applicant_name="村民张三",
        applicant_contact="13800000000",
    )
    assert not request.applicant_is_member
    request = acknowledge_request(request, town.office)  # the office accepts (受理)
    with pytest.raises(PermissionDenied):  # the office does not decide
        grant_request(request, town.office)
    request = grant_request(request, town.secretary, scope="public")  # the leadership group
    assert request.status == "granted"
    told = Event.select().where(
        (Event.action == "request.notify_applicant") & (Event.subject_id == request.id)
    )
    assert told.count() == 1


def test_a_branch_head_accepts_and_a_refusal_is_explained_to_the_applicant_000_4_2(open_town):
    town = open_town
    request = submit_request(
        town.unit,
        town.branch,
        subject="党员个人党费缴纳明细",
        content="申请公开支部全体党员个人党费缴纳明细。",
        applicant_name="村民李四",
    )
    request = acknowledge_request(request, town.branch_secretary)  # 基层党组织主要负责人
    reasons = "涉及其他党员个人信息，可公开汇总数，不公开个人明细。"
    request = refuse_request(request, town.branch_secretary, reasons)
    # 003 §9(三): the upper organization reviews the refusal before the applicant is told
    request = review_refusal(request, town.secretary, upheld=True, opinion="同意")
    assert (request.status, request.decision_reason) == ("refused", reasons)
    explained = Event.get(
        (Event.action == "request.notify_applicant") & (Event.subject_id == request.id)
    )
    assert "不予公开" in explained.reason and request.applicant_notified_at is not None


def test_without_the_setting_only_party_members_may_apply_000_4_2(town):
    """Core refuses the public unless ``allow_public_requests``: a town following 000 sets it."""
    with pytest.raises(ValidationError, match="party members only"):
        submit_request(
            town.unit, town.town, subject="某事", content="申请公开。", applicant_name="群众"
        )
