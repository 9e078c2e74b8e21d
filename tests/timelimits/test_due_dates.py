"""The ``dangwu_due_date`` hook: core's default and a sector's override."""

import datetime as dt
from types import SimpleNamespace

from dangwu_core import hookimpl
from dangwu_core.settings import load_settings
from dangwu_core.timelimits import WorkCalendar, periods
from dangwu_core.unit import Unit

D = dt.date
MONTHLY = SimpleNamespace(code="JY-01", time_limit="periodic", cadence="monthly")
QUARTERLY = SimpleNamespace(code="FW-01", time_limit="periodic", cadence="quarterly")


def _period(label, cadence):
    return next(p for p in periods(int(label[:4]), cadence) if p.label == label)


def test_default_due_date_is_the_last_working_day_of_a_month(unit):
    calendar = WorkCalendar()
    due = {
        label: unit.due_date(MONTHLY, _period(label, "monthly"), calendar)
        for label in ("2026-01", "2026-02", "2026-05", "2026-09", "2026-10")
    }
    assert due == {
        "2026-01": D(2026, 1, 30),  # 31 January is a Saturday
        "2026-02": D(2026, 2, 28),  # a Saturday worked for the Spring Festival (调休)
        "2026-05": D(2026, 5, 29),
        "2026-09": D(2026, 9, 30),
        "2026-10": D(2026, 10, 30),
    }


def test_default_due_date_is_the_last_working_day_of_a_quarter(unit):
    calendar = WorkCalendar()
    due = [unit.due_date(QUARTERLY, p, calendar) for p in periods(2026, "quarterly")]
    assert due == [D(2026, 3, 31), D(2026, 6, 30), D(2026, 9, 30), D(2026, 12, 31)]


def test_due_date_past_the_official_calendar_does_not_crash(unit):
    calendar = WorkCalendar()
    january = _period("2027-01", "monthly")
    assert unit.due_date(MONTHLY, january, calendar) == D(2027, 1, 29)
    assert calendar.provisional_between(january.start, D(2027, 1, 29))


class FirstFriday:
    """003 §8(二): the first Friday of each month is the county's 党务公开日."""

    @hookimpl
    def dangwu_due_date(self, item, period, calendar):
        if item.time_limit != "periodic" or item.cadence != "monthly":
            return None
        following = period.end + dt.timedelta(days=1)
        return following + dt.timedelta(days=(4 - following.weekday()) % 7)


def test_a_sector_plugin_answers_before_core_003_8_2(sqlite_url):
    settings = load_settings(environ={}, database_url=sqlite_url)
    unit = Unit.start(settings, extra_plugins=[("first_friday", FirstFriday())])
    calendar = WorkCalendar()
    assert unit.due_date(MONTHLY, _period("2026-03", "monthly"), calendar) == D(2026, 4, 3)
    # the plugin lets core answer what it does not know
    assert unit.due_date(QUARTERLY, _period("2026-Q1", "quarterly"), calendar) == D(2026, 3, 31)


class ByUnitSetting:
    """A policy the unit chooses in its settings: the hook receives the unit."""

    @hookimpl
    def dangwu_due_date(self, item, period, calendar, unit):
        if unit.settings.unit_name != "早报单位":
            return None
        return period.start


def test_a_due_date_policy_reads_the_units_settings(sqlite_url):
    calendar = WorkCalendar()
    march = _period("2026-03", "monthly")
    for name, due in (("早报单位", D(2026, 3, 1)), ("", D(2026, 3, 31))):
        settings = load_settings(environ={}, database_url=sqlite_url, unit_name=name)
        unit = Unit.start(settings, extra_plugins=[("by_setting", ByUnitSetting())])
        assert unit.due_date(MONTHLY, march, calendar) == due
