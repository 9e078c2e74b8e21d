"""``dangwu tick``: what time does to a unit, run by cron (say every hour, or once at night).

One tick, as of the clock's today (:mod:`dangwu_core.clock`):

1. opens the obligations of the current year (and, from 15 December, of the next year, so
   that January's items are known and can be reminded of before the year starts; an
   organization created during the year gets that year's obligations from its creation on,
   as when it was created);
2. marks pending obligations past their due date overdue (逾期未公开);
3. expires display windows: every published disclosure whose ``display_until`` has passed is
   moved by its workflow's ``expire`` transition, fired as the system (see
   :mod:`dangwu_core.workflow.definition`: the definition must list the role ``system`` for
   it; one it refuses is reported, not forced);
4. flags requests for disclosure and feedback past their deadline: one ``request.overdue`` /
   ``feedback.overdue`` event each, once per deadline (an extended deadline that passes too is
   flagged again);
5. enqueues reminders (:mod:`dangwu_core.reminders`): obligations due within
   :data:`DUE_SOON_WORKING_DAYS` working days or overdue, overdue requests and feedback.

It is idempotent — a second tick on the same day changes nothing and records nothing — and
safe to run twice at once: the whole tick is one transaction that first takes a lock (SQLite:
``BEGIN IMMEDIATE``, waiting up to :data:`LOCK_WAIT_MS`; PostgreSQL: a transaction-level
advisory lock), so a second tick waits for the first and then finds nothing left to do.
Listeners of ``dangwu_on_transition`` are notified inside that transaction.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import peewee

from . import access, audit, permissions, reminders
from .clock import get_clock
from .clock import today as clock_today
from .db import atomic, database, is_postgres
from .disclosure_requests import OPEN as OPEN_REQUESTS
from .errors import DangwuError
from .models import (
    CatalogItem,
    Disclosure,
    DisclosureRequest,
    Event,
    Feedback,
    FeedbackStatus,
    Obligation,
    ObligationStatus,
    Organization,
)
from .obligations import mark_late_and_overdue, open_obligations
from .timelimits import WorkCalendar
from .workflow import TransitionKind, fire

if TYPE_CHECKING:
    from .context import UnitContext

SYSTEM = "dangwu tick"
#: From this day (month, day) on, the next year's obligations are opened as well.
NEXT_YEAR_FROM = (12, 15)
DUE_SOON_WORKING_DAYS = 3
LOCK_WAIT_MS = 120_000
_PG_LOCK_KEY = 0x7469636B  # 'tick'
OPEN_FEEDBACK = (FeedbackStatus.RECEIVED, FeedbackStatus.ASSIGNED)


@dataclass
class TickReport:
    today: dt.date
    opened: dict[int, int] = field(default_factory=dict)
    overdue: int = 0
    expired: list[int] = field(default_factory=list)
    not_expired: list[str] = field(default_factory=list)
    requests_overdue: int = 0
    feedback_overdue: int = 0
    reminders: int = 0

    @property
    def changed(self) -> bool:
        return bool(
            sum(self.opened.values())
            or self.overdue
            or self.expired
            or self.requests_overdue
            or self.feedback_overdue
            or self.reminders
        )

    def lines(self) -> list[str]:
        out = [f"tick {self.today.isoformat()}"]
        for year, count in sorted(self.opened.items()):
            out.append(f"  opened {count} obligation(s) of {year}")
        out.append(f"  {self.overdue} obligation(s) became overdue")
        out.append(f"  {len(self.expired)} display window(s) expired")
        out.extend(f"  not expired: {line}" for line in self.not_expired)
        out.append(f"  {self.requests_overdue} request(s) and {self.feedback_overdue} "
                   "feedback item(s) flagged overdue")  # fmt: skip
        out.append(f"  {self.reminders} reminder(s) enqueued")
        return out


@contextlib.contextmanager
def _locked():
    """One transaction holding the tick's lock (see the module docstring)."""
    db = database.obj
    sqlite = isinstance(db, peewee.SqliteDatabase)
    previous = None
    if sqlite:
        previous = db.execute_sql("PRAGMA busy_timeout").fetchone()[0]
        db.execute_sql(f"PRAGMA busy_timeout = {LOCK_WAIT_MS}")
    try:
        with atomic():
            if is_postgres():
                db.execute_sql("SELECT pg_advisory_xact_lock(%s)", (_PG_LOCK_KEY,))
            yield
    finally:
        if sqlite and previous is not None:
            db.execute_sql(f"PRAGMA busy_timeout = {int(previous)}")


def tick(unit: UnitContext) -> TickReport:
    """Run one tick as of the clock's today; return what it did (see the module docstring)."""
    with _locked():
        today = clock_today()
        report = TickReport(today)
        years = [today.year]
        if (today.month, today.day) >= NEXT_YEAR_FROM:
            years.append(today.year + 1)
        for year in years:
            report.opened[year] = _open_year(unit, year)
        report.overdue = mark_late_and_overdue(today)
        _expire(unit, today, report)
        report.requests_overdue = _flag_requests(today)
        report.feedback_overdue = _flag_feedback(today)
        with permissions.active(unit.registry.permissions):
            report.reminders = _remind(today)
        if report.reminders:
            audit.record(
                "reminders.enqueue",
                "reminder",
                None,
                payload={"count": report.reminders, "system": SYSTEM, "today": today.isoformat()},
            )
    return report


def _local(at: dt.datetime) -> dt.date:
    return at.replace(tzinfo=dt.UTC).astimezone(get_clock().tz).date()


def _open_year(unit: UnitContext, year: int) -> int:
    """Open ``year``'s obligations; organizations created during it from their creation on."""
    start = dt.date(year, 1, 1)
    older, newer = [], []
    for org in Organization.select().where(Organization.is_active == True):  # noqa: E712
        created = _local(org.created_at)
        (newer if created > start and created.year == year else older).append((org, created))
    opened = open_obligations(unit, year, [o for o, _ in older]) if older else 0
    for org, created in newer:
        opened += open_obligations(unit, year, [org], since=created)
    return opened


def _expire(unit: UnitContext, today: dt.date, report: TickReport) -> None:
    due = (
        Disclosure.select()
        .where(Disclosure.display_until.is_null(False) & (Disclosure.display_until < today))
        .order_by(Disclosure.id)
    )
    for disclosure in due:
        definition = unit.registry.workflows.get(disclosure.workflow)
        # the step of kind expire that the unit itself may fire from the item's state
        transition = next(
            (
                t
                for t in definition.transitions_of_kind(TransitionKind.EXPIRE)
                if t.system and disclosure.state in t.sources
            ),
            None,
        )
        if transition is None:
            continue
        try:
            fire(unit, disclosure, transition.name, None, system=SYSTEM)
        except DangwuError as exc:
            report.not_expired.append(f"#{disclosure.id} “{disclosure.title}”: {exc}")
        else:
            report.expired.append(disclosure.id)


def _flagged(subject_type: str, action: str, ids: list[int]) -> set[tuple[int, str]]:
    if not ids:
        return set()
    events = Event.select(Event.subject_id, Event.payload).where(
        (Event.subject_type == subject_type) & (Event.action == action) & Event.subject_id.in_(ids)
    )
    return {(e.subject_id, (e.payload or {}).get("due", "")) for e in events}


def _flag_overdue(late, subject_type: str, action: str, due_of, reason: str) -> int:
    """One event per late row and due date (an extended deadline that passes is new)."""
    seen = _flagged(subject_type, action, [row.id for row in late])
    count = 0
    for row in late:
        due = due_of(row).isoformat()
        if (row.id, due) in seen:
            continue
        audit.record(
            action,
            subject_type,
            row.id,
            organization=row.organization_id,
            reason=reason.format(receipt=row.receipt_number),
            payload={"due": due, "system": SYSTEM},
        )
        count += 1
    return count


def _flag_requests(today: dt.date) -> int:
    late = DisclosureRequest.select().where(
        DisclosureRequest.status.in_(OPEN_REQUESTS) & (DisclosureRequest.deadline < today)
    )
    return _flag_overdue(
        list(late),
        "disclosure_request",
        "request.overdue",
        lambda r: r.deadline,
        "依申请公开 {receipt} 已超过答复期限",
    )


def _flag_feedback(today: dt.date) -> int:
    late = Feedback.select().where(
        Feedback.status.in_(OPEN_FEEDBACK)
        & Feedback.due_date.is_null(False)
        & (Feedback.due_date < today)
    )
    return _flag_overdue(
        list(late),
        "feedback",
        "feedback.overdue",
        lambda f: f.due_date,
        "意见反馈 {receipt} 已超过办理期限",
    )


def _remind(today: dt.date) -> int:
    soon = WorkCalendar.from_database().add_working_days(today, DUE_SOON_WORKING_DAYS).date
    drafts: list[reminders.Draft] = []
    people: dict[tuple, list[int]] = {}

    def holders(org: int, roles, department: str = "") -> list[int]:
        key = (org, tuple(roles), department)
        if key not in people:
            people[key] = reminders.holders(org, roles, department)
        return people[key]

    fulfilling = access.current_permissions().roles("obligation.fulfil")
    obligations = (
        Obligation.select(Obligation, CatalogItem)
        .join(CatalogItem)
        .where(
            (Obligation.status == ObligationStatus.OVERDUE)
            | ((Obligation.status == ObligationStatus.PENDING) & (Obligation.due_date <= soon))
        )
        .order_by(Obligation.id)
    )
    for obligation in obligations:
        item = obligation.catalog_item
        overdue = obligation.status == ObligationStatus.OVERDUE
        kind = "obligation.overdue" if overdue else "obligation.due_soon"
        what = "已逾期未公开" if overdue else "即将到期"
        draft = reminders.Draft(
            kind,
            obligation.organization_id,
            "obligation",
            obligation.id,
            f"应公开事项“{item.title}”（{obligation.period_label}）{what}，"
            f"公开期限 {obligation.due_date.isoformat()}",
            due_on=obligation.due_date,
        )
        org = obligation.organization_id
        drafts += reminders.fan_out(draft, holders(org, fulfilling, item.proposing_department))
    for request in DisclosureRequest.select().where(
        DisclosureRequest.status.in_(OPEN_REQUESTS) & (DisclosureRequest.deadline < today)
    ):
        draft = reminders.Draft(
            "request.overdue",
            request.organization_id,
            "disclosure_request",
            request.id,
            f"依申请公开 {request.receipt_number}“{request.subject}”已超过答复期限 "
            f"{request.deadline.isoformat()}",
            due_on=request.deadline,
        )
        roles = access.current_permissions().roles("request.decide")
        drafts += reminders.fan_out(draft, holders(request.organization_id, roles))
    for item in Feedback.select().where(
        Feedback.status.in_(OPEN_FEEDBACK)
        & Feedback.due_date.is_null(False)
        & (Feedback.due_date < today)
    ):
        draft = reminders.Draft(
            "feedback.overdue",
            item.organization_id,
            "feedback",
            item.id,
            f"意见反馈 {item.receipt_number} 已超过办理期限 {item.due_date.isoformat()}",
            due_on=item.due_date,
        )
        handlers = [item.assignee_id] if item.assignee_id else None
        roles = access.current_permissions().roles("feedback.handle")
        drafts += reminders.fan_out(draft, handlers or holders(item.organization_id, roles))
    return reminders.enqueue(drafts)
