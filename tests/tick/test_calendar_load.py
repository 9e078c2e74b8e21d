"""``dangwu calendar load/show`` and ``dangwu check``: a year chinesecalendar does not cover.

chinesecalendar 1.11 covers 2004–2026. Deadlines reaching 2027 are counted Monday to Friday
and marked provisional; loading the 2027 schedule recomputes every open one (an event each).
The 2027 days below stand for a schedule as the State Council would publish it.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner

from dangwu_core import disclosure_requests, feedback, tick
from dangwu_core.cli import cli
from dangwu_core.clock import FixedClock, use_clock
from dangwu_core.models import (
    CatalogItem,
    DisclosureRequest,
    Event,
    Feedback,
    Obligation,
    UnitState,
)

D = dt.date
OWN_2027 = """
year = 2027
source = "2027年部分节假日安排（测试）"
holidays = [2027-01-01, 2027-01-04, 2027-01-05]
workdays = ["2027-01-09"]
"""
HOLIDAY_CN_2027 = {
    "year": 2027,
    "days": [
        {"name": "元旦", "date": "2027-01-01", "isOffDay": True},
        {"name": "元旦", "date": "2027-01-04", "isOffDay": True},
    ],
}


def run(unit, *args, when=dt.datetime(2026, 12, 21, 9, 0)):
    with use_clock(FixedClock(when)):
        return CliRunner().invoke(cli, ["--database", unit.settings.database_url, *args])


def refused(result, fragment):
    assert result.exit_code == 1, result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    assert len(errors) == 1 and fragment in errors[0], result.stderr
    assert "Traceback" not in result.output


@pytest.fixture
def provisional(town):
    """2027's obligations (opened from 15 December), a request and feedback reaching 2027."""
    with use_clock(FixedClock(dt.datetime(2026, 12, 15, 9, 0))):
        tick.tick(town.unit)
    with use_clock(FixedClock(dt.datetime(2026, 12, 21, 9, 0))):
        town.late_request = disclosure_requests.submit(
            town.unit, town.branch, subject="年度党费", content="请公开。", applicant=town.member
        )
        town.late_feedback = feedback.submit(town.unit, town.branch, "建议。", reporter=town.member)
    return town


def _january(branch):
    return Obligation.get(
        (Obligation.organization == branch) & (Obligation.period_label == "2027-01")
        & (Obligation.catalog_item == CatalogItem.get(CatalogItem.code == "JY-01"))
    )  # fmt: skip


def test_loading_2027_recomputes_every_open_provisional_deadline(provisional, tmp_path):
    town = provisional
    january = _january(town.branch)
    assert (january.due_date, january.due_provisional) == (D(2027, 1, 29), True)
    request = DisclosureRequest.get_by_id(town.late_request.id)
    assert request.deadline_provisional and request.deadline == D(2027, 1, 18)
    assert Feedback.get_by_id(town.late_feedback.id).due_date == D(2027, 1, 11)
    provisional_before = Obligation.select().where(Obligation.due_provisional).count()

    path = tmp_path / "2027.toml"
    path.write_text(OWN_2027, encoding="utf-8")
    result = run(town.unit, "calendar", "load", str(path))
    assert result.exit_code == 0, result.output
    assert "Loaded 2027 (2027年部分节假日安排（测试）): 3 holiday(s), 1 make-up" in result.output

    assert Obligation.select().where(Obligation.due_provisional).count() == 0
    recomputed = Event.select().where(Event.action == "obligation.due_recomputed").count()
    assert recomputed == provisional_before
    assert _january(town.branch).due_date == D(2027, 1, 29)  # a Friday, still working
    # 20 working days from 21 December: 1, 4 and 5 January off, Saturday 9 January worked
    request = DisclosureRequest.get_by_id(town.late_request.id)
    assert (request.deadline, request.deadline_provisional) == (D(2027, 1, 20), False)
    assert Feedback.get_by_id(town.late_feedback.id).due_date == D(2027, 1, 13)
    moved = Event.get(Event.action == "request.deadline_recomputed")
    assert moved.payload == {"from": "2027-01-18", "to": "2027-01-20", "provisional": False}
    assert Event.select().where(Event.action == "feedback.due_recomputed").count() == 1


def test_a_holiday_cn_file_loads_too_and_show_lists_it(provisional, tmp_path):
    path = tmp_path / "2027.json"
    path.write_text(json.dumps(HOLIDAY_CN_2027), encoding="utf-8")
    assert run(provisional.unit, "calendar", "load", str(path)).exit_code == 0
    shown = run(provisional.unit, "calendar", "show", "2027")
    assert shown.exit_code == 0
    assert "2027: 载入的节假日安排 (2027.json)" in shown.output
    assert "2027-01-04 周一" in shown.output
    assert "National Day" in run(provisional.unit, "calendar", "show", "2026").output
    assert "暂按周一至周五" in run(provisional.unit, "calendar", "show", "2028").output


@pytest.mark.parametrize(
    ("text", "suffix", "cause"),
    [
        ("year = 2027\nholidays = [2029-01-01]\n", ".toml", "not in or next to that year"),
        ("year = 2027\nholiday = []\n", ".toml", "unknown key 'holiday'"),
        ("year = 2027\n", ".toml", "lists no holidays"),
        ('{"year": "2027", "holidays": ["2027-01-01"]}', ".json", "integer 'year'"),
        ("year = = 2027", ".toml", "not valid TOML"),
        ('{"year": 2027, "holidays": ["2027-13-01"]}', ".json", "is not a date"),
    ],
)
def test_a_bad_calendar_file_is_one_clear_error_and_changes_nothing(
    town, tmp_path, contents, text, suffix, cause
):
    path = tmp_path / f"bad{suffix}"
    path.write_text(text, encoding="utf-8")
    before = contents(town.unit.settings.database_url)
    refused(run(town.unit, "calendar", "load", str(path)), cause)
    assert contents(town.unit.settings.database_url) == before


def test_check_warns_when_the_next_90_days_reach_an_uncovered_year(town, tmp_path):
    early = run(town.unit, "check", when=dt.datetime(2026, 9, 1, 9, 0))
    assert "no official holiday schedule" not in early.stderr
    late = run(town.unit, "check", when=dt.datetime(2026, 10, 10, 9, 0))
    assert "Warning: the next 90 days reach 2027, which has no official holiday" in late.stderr
    path = tmp_path / "2027.json"
    path.write_text(json.dumps(HOLIDAY_CN_2027), encoding="utf-8")
    run(town.unit, "calendar", "load", str(path))
    assert (
        "no official holiday" not in run(town.unit, "check", when=dt.datetime(2026, 10, 10)).stderr
    )


def test_nothing_crashes_on_1_january_2027(town):
    new_year = dt.datetime(2027, 1, 1, 0, 5)
    with use_clock(FixedClock(new_year)):
        report = tick.tick(town.unit)
        request = disclosure_requests.submit(
            town.unit, town.branch, subject="新年", content="请公开。", applicant=town.member
        )
        opinion = feedback.submit(town.unit, town.branch, "新年建议。", reporter=town.member)
    assert report.opened[2027] > 0
    assert request.deadline_provisional and opinion.due_date > D(2027, 1, 1)
    for args in (["tick"], ["check"], ["calendar", "show", "2027"]):
        result = run(town.unit, *args, when=new_year)
        assert result.exit_code == 0, (args, result.output, result.exception)
    assert UnitState.get_or_none(UnitState.key == "calendar.2027") is None
