"""003 §8(二): 每月第一周星期五 is the county's 党务公开日; monthly items fall due on it."""

from __future__ import annotations

import datetime as dt

from dangwu_villages.due_dates import disclosure_day, first_friday

from dangwu_core.testing import start_unit
from dangwu_core.toolkit import (
    Catalog,
    CatalogItem,
    FixedClock,
    Obligation,
    WorkCalendar,
    build_demo,
    periods,
    use_clock,
)

D = dt.date


def test_a_month_starting_on_a_saturday_has_its_disclosure_day_on_the_7th_003_8_2():
    """The first Friday dated in the month: August 2026 starts on a Saturday → 7 August;
    months starting on a Sunday → the 6th; never a day of the previous month."""
    assert D(2026, 8, 1).weekday() == 5
    assert first_friday(2026, 8) == D(2026, 8, 7)
    assert [first_friday(2026, m) for m in (2, 3, 11)] == [
        D(2026, 2, 6),
        D(2026, 3, 6),
        D(2026, 11, 6),
    ]
    assert all(1 <= first_friday(2026, m).day <= 7 for m in range(1, 13))


def test_a_disclosure_day_inside_a_holiday_moves_to_the_first_working_day_after_003_8_2():
    """2 October 2026 lies inside National Day (1–7 October): due 8 October. New Year's 2
    January moves to Sunday 4 January, a make-up working day (调休); Labour Day's 1 May to 6 May."""
    calendar = WorkCalendar()
    assert disclosure_day(2026, 10, calendar) == D(2026, 10, 8)
    assert disclosure_day(2026, 1, calendar) == D(2026, 1, 4)
    assert disclosure_day(2026, 5, calendar) == D(2026, 5, 6)
    assert disclosure_day(2026, 8, calendar) == D(2026, 8, 7)


EXPECTED_2026 = {
    "2026-01": D(2026, 1, 4),
    "2026-02": D(2026, 2, 6),
    "2026-03": D(2026, 3, 6),
    "2026-04": D(2026, 4, 3),
    "2026-05": D(2026, 5, 6),
    "2026-06": D(2026, 6, 5),
    "2026-07": D(2026, 7, 3),
    "2026-08": D(2026, 8, 7),
    "2026-09": D(2026, 9, 4),
    "2026-10": D(2026, 10, 8),
    "2026-11": D(2026, 11, 6),
    "2026-12": D(2026, 12, 4),
}


def test_the_county_package_in_the_demo_town_is_due_on_each_months_disclosure_day_003_8_2(unit):
    """The demo town installs the county standard: every monthly obligation of 2026, of every
    organization, falls due on its month's 党务公开日."""
    with use_clock(FixedClock(dt.datetime(2026, 11, 25, 10, 0))):
        build_demo(unit, "villages")
    monthly = (
        Obligation.select(Obligation.period_label, Obligation.due_date)
        .join(CatalogItem)
        .join(Catalog)
        .where((Catalog.code == "county-grassroots-standard") & (CatalogItem.cadence == "monthly"))
    )
    due = {}
    for row in monthly:
        due.setdefault(row.period_label, set()).add(row.due_date)
    assert due == {label: {day} for label, day in EXPECTED_2026.items()}
    calendar = WorkCalendar()
    assert {
        p.label: disclosure_day(p.start.year, p.start.month, calendar)
        for p in periods(2026, "monthly")
    } == EXPECTED_2026


def test_a_unit_may_keep_cores_period_end_and_other_cadences_keep_it_000_3(sqlite_url):
    """``villages.due_date_policy = "period_end"`` gives core's last working day back; 000 三's
    quarterly and half-yearly items (the town catalog) keep it under either policy."""
    unit = start_unit(sqlite_url, **{"villages.due_date_policy": "period_end"})
    unit.create_organization(code="T", name="中共某镇委员会", type="town_committee")
    with use_clock(FixedClock(dt.datetime(2026, 1, 2, 9, 0))):
        unit.install_catalog_template("villages.county-standard")
        unit.install_catalog_template("villages.town-catalog")
    october = (
        Obligation.select()
        .join(CatalogItem)
        .where((CatalogItem.code == "ZZ-04") & (Obligation.period_label == "2026-10"))
    )
    assert october.get().due_date == D(2026, 10, 30)
    quarterly = Obligation.select().join(CatalogItem).where(CatalogItem.code == "ZZZ-03")
    assert [o.due_date for o in quarterly.order_by(Obligation.period_start)] == [
        D(2026, 3, 31),
        D(2026, 6, 30),
        D(2026, 9, 30),
        D(2026, 12, 31),
    ]
