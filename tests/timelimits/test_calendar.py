"""The working-day calendar: official schedule, provisional fallback, loaded schedules."""

import datetime as dt
import json

import pytest

from dangwu_core.errors import ValidationError
from dangwu_core.models import Event, UnitState
from dangwu_core.timelimits import (
    WorkCalendar,
    load_schedule,
    parse_holiday_cn,
)

D = dt.date

#: The first days of the holiday-cn project's 2027 file format (dates as published there are
#: not known to this test; these stand for a schedule loaded from such a file).
HOLIDAY_CN_2027 = {
    "year": 2027,
    "papers": [],
    "days": [
        {"name": "元旦", "date": "2027-01-01", "isOffDay": True},
        {"name": "元旦", "date": "2027-01-02", "isOffDay": True},
        {"name": "元旦", "date": "2027-01-03", "isOffDay": True},
        {"name": "春节", "date": "2027-02-07", "isOffDay": False},
        {"name": "春节", "date": "2027-02-08", "isOffDay": True},
    ],
}


def test_national_day_2026_is_seven_days_off():
    calendar = WorkCalendar()
    for day in range(1, 8):
        assert calendar.is_workday(D(2026, 10, day)) == (False, False), day
    assert calendar.is_workday(D(2026, 10, 8)) == (True, False)


def test_national_day_2026_make_up_days_are_working_saturday_and_sunday():
    """调休 per chinesecalendar 1.11's data: Sunday 20 September and Saturday 10 October 2026
    are worked; Sunday 11 October is not."""
    calendar = WorkCalendar()
    assert D(2026, 9, 20).weekday() == 6 and D(2026, 10, 10).weekday() == 5
    assert calendar.is_workday(D(2026, 9, 20)) == (True, False)
    assert calendar.is_workday(D(2026, 10, 10)) == (True, False)
    assert calendar.is_workday(D(2026, 10, 11)) == (False, False)
    assert calendar.is_workday(D(2026, 9, 19)) == (False, False)


def test_counting_working_days_across_national_day():
    calendar = WorkCalendar()
    assert calendar.add_working_days(D(2026, 9, 30), 1) == (D(2026, 10, 8), False)
    assert calendar.add_working_days(D(2026, 9, 30), 3) == (D(2026, 10, 10), False)
    assert calendar.last_workday_on_or_before(D(2026, 10, 5)) == (D(2026, 9, 30), False)
    assert calendar.next_workday_on_or_after(D(2026, 10, 3)) == (D(2026, 10, 8), False)
    assert calendar.add_working_days(D(2026, 10, 8), -1) == (D(2026, 9, 30), False)
    assert calendar.working_days_between(D(2026, 10, 1), D(2026, 10, 11)) == 3


def test_a_2027_date_is_answered_provisionally_by_weekdays():
    calendar = WorkCalendar()
    assert not calendar.covers(2027)
    # 1 January 2027 is a Friday: a working day by the weekday rule, but only provisionally.
    assert calendar.is_workday(D(2027, 1, 1)) == (True, True)
    assert calendar.is_workday(D(2027, 1, 2)) == (False, True)
    answer = calendar.add_working_days(D(2026, 12, 31), 1)
    assert answer == (D(2027, 1, 1), True)
    assert calendar.last_workday_on_or_before(D(2027, 1, 3)) == (D(2027, 1, 1), True)
    assert calendar.provisional_between(D(2026, 12, 1), D(2027, 1, 4))
    assert not calendar.provisional_between(D(2026, 1, 1), D(2026, 12, 31))


def test_a_loaded_holiday_cn_file_changes_the_2027_answer():
    calendar = WorkCalendar([parse_holiday_cn(HOLIDAY_CN_2027)])
    assert calendar.covers(2027)
    assert calendar.is_workday(D(2027, 1, 1)) == (False, False)
    assert calendar.is_workday(D(2027, 2, 7)) == (True, False)  # a Sunday worked (调休)
    assert calendar.is_workday(D(2027, 1, 4)) == (True, False)  # an ordinary Monday
    assert calendar.add_working_days(D(2026, 12, 31), 1) == (D(2027, 1, 4), False)


def test_parse_holiday_cn_reads_text_and_files(tmp_path):
    path = tmp_path / "2027.json"
    path.write_text(json.dumps(HOLIDAY_CN_2027, ensure_ascii=False), encoding="utf-8")
    schedule = parse_holiday_cn(path)
    assert schedule.year == 2027
    assert D(2027, 1, 1) in schedule.holidays and D(2027, 2, 7) in schedule.workdays
    assert schedule.source == "2027.json"
    assert parse_holiday_cn(json.dumps(HOLIDAY_CN_2027)).holidays == schedule.holidays


@pytest.mark.parametrize(
    "document, field",
    [
        ({"days": []}, "year"),
        ({"year": 2027}, "days"),
        ({"year": 2027, "days": [{"date": "2027-01-01"}]}, "days"),
        ({"year": 2027, "days": [{"date": "soon", "isOffDay": True}]}, "days[0].date"),
    ],
)
def test_a_malformed_holiday_file_is_refused(document, field):
    with pytest.raises(ValidationError) as caught:
        parse_holiday_cn(document)
    assert caught.value.field == field


def test_a_day_cannot_be_both_holiday_and_workday():
    with pytest.raises(ValidationError, match="2027-01-01"):
        load_schedule(2027, ["2027-01-01"], ["2027-01-01"])


def test_loaded_data_overrides_the_package_for_a_corrected_day():
    calendar = WorkCalendar([load_schedule(2026, ["2026-10-09"], [])])
    assert calendar.is_workday(D(2026, 10, 9)) == (False, False)
    # a loaded year answers the other days by weekday, not by the package
    assert calendar.is_workday(D(2026, 10, 10)) == (False, False)


def test_the_unit_stores_loaded_schedules_and_records_an_event(unit):
    assert unit.calendar().is_workday(D(2027, 1, 1)) == (True, True)
    events = Event.select().count()
    unit.load_calendar(HOLIDAY_CN_2027)
    assert UnitState.get_by_id("calendar.2027").value["holidays"][0] == "2027-01-01"
    assert unit.calendar().is_workday(D(2027, 1, 1)) == (False, False)
    assert Event.select().count() == events + 1
    # loading the year again replaces it
    unit.load_calendar({"year": 2027, "days": []})
    assert unit.calendar().is_workday(D(2027, 1, 1)) == (True, False)
    assert UnitState.select().where(UnitState.key.startswith("calendar.")).count() == 1
