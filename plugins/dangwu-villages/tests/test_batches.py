"""A village branch's month on the 党务公开日 sheet (003 §8(二)): the items due on the first
Friday listed, one sheet prepared by the liaison, reviewed by the branch committee, approved
by the secretary, handed over and published by the town office (000 四(一)2), every covered
obligation fulfilled on time; a section withheld with its filing (003 §9(二)) and one
re-published with its reason (000 四(一)1(5))."""

from __future__ import annotations

import datetime as dt

import pytest
from dangwu_villages.plugin import COUNTY_STANDARD
from villages_town import FINDINGS, build_town

from dangwu_core.toolkit import (
    Disclosure,
    Event,
    Filing,
    FixedClock,
    Obligation,
    ObligationStatus,
    disclosure_day,
    due_for_batch,
    get_clock,
    prepare_batch,
    republish_sections,
    sections,
    use_clock,
    withhold_section,
)

DECISION = {"meeting": "支部委员会", "date": "2026-03-03", "decision": "同意公开"}


def on(day: dt.date):
    tz = get_clock().tz
    return use_clock(FixedClock(dt.datetime(day.year, day.month, day.day, 10, tzinfo=tz)))


@pytest.fixture
def village(unit):
    with on(dt.date(2026, 1, 2)):
        ns = build_town(unit)
        unit.install_catalog_template(COUNTY_STANDARD)
    return ns


def march_of(ns):
    due = due_for_batch(ns.branch, 2026, 3, workflows=ns.unit.registry.workflows)
    return [o for o in due if o.period_label == "2026-03"]


def through_the_town(ns, sheet, publish_on):
    """000 四(一)2: liaison → committee → secretary → liaison hands over → town office."""
    unit = ns.unit
    unit.fire(sheet, "propose", ns.liaison)
    unit.fire(sheet, "start_review", ns.committee)
    unit.fire(sheet, "pass_review", ns.committee, findings=FINDINGS)
    unit.fire(sheet, "approve", ns.branch_secretary, collective_decision=DECISION)
    unit.fire(sheet, "hand_over", ns.liaison)
    with on(publish_on):
        unit.fire(sheet, "publish", ns.office)
    return sheet


def test_a_branch_month_on_one_sheet_published_by_the_town_office_003_8_2(village):
    """003 §8(二): the monthly items are due on the first Friday (6 March 2026); one sheet
    covers them, goes through the branch's procedure once and is published by the town
    office; each obligation is fulfilled on time, one event each."""
    unit = village.unit
    with on(dt.date(2026, 3, 2)):
        march = march_of(village)
        assert len(march) >= 5 and {o.due_date for o in march} == {dt.date(2026, 3, 6)}
        assert disclosure_day(unit, village.branch, 2026, 3) == dt.date(2026, 3, 6)
        sheet = prepare_batch(unit, village.branch, village.liaison, 2026, 3, obligations=march)
        assert sheet.title == "某村第一党支部2026年3月党务公开"
        assert [s.obligation_id for s in sections(sheet)] == [o.id for o in march]
        through_the_town(village, sheet, dt.date(2026, 3, 5))
    assert sheet.state == "published"
    statuses = {Obligation.get_by_id(o.id).status for o in march}
    assert statuses == {ObligationStatus.ON_TIME}
    fulfilled = Event.select().where(
        (Event.action == "obligation.fulfil") & Event.subject_id.in_([o.id for o in march])
    )
    assert fulfilled.count() == len(march)


def test_a_withheld_section_and_a_republished_one_003_9_2(village):
    """003 §9(二): a section not suitable for now is filed with the town (the upper
    organization) and its obligation is 暂不宜公开; 000 四(一)1(5): the town office
    re-publishes one section with its reason, the others unchanged in the new version."""
    unit = village.unit
    with on(dt.date(2026, 3, 2)):
        march = march_of(village)
        sheet = prepare_batch(unit, village.branch, village.liaison, 2026, 3, obligations=march)
        dues = next(s for s in sections(sheet) if s.catalog_item.code == "ZZ-04")
        filing = withhold_section(unit, dues, village.liaison, "党费账目正在核对")
        assert filing.upper_organization_id == village.general.id
        sheet = Disclosure.get_by_id(sheet.id)
        through_the_town(village, sheet, dt.date(2026, 3, 5))
    dues_obligation = Obligation.get_by_id(dues.obligation_id)
    assert dues_obligation.status == ObligationStatus.NOT_SUITABLE
    assert Filing.get_by_id(filing.id).body == "党费账目正在核对"
    others = {Obligation.get_by_id(o.id).status for o in march if o.id != dues.obligation_id}
    assert others == {ObligationStatus.ON_TIME}

    hot = next(s for s in sections(sheet) if s.catalog_item.code == "FW-01")
    with on(dt.date(2026, 3, 12)):
        republish_sections(
            unit,
            sheet,
            village.office,
            {hot: {"body": "更正后的办理情况。", "reason": "补充办理结果"}},
        )
    sheet = Disclosure.get_by_id(sheet.id)
    before, after = sections(sheet, version=1), sections(sheet)
    assert sheet.current_version == 2 and len(after) == len(before)
    assert [(s.catalog_item.code, s.reason, s.body) for s in after if s.reason] == [
        ("FW-01", "补充办理结果", "更正后的办理情况。")
    ]
    assert [(s.title, s.body, s.withheld) for s in after if s.catalog_item.code != "FW-01"] == [
        (s.title, s.body, s.withheld) for s in before if s.catalog_item.code != "FW-01"
    ]
