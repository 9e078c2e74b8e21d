"""节假日安排: load a year's official holiday schedule, and move the deadlines it settles.

The State Council publishes next year's schedule each autumn; ``chinesecalendar`` only knows
the years of its release. A unit loads a year from a data file (``dangwu calendar load FILE``)
in either of two formats:

* the per-year JSON of the holiday-cn project (``{"year": 2027, "days": [{"name": "元旦",
  "date": "2027-01-01", "isOffDay": true}, ...]}``);
* dangwu's own, as TOML or JSON — two lists of dates::

      year = 2027
      source = "国务院办公厅关于2027年部分节假日安排的通知"   # optional
      # weekdays off (法定节假日 and the days joined to them); a weekend day here is refused
      holidays = ["2027-01-01", "2027-02-05", "2027-02-08"]
      # weekend days worked instead (调休上班); a weekday here is refused
      workdays = ["2027-02-07"]

  TOML date literals (``2027-01-01`` without quotes) are accepted as well. Every date must lie
  in the year or next to it (``year ± 1``: a New Year holiday may start on 31 December).

Loading stores the schedule (:func:`dangwu_core.timelimits.store_schedule`) and, in the same
transaction, recomputes every open deadline it may settle, with one audit event each:

* obligations still pending or overdue whose due date is *provisional* (an overdue one whose
  new due date is not yet past becomes pending again);
* requests for disclosure still open whose deadline is provisional;
* feedback not yet answered whose response window touches the loaded year.

Nothing here reads the wall clock: "today" comes from :mod:`dangwu_core.clock`.
"""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import chinese_calendar

from . import audit
from .clock import get_clock
from .clock import today as clock_today
from .db import atomic
from .errors import ValidationError
from .models import (
    CatalogItem,
    DisclosureRequest,
    Event,
    Feedback,
    FeedbackStatus,
    Obligation,
    ObligationStatus,
    Organization,
    RequestStatus,
    TimeLimit,
)
from .obligations import LONG_TERM_DUE_WORKING_DAYS
from .timelimits import (
    Period,
    Schedule,
    WorkCalendar,
    load_schedule,
    parse_holiday_cn,
    store_schedule,
)

if TYPE_CHECKING:
    from .context import UnitContext

#: ``dangwu check`` warns when these next days are not all covered by an official schedule.
COVERAGE_DAYS = 90
OPEN_REQUESTS = (RequestStatus.SUBMITTED, RequestStatus.ACKNOWLEDGED)
OPEN_FEEDBACK = (FeedbackStatus.RECEIVED, FeedbackStatus.ASSIGNED)
OPEN_OBLIGATIONS = (ObligationStatus.PENDING, ObligationStatus.OVERDUE)


# --- Reading files -------------------------------------------------------------------------


def parse_schedule(data: Mapping[str, Any] | str | bytes | Path) -> Schedule:
    """Read a schedule in either format (see the module docstring).

    :param data: decoded data, JSON or TOML text, or a file path (``.toml`` is TOML).
    :raises ValidationError: unreadable file, neither format, a bad date, a date far from the
        year, a day both off and worked.
    """
    source = ""
    if isinstance(data, Path):
        source = data.name
        try:
            text = data.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ValidationError(f"cannot read calendar file {data}: {exc}", "file") from None
        data = _decode(text, toml=data.suffix.lower() == ".toml")
    elif isinstance(data, str | bytes):
        try:
            text = data.decode("utf-8") if isinstance(data, bytes) else data
        except UnicodeDecodeError as exc:
            raise ValidationError(f"a calendar file must be UTF-8 text: {exc}", "file") from None
        data = _decode(text, toml=not text.lstrip().startswith("{"))
    if not isinstance(data, Mapping):
        raise ValidationError("a calendar file must be a mapping with a 'year'", "calendar")
    if "days" in data:
        schedule = parse_holiday_cn(dict(data))
        source = source or "holiday-cn"
    else:
        schedule = _own_format(data)
        source = str(data.get("source") or source or "dangwu")
    _check_years(schedule)
    return Schedule(schedule.year, schedule.holidays, schedule.workdays, source)


def _decode(text: str, *, toml: bool) -> Any:
    try:
        return tomllib.loads(text) if toml else json.loads(text)
    except (tomllib.TOMLDecodeError, json.JSONDecodeError) as exc:
        kind = "TOML" if toml else "JSON"
        raise ValidationError(f"calendar file is not valid {kind}: {exc}", "calendar") from None


def _own_format(data: Mapping[str, Any]) -> Schedule:
    unknown = sorted(set(data) - {"year", "holidays", "workdays", "source"})
    if unknown:
        raise ValidationError(
            f"calendar file: unknown key {unknown[0]!r} (keys: year, holidays, workdays, "
            "source; or the holiday-cn format with 'days')",
            unknown[0],
        )
    year = data.get("year")
    if not isinstance(year, int) or isinstance(year, bool):
        raise ValidationError("calendar file needs an integer 'year'", "year")
    lists = {}
    for name in ("holidays", "workdays"):
        value = data.get(name, [])
        if not isinstance(value, list):
            raise ValidationError(f"calendar file: {name!r} must be a list of dates", name)
        lists[name] = value
    if not lists["holidays"] and not lists["workdays"]:
        raise ValidationError(
            f"calendar file for {year} lists no holidays and no make-up working days", "holidays"
        )
    schedule = load_schedule(year, lists["holidays"], lists["workdays"])
    _check_weekdays(schedule)
    return schedule


WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _check_weekdays(schedule: Schedule) -> None:
    """dangwu's format lists exceptions to Monday-Friday: a holiday is a weekday off, a
    make-up working day (调休) a weekend day worked. A Saturday "holiday" or a Wednesday
    "workday" changes nothing and is a mistake in the file (often the two lists swapped)."""
    for day in sorted(schedule.holidays):
        if day.weekday() >= 5:
            raise ValidationError(
                f"calendar {schedule.year}: holiday {day.isoformat()} is a "
                f"{WEEKDAY_NAMES[day.weekday()]}, a day off anyway; 'holidays' lists weekdays "
                "off, and a weekend day worked (调休) belongs in 'workdays'",
                "holidays",
            )
    for day in sorted(schedule.workdays):
        if day.weekday() < 5:
            raise ValidationError(
                f"calendar {schedule.year}: workday {day.isoformat()} is a "
                f"{WEEKDAY_NAMES[day.weekday()]}, a working day anyway; 'workdays' lists "
                "weekend days worked (调休上班)",
                "workdays",
            )


def _check_years(schedule: Schedule) -> None:
    if not 1949 <= schedule.year <= 2200:
        raise ValidationError(f"calendar year {schedule.year} is out of range", "year")
    for day in sorted(schedule.holidays | schedule.workdays):
        if abs(day.year - schedule.year) > 1:
            raise ValidationError(
                f"calendar {schedule.year}: {day.isoformat()} is not in or next to that year",
                "days",
            )


# --- Loading and recomputing ---------------------------------------------------------------


@dataclass
class LoadResult:
    schedule: Schedule
    #: One line per deadline that moved or stopped being provisional.
    changes: list[str] = field(default_factory=list)


def load(
    unit: UnitContext, source: Mapping[str, Any] | str | bytes | Path, *, actor=None
) -> LoadResult:
    """Store a year's schedule and recompute the open deadlines it settles (one transaction)."""
    schedule = parse_schedule(source)
    with atomic():
        store_schedule(schedule, actor=actor)
        changes = recompute_open_deadlines(unit, schedule.year, actor=actor)
    return LoadResult(schedule, changes)


def _local_date(at: dt.datetime) -> dt.date:
    return at.replace(tzinfo=dt.UTC).astimezone(get_clock().tz).date()


def obligation_due(
    unit: UnitContext, obligation: Obligation, calendar: WorkCalendar
) -> tuple[dt.date, bool]:
    """(due date, provisional) of ``obligation`` on ``calendar``: the rules of
    :mod:`dangwu_core.obligations`, applied again."""
    item: CatalogItem = obligation.catalog_item
    start, end = obligation.period_start, obligation.period_end
    if item.time_limit == TimeLimit.PERIODIC:
        due = unit.due_date(item, Period(start, end, obligation.period_label), calendar)
        return due, calendar.provisional_between(start, due)
    if item.time_limit == TimeLimit.LONG_TERM:
        organization = Organization.get_by_id(obligation.organization_id)
        first = max(start, item.catalog.effective_date, _local_date(organization.created_at))
        return calendar.add_working_days(first, LONG_TERM_DUE_WORKING_DAYS)
    if item.time_limit == TimeLimit.IMMEDIATE:
        if item.due_within_days:
            return calendar.add_working_days(start, item.due_within_days)
        return calendar.next_workday_on_or_after(start)
    return calendar.last_workday_on_or_before(end)


def _request_deadline(unit: UnitContext, request: DisclosureRequest, calendar: WorkCalendar):
    started = (
        Event.select(Event.at)
        .where(
            (Event.subject_type == "disclosure_request")
            & (Event.subject_id == request.id)
            & Event.action.in_(["request.submit", "request.complete"])
        )
        .order_by(Event.id.desc())
        .first()
    )
    start = _local_date(started.at if started else request.created_at)
    deadline, provisional = calendar.add_working_days(start, unit.settings.request_deadline_days)
    if request.extended:
        deadline, later = calendar.add_working_days(deadline, unit.settings.request_extension_days)
        provisional = provisional or later
    return deadline, provisional


def recompute_open_deadlines(
    unit: UnitContext, year: int | None = None, *, actor=None
) -> list[str]:
    """Recompute open provisional deadlines on the stored calendar; an event per change.

    :param year: the year just loaded; feedback (which has no provisional mark) is recomputed
        only when its response window touches it. None: every open feedback.
    :returns: one line per change, for the CLI to show.
    """
    calendar = WorkCalendar.from_database()
    today = clock_today()
    changes: list[str] = []
    with atomic():
        obligations = (
            Obligation.select()
            .where(Obligation.status.in_(OPEN_OBLIGATIONS) & Obligation.due_provisional)
            .order_by(Obligation.id)
        )
        for obligation in obligations:
            due, provisional = obligation_due(unit, obligation, calendar)
            if (due, provisional) == (obligation.due_date, obligation.due_provisional):
                continue
            status = obligation.status
            if status == ObligationStatus.OVERDUE and due >= today:
                status = ObligationStatus.PENDING
            Obligation.update(due_date=due, due_provisional=provisional, status=status).where(
                Obligation.id == obligation.id
            ).execute()
            old = (obligation.due_date, obligation.status)
            _event("obligation.due_recomputed", obligation, actor, old, (due, status), provisional)
            changes.append(
                _line("应公开事项", obligation.id, obligation.due_date, due, provisional)
            )
        requests = DisclosureRequest.select().where(
            DisclosureRequest.status.in_(OPEN_REQUESTS) & DisclosureRequest.deadline_provisional
        )
        for request in requests.order_by(DisclosureRequest.id):
            deadline, provisional = _request_deadline(unit, request, calendar)
            if (deadline, provisional) == (request.deadline, request.deadline_provisional):
                continue
            DisclosureRequest.update(deadline=deadline, deadline_provisional=provisional).where(
                DisclosureRequest.id == request.id
            ).execute()
            old = (request.deadline, "")
            _event("request.deadline_recomputed", request, actor, old, (deadline, ""), provisional)
            changes.append(_line("依申请公开", request.id, request.deadline, deadline, provisional))
        feedback = Feedback.select().where(
            Feedback.status.in_(OPEN_FEEDBACK) & Feedback.due_date.is_null(False)
        )
        for item in feedback.order_by(Feedback.id):
            created = _local_date(item.created_at)
            if year is not None and not created.year <= year <= item.due_date.year:
                continue
            due, provisional = calendar.add_working_days(
                created, unit.settings.feedback_response_days
            )
            if due == item.due_date:
                continue
            Feedback.update(due_date=due).where(Feedback.id == item.id).execute()
            _event(
                "feedback.due_recomputed", item, actor, (item.due_date, ""), (due, ""), provisional
            )
            changes.append(_line("意见反馈", item.id, item.due_date, due, provisional))
    return changes


def _line(what: str, id_: int, old: dt.date, new: dt.date, provisional: bool) -> str:
    mark = "（暂定）" if provisional else ""
    return f"{what} #{id_}: {old.isoformat()} -> {new.isoformat()}{mark}"


_SUBJECTS = {
    Obligation: "obligation",
    DisclosureRequest: "disclosure_request",
    Feedback: "feedback",
}


def _event(action: str, row, actor, old: tuple, new: tuple, provisional: bool) -> None:
    """One event per recomputed deadline: (date, status) before and after."""
    audit.record(
        action,
        _SUBJECTS[type(row)],
        row.id,
        actor=actor,
        organization=row.organization_id,
        from_state=str(old[1]) if old[1] != new[1] else "",
        to_state=str(new[1]) if old[1] != new[1] else "",
        reason="新的节假日安排已载入，期限重新计算",
        payload={"from": old[0].isoformat(), "to": new[0].isoformat(), "provisional": provisional},
    )


# --- Coverage and display ------------------------------------------------------------------


def uncovered_years(
    calendar: WorkCalendar, start: dt.date | None = None, days: int = COVERAGE_DAYS
) -> list[int]:
    """Years between ``start`` (default today) and ``days`` later with no official schedule."""
    start = start or clock_today()
    end = start + dt.timedelta(days=days)
    return [y for y in range(start.year, end.year + 1) if not calendar.covers(y)]


@dataclass(frozen=True)
class YearView:
    year: int
    #: ``loaded``, ``chinesecalendar`` or ``provisional`` (Monday to Friday).
    source: str
    detail: str
    holidays: list[tuple[dt.date, str]]
    workdays: list[tuple[dt.date, str]]


def describe(year: int, calendar: WorkCalendar | None = None) -> YearView:
    """What the unit's calendar knows of ``year``: where it comes from, days off, days worked."""
    calendar = calendar or WorkCalendar.from_database()
    loaded = calendar.schedules.get(year)
    if loaded is not None:
        return YearView(
            year,
            "loaded",
            loaded.source,
            [(d, "") for d in sorted(loaded.holidays)],
            [(d, "") for d in sorted(loaded.workdays)],
        )
    if calendar.covers(year):
        holidays = sorted((d, n) for d, n in chinese_calendar.holidays.items() if d.year == year)
        workdays = sorted((d, n) for d, n in chinese_calendar.workdays.items() if d.year == year)
        return YearView(year, "chinesecalendar", chinese_calendar.__version__, holidays, workdays)
    return YearView(year, "provisional", "Monday to Friday", [], [])
