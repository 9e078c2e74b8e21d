"""The unit's own rules (unit_plugin.py), loaded through the unit's entry point."""

import datetime as dt
from types import SimpleNamespace

from dangwu_core.testing import start_unit
from dangwu_core.timelimits import WorkCalendar, periods
from dangwu_core.toolkit import Cadence, TimeLimit

from {{ cookiecutter.__package }} import unit_plugin

PLUGIN = "{{ cookiecutter.unit_slug }}"


def item(cadence):
    return SimpleNamespace(
        time_limit=TimeLimit.PERIODIC, cadence=cadence, catalog=SimpleNamespace(code="local")
    )


def quarter(year, number):
    return periods(year, Cadence.QUARTERLY)[number - 1]


def test_the_unit_plugin_is_loaded_through_its_entry_point(unit):
    assert unit.pm.get_plugin(PLUGIN) is unit_plugin
    assert unit.settings[unit_plugin.QUARTERLY_DUE_DAY] == 10


def test_quarterly_items_are_due_on_the_tenth_of_the_next_month(unit):
    calendar = WorkCalendar()
    assert unit.due_date(item(Cadence.QUARTERLY), quarter(2026, 1), calendar) == dt.date(
        2026, 4, 10
    )
    # 10 October 2026 is a Saturday but a make-up working day (调休) after National Day.
    assert unit.due_date(item(Cadence.QUARTERLY), quarter(2026, 3), calendar) == dt.date(
        2026, 10, 10
    )


def test_a_due_day_inside_a_holiday_moves_to_the_next_working_day(tmp_path):
    unit = start_unit(f"sqlite:///{tmp_path / 'unit.db'}", **{unit_plugin.QUARTERLY_DUE_DAY: 4})
    try:
        # 4 October 2026 lies inside National Day (1-7 October): due Thursday 8 October.
        due = unit.due_date(item(Cadence.QUARTERLY), quarter(2026, 3), WorkCalendar())
        assert due == dt.date(2026, 10, 8)
    finally:
        unit.db.close()


def test_other_items_are_left_to_the_sector_plugin_and_core(unit):
    monthly = item(Cadence.MONTHLY)
    period = periods(2026, Cadence.MONTHLY)[5]
    assert unit_plugin.dangwu_due_date(monthly, period, WorkCalendar(), unit) is None


def test_the_rule_can_be_switched_off(tmp_path):
    unit = start_unit(f"sqlite:///{tmp_path / 'unit.db'}", **{unit_plugin.QUARTERLY_DUE_DAY: 0})
    try:
        # core's default: the last working day of the quarter.
        due = unit.due_date(item(Cadence.QUARTERLY), quarter(2026, 1), WorkCalendar())
        assert due == dt.date(2026, 3, 31)
    finally:
        unit.db.close()
