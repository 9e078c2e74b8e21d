"""公开时限: periods of a year, and the working-day calendar that due dates are counted on.

Working days follow the official Chinese holiday calendar (法定节假日 and their 调休 make-up
days). Three sources answer, in this order:

1. schedules loaded from data (a holiday-cn JSON file, or lists of dates) and stored in
   ``unit_state`` under ``calendar.<year>``: the State Council publishes each year's schedule
   late in the year before, so a unit loads it without upgrading any package;
2. the ``chinesecalendar`` package (import name ``chinese_calendar``), which covers the years
   its release knows (2004–2026 for 1.11);
3. Monday to Friday. An answer from this fallback is **provisional**: it may change once the
   year's schedule is published, and every function here says so.

Every function that answers about days returns the answer together with ``provisional``, so
callers (the obligation engine) can mark due dates that may still move. Nothing here reads
the wall clock: "today" comes from :mod:`dangwu_core.clock`.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import chinese_calendar

from . import audit
from .db import atomic
from .errors import ValidationError
from .models import Cadence, UnitState

CALENDAR_KEY_PREFIX = "calendar."
#: How far :func:`WorkCalendar.add_working_days` may search before giving up (a sanity bound).
_MAX_SEARCH_DAYS = 3660


# --- Periods ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """A span of days an obligation covers: ``start`` and ``end`` inclusive, and a label.

    Labels are stable and sort by time within a year: ``2026-03``, ``2026-Q1``, ``2026-H1``,
    ``2026``.
    """

    start: dt.date
    end: dt.date
    label: str

    def __post_init__(self) -> None:
        if self.start > self.end:
            raise ValueError(f"period {self.label!r} ends ({self.end}) before it starts")

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end


def month_end(year: int, month: int) -> dt.date:
    """The last calendar day of ``month``."""
    if month == 12:
        return dt.date(year, 12, 31)
    return dt.date(year, month + 1, 1) - dt.timedelta(days=1)


def _span(year: int, first_month: int, months: int, label: str) -> Period:
    return Period(dt.date(year, first_month, 1), month_end(year, first_month + months - 1), label)


def periods(year: int, cadence: Cadence | str) -> list[Period]:
    """The periods of ``year`` for a cadence (monthly, quarterly, half_yearly, yearly)."""
    try:
        cadence = Cadence(str(cadence))
    except ValueError:
        known = ", ".join(Cadence.values())
        raise ValidationError(
            f"unknown cadence {cadence!r}; use one of {known}", "cadence"
        ) from None
    if cadence is Cadence.MONTHLY:
        return [_span(year, m, 1, f"{year}-{m:02d}") for m in range(1, 13)]
    if cadence is Cadence.QUARTERLY:
        return [_span(year, 3 * q - 2, 3, f"{year}-Q{q}") for q in range(1, 5)]
    if cadence is Cadence.HALF_YEARLY:
        return [_span(year, 6 * h - 5, 6, f"{year}-H{h}") for h in range(1, 3)]
    return [year_period(year)]


def year_period(year: int) -> Period:
    return Period(dt.date(year, 1, 1), dt.date(year, 12, 31), str(year))


def period_of(day: dt.date, cadence: Cadence | str) -> Period:
    """The period of ``cadence`` that contains ``day``."""
    return next(p for p in periods(day.year, cadence) if day in p)


# --- Answers ---------------------------------------------------------------------------------


class DayAnswer(NamedTuple):
    """Whether a day is a working day, and whether that may still change."""

    workday: bool
    provisional: bool


class DateAnswer(NamedTuple):
    """A date computed on the calendar, and whether it may still move."""

    date: dt.date
    provisional: bool


# --- Schedules loaded from data --------------------------------------------------------------


@dataclass(frozen=True)
class Schedule:
    """One year's official schedule: days off that would be working days, and make-up days.

    ``holidays`` are days off (法定节假日 and the days joined to them); ``workdays`` are
    weekend days worked instead (调休上班). Days of neighbouring years may appear (a New Year
    holiday starting on 31 December); they answer for their own date.
    """

    year: int
    holidays: frozenset[dt.date]
    workdays: frozenset[dt.date]
    source: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "holidays": sorted(d.isoformat() for d in self.holidays),
            "workdays": sorted(d.isoformat() for d in self.workdays),
            "source": self.source,
        }

    @classmethod
    def from_json(cls, year: int, value: Mapping[str, Any]) -> Schedule:
        return load_schedule(
            year, value.get("holidays", ()), value.get("workdays", ()), value.get("source", "")
        )


def _as_date(value: dt.date | str, what: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ValidationError(f"{what}: {value!r} is not a date (YYYY-MM-DD)", what) from None


def load_schedule(
    year: int,
    holidays: Iterable[dt.date | str],
    workdays: Iterable[dt.date | str],
    source: str = "",
) -> Schedule:
    """Build a year's schedule from lists of dates (``date`` objects or ISO strings).

    :raises ValidationError: a value is not a date, or a day is both a holiday and a workday.
    """
    off = frozenset(_as_date(d, "holidays") for d in holidays)
    on = frozenset(_as_date(d, "workdays") for d in workdays)
    both = off & on
    if both:
        raise ValidationError(
            f"calendar {year}: {min(both).isoformat()} is listed both as a holiday and as a "
            "make-up working day",
            "days",
        )
    return Schedule(int(year), off, on, source)


def parse_holiday_cn(data: Mapping[str, Any] | str | bytes | Path) -> Schedule:
    """Read one year file of the holiday-cn project (``{"year": 2027, "days": [...]}``).

    Each entry of ``days`` is ``{"name": "元旦", "date": "2027-01-01", "isOffDay": true}``:
    ``isOffDay`` true is a holiday, false a make-up working day (调休).

    :param data: the decoded JSON, its text, or the path of the file.
    :raises ValidationError: the document does not have that shape.
    """
    source = ""
    if isinstance(data, Path):
        source = data.name
        data = data.read_text(encoding="utf-8")
    if isinstance(data, str | bytes):
        try:
            data = json.loads(data)
        except json.JSONDecodeError as exc:
            raise ValidationError(f"holiday calendar is not JSON: {exc}", "calendar") from None
    if not isinstance(data, Mapping) or not isinstance(data.get("year"), int):
        raise ValidationError("holiday calendar needs an integer 'year'", "year")
    days = data.get("days")
    if not isinstance(days, list):
        raise ValidationError("holiday calendar needs a list 'days'", "days")
    holidays, workdays = [], []
    for index, entry in enumerate(days):
        if not isinstance(entry, Mapping) or not isinstance(entry.get("isOffDay"), bool):
            raise ValidationError(
                f"holiday calendar days[{index}] needs 'date' and a boolean 'isOffDay'", "days"
            )
        day = _as_date(entry.get("date"), f"days[{index}].date")
        (holidays if entry["isOffDay"] else workdays).append(day)
    return load_schedule(data["year"], holidays, workdays, source or "holiday-cn")


# --- The calendar ----------------------------------------------------------------------------


def _official(day: dt.date) -> bool | None:
    """chinesecalendar's answer, or None when its data does not cover ``day``'s year."""
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        return None


class WorkCalendar:
    """The unit's working days: loaded schedules, then chinesecalendar, then Monday–Friday."""

    def __init__(self, schedules: Iterable[Schedule] = ()):
        self.schedules: dict[int, Schedule] = {}
        self._days: dict[dt.date, bool] = {}
        for schedule in schedules:
            self.add(schedule)

    def add(self, schedule: Schedule) -> None:
        """Use ``schedule`` for its year (replacing any schedule loaded for that year)."""
        old = self.schedules.get(schedule.year)
        self.schedules[schedule.year] = schedule
        if old is not None:
            self._days = {}
            for kept in self.schedules.values():
                self._index(kept)
        else:
            self._index(schedule)

    def _index(self, schedule: Schedule) -> None:
        self._days.update(dict.fromkeys(schedule.holidays, False))
        self._days.update(dict.fromkeys(schedule.workdays, True))

    @classmethod
    def from_database(cls) -> WorkCalendar:
        """The calendar with every schedule stored in ``unit_state`` (one query)."""
        rows = UnitState.select().where(UnitState.key.startswith(CALENDAR_KEY_PREFIX))
        schedules = []
        for row in rows:
            year = row.key[len(CALENDAR_KEY_PREFIX) :]
            if year.isdigit() and row.value:
                schedules.append(Schedule.from_json(int(year), row.value))
        return cls(schedules)

    def covers(self, year: int) -> bool:
        """True when the official schedule of ``year`` is known (loaded or packaged)."""
        return year in self.schedules or _official(dt.date(year, 1, 1)) is not None

    def is_workday(self, day: dt.date) -> DayAnswer:
        if day in self._days:
            return DayAnswer(self._days[day], False)
        weekday = day.weekday() < 5
        if day.year in self.schedules:
            return DayAnswer(weekday, False)
        official = _official(day)
        if official is not None:
            return DayAnswer(official, False)
        return DayAnswer(weekday, True)

    def _step(self, day: dt.date, step: int) -> DateAnswer:
        provisional = False
        for _ in range(_MAX_SEARCH_DAYS):
            workday, unsure = self.is_workday(day)
            provisional = provisional or unsure
            if workday:
                return DateAnswer(day, provisional)
            day += dt.timedelta(days=step)
        raise ValidationError(f"no working day within {_MAX_SEARCH_DAYS} days of {day}")

    def next_workday_on_or_after(self, day: dt.date) -> DateAnswer:
        return self._step(day, 1)

    def last_workday_on_or_before(self, day: dt.date) -> DateAnswer:
        return self._step(day, -1)

    def add_working_days(self, day: dt.date, n: int) -> DateAnswer:
        """The ``n``-th working day after ``day`` (``day`` itself does not count).

        ``n == 0`` answers ``day`` when it is a working day, else the next one; a negative
        ``n`` counts backwards.
        """
        if n == 0:
            return self.next_workday_on_or_after(day)
        step = 1 if n > 0 else -1
        provisional = False
        for _ in range(abs(n)):
            day, unsure = self._step(day + dt.timedelta(days=step), step)
            provisional = provisional or unsure
        return DateAnswer(day, provisional)

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """How many working days lie in ``start`` … ``end`` inclusive."""
        count, day = 0, start
        while day <= end:
            count += self.is_workday(day).workday
            day += dt.timedelta(days=1)
        return count

    def provisional_between(self, start: dt.date, end: dt.date) -> bool:
        """True when any year from ``start`` to ``end`` has no known official schedule."""
        low, high = sorted((start.year, end.year))
        return any(not self.covers(year) for year in range(low, high + 1))


# --- Storing schedules -----------------------------------------------------------------------


def store_schedule(schedule: Schedule, *, actor=None) -> None:
    """Save ``schedule`` in ``unit_state`` (``calendar.<year>``), replacing an earlier one.

    One transaction with its audit event. Due dates already computed are not moved: the
    obligations keep their ``due_provisional`` mark until recomputed.
    """
    key = f"{CALENDAR_KEY_PREFIX}{schedule.year}"
    with atomic():
        previous = UnitState.get_or_none(UnitState.key == key)
        if previous is None:
            UnitState.create(key=key, value=schedule.to_json())
        else:
            UnitState.update(value=schedule.to_json()).where(UnitState.key == key).execute()
        audit.record(
            "calendar.load",
            "calendar",
            schedule.year,
            actor=actor,
            payload={
                "year": schedule.year,
                "holidays": len(schedule.holidays),
                "workdays": len(schedule.workdays),
                "source": schedule.source,
                "replaced": previous is not None,
            },
        )


def stored_years() -> list[int]:
    keys = UnitState.select(UnitState.key).where(UnitState.key.startswith(CALENDAR_KEY_PREFIX))
    return sorted(int(k.key.split(".", 1)[1]) for k in keys if k.key.split(".", 1)[1].isdigit())
