"""``dangwu tick``: idempotent, safe to run twice at once, every date from the clock."""

from __future__ import annotations

import contextvars
import datetime as dt
import subprocess
import sys
import threading

from dangwu_core import tick
from dangwu_core.clock import FixedClock, use_clock
from dangwu_core.models import (
    Disclosure,
    Event,
    Obligation,
    ObligationStatus,
    Reminder,
)

from .conftest import OCTOBER_12

D = dt.date


def _tick(unit, when=OCTOBER_12):
    with use_clock(FixedClock(when)):
        return tick.tick(unit)


def _count(action):
    return Event.select().where(Event.action == action).count()


def test_one_tick_does_what_time_does(town):
    report = _tick(town.unit)
    # the immediate notice (shown 5 working days from 3 August) expired, as the system
    notice = Disclosure.get_by_id(town.notice.id)
    assert notice.state == "expired"
    expired = Event.get(Event.action == "disclosure.expire")
    assert expired.actor_id is None and expired.payload["system"] == "dangwu tick"
    # obligations past due are overdue; the request (20 working days from 3 August) and the
    # feedback are flagged once each
    assert report.overdue > 0
    assert Obligation.select().where(Obligation.status == ObligationStatus.OVERDUE).count()
    assert report.requests_overdue == report.feedback_overdue == 1
    assert _count("request.overdue") == _count("feedback.overdue") == 1
    # reminders: for the liaison of the proposing department, the branch's approver for the
    # request, the feedback's handlers
    kinds = {r.kind for r in Reminder.select()}
    assert {"obligation.overdue", "request.overdue", "feedback.overdue"} <= kinds
    recipients = {
        r.recipient_id for r in Reminder.select().where(Reminder.kind == "request.overdue")
    }
    assert recipients == {town.secretary.id}
    assert report.changed


def test_tick_twice_changes_nothing_the_second_time(town, contents):
    url = town.unit.settings.database_url
    _tick(town.unit)
    after_one = contents(url)
    second = _tick(town.unit)
    assert not second.changed
    assert contents(url) == after_one


def test_an_extended_deadline_is_flagged_when_it_passes_too(town):
    from dangwu_core import disclosure_requests

    _tick(town.unit, dt.datetime(2026, 9, 1, 9, 0))  # deadline 31 August passed
    assert _count("request.overdue") == 1
    with use_clock(FixedClock(dt.datetime(2026, 9, 1, 10, 0))):
        extended = disclosure_requests.extend(town.unit, town.request, town.secretary, "需核实")
    # 20 more working days: Sunday 20 September is worked (调休), Friday 25 is Mid-Autumn
    assert extended.deadline == D(2026, 9, 28)
    assert _tick(town.unit, dt.datetime(2026, 9, 28, 9, 0)).requests_overdue == 0
    assert _tick(town.unit, dt.datetime(2026, 9, 29, 9, 0)).requests_overdue == 1
    assert _tick(town.unit, dt.datetime(2026, 10, 9, 9, 0)).requests_overdue == 0
    assert _count("request.overdue") == 2


def test_next_year_is_opened_from_mid_december_and_not_before(town):
    _tick(town.unit, dt.datetime(2026, 12, 14, 9, 0))
    assert not Obligation.select().where(Obligation.period_start.year == 2027).exists()
    report = _tick(town.unit, dt.datetime(2026, 12, 15, 9, 0))
    assert report.opened[2027] > 0
    january = Obligation.select().where(Obligation.period_label == "2027-01").first()
    assert january.due_provisional  # chinesecalendar 1.11 does not know 2027


def test_nothing_crashes_on_new_years_day_2027(town):
    report = _tick(town.unit, dt.datetime(2027, 1, 1, 0, 30))
    assert report.today == D(2027, 1, 1)
    assert report.opened[2027] > 0
    assert not _tick(town.unit, dt.datetime(2027, 1, 1, 0, 31)).changed


def test_an_organization_created_mid_year_is_not_owed_the_months_before(town):
    with use_clock(FixedClock(dt.datetime(2026, 9, 10, 9, 0))):
        late = town.unit.create_organization(
            code="TS-C09", name="新村党支部", type="testsector_branch", parent="TS"
        )
    _tick(town.unit)
    labels = {
        o.period_label
        for o in Obligation.select().where(
            (Obligation.organization == late) & Obligation.period_label.startswith("2026-")
        )
    }
    assert "2026-08" not in labels and "2026-09" in labels


def _run_together(unit, when=OCTOBER_12):
    reports, errors = [], []
    barrier = threading.Barrier(2)

    def work():
        try:
            with use_clock(FixedClock(when)):
                barrier.wait()
                reports.append(tick.tick(unit))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            from dangwu_core.db import database

            database.close()

    threads = [
        threading.Thread(target=contextvars.copy_context().run, args=(work,)) for _ in range(2)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    return reports


def test_two_ticks_at_once_give_the_result_of_one(any_town, contents):
    """Two connections (threads) tick together, on SQLite and PostgreSQL: one does the work,
    the other waits for its lock and finds nothing left."""
    unit = any_town.unit
    reports = _run_together(unit)
    assert sorted(r.changed for r in reports) == [False, True]
    after = contents(unit.settings.database_url)
    assert _count("obligations.overdue") == 1
    assert _count("request.overdue") == _count("feedback.overdue") == 1
    assert _count("disclosure.expire") == 1
    assert not _tick(unit).changed
    assert contents(unit.settings.database_url) == after


SCRIPT = """
import sys, datetime as dt
from dangwu_core.clock import FixedClock, use_clock
from dangwu_core.testing import start_unit
from dangwu_core import tick
unit = start_unit(sys.argv[1])
with use_clock(FixedClock(dt.datetime(2026, 10, 12, 9, 0))):
    print(tick.tick(unit).changed)
"""


def test_two_tick_processes_at_once_on_a_sqlite_file(town, contents):
    url = town.unit.settings.database_url
    town.unit.db.close()
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", SCRIPT, url], stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        for _ in range(2)
    ]
    outputs = [run.communicate(timeout=120) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    assert sorted(out.decode().strip() for out, _ in outputs) == ["False", "True"]
    after = contents(url)
    assert _count("obligations.overdue") == 1 and _count("request.overdue") == 1
    assert not _tick(town.unit).changed
    assert contents(url) == after
