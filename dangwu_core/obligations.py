"""应公开事项: open the obligations a catalog imposes, and move them as time passes.

An :class:`~dangwu_core.models.Obligation` is one (organization, catalog item, period) that
must be disclosed by a due date. :func:`open_obligations` opens a year's obligations for every
active catalog and the organizations it binds (``Catalog.bound``), by time limit (003 §8):

``periodic`` (定期)
    one per period of the item's cadence; the due date is the first answer of the
    ``dangwu_due_date`` hook (core's default: the period's last working day).
``long_term`` (长期)
    one per year, labelled ``2026``, due within :data:`LONG_TERM_DUE_WORKING_DAYS` working
    days of 1 January (or of the catalog taking effect, or of the organization joining, when
    later). It then stays shown for ``display_months`` (at least six, 000 三).
``staged`` (分期)
    one per phase, labelled ``2026 事前``; the year is split into as many consecutive
    month windows as there are phases (3 phases: Jan–Apr, May–Aug, Sep–Dec) and each phase
    is due on the last working day of its window. An item that ``spans_years`` (跨年度) also
    gets a closing summary (总结性公开, 003 §8(三)) due on the year's last working day; staff
    close it with a reason in a year the work goes on.
``immediate`` (即时)
    none in advance: :func:`open_immediate` opens one when the triggering event happens.

Periods (or phase windows) that end before the catalog's effective date, or before ``since``,
are not opened. Opening is bulk (a handful of queries whatever the number of organizations),
idempotent (``INSERT … ON CONFLICT DO NOTHING`` on the unique (organization, item, period
label)), in one transaction, with one audit event per call that created anything.

A due date is *provisional* (``due_provisional``) when the working-day calendar has no
official schedule for a year between the period's start and the due date.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from typing import TYPE_CHECKING

from . import access, audit
from .clock import today as clock_today
from .clock import utcnow
from .db import atomic, database, is_postgres
from .errors import PermissionDenied, ValidationError
from .models import (
    Catalog,
    CatalogItem,
    CatalogStatus,
    ItemStatus,
    Obligation,
    ObligationStatus,
    Organization,
    TimeLimit,
)
from .timelimits import Period, WorkCalendar, month_end, periods, year_period

if TYPE_CHECKING:
    from .context import UnitContext

#: A long-term item is due within this many working days of the year's (or its) start.
LONG_TERM_DUE_WORKING_DAYS = 10
#: The label of a staged item's closing summary (总结性公开).
SUMMARY_LABEL = "总结性公开"
_CHUNK = 200


def _planned(
    ctx: UnitContext, item: CatalogItem, year: int, start: dt.date, calendar: WorkCalendar
) -> list[tuple[Period, dt.date, bool]]:
    """(period, due date, provisional) of every obligation ``item`` imposes in ``year``.

    ``start`` is the first day that counts: nothing whose period ends before it is opened.
    """
    plan: list[tuple[Period, dt.date, bool]] = []
    if item.time_limit == TimeLimit.PERIODIC:
        for period in periods(year, item.cadence):
            if period.end < start:
                continue
            due = ctx.due_date(item, period, calendar)
            plan.append((period, due, calendar.provisional_between(period.start, due)))
    elif item.time_limit == TimeLimit.LONG_TERM:
        period = year_period(year)
        first = max(start, period.start)
        due, provisional = calendar.add_working_days(first, LONG_TERM_DUE_WORKING_DAYS)
        plan.append((period, due, provisional))
    elif item.time_limit == TimeLimit.STAGED:
        phases = list(item.phases or [])
        last_month = 0
        for index, phase in enumerate(phases, start=1):
            end_month = math.ceil(12 * index / len(phases))
            if end_month <= last_month:  # more phases than months: share the month
                end_month = last_month if last_month else 1
            first_month = min(last_month + 1, end_month)
            period = Period(
                dt.date(year, first_month, 1), month_end(year, end_month), f"{year} {phase}"
            )
            last_month = end_month
            if period.end < start:
                continue
            due, provisional = calendar.last_workday_on_or_before(period.end)
            plan.append((period, due, provisional))
        if item.spans_years:
            whole = year_period(year)
            period = Period(whole.start, whole.end, f"{year} {SUMMARY_LABEL}")
            due, provisional = calendar.last_workday_on_or_before(period.end)
            plan.append((period, due, provisional))
    return plan


def _organizations(organizations: Iterable[Organization | int] | None) -> list[Organization]:
    query = Organization.select().where(Organization.is_active == True)  # noqa: E712
    if organizations is not None:
        ids = [getattr(o, "id", o) for o in organizations]
        if not ids:
            return []
        query = query.where(Organization.id.in_(ids))
    return list(query.order_by(Organization.id))


_COLUMNS = (
    "organization_id",
    "catalog_item_id",
    "period_label",
    "period_start",
    "period_end",
    "due_date",
    "due_provisional",
    "created_at",
)


def _sqlite_value(value):
    """What sqlite3's default adapters would store (as peewee passes dates and datetimes)."""
    if isinstance(value, dt.datetime):
        return value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _insert_obligations(plans: list[tuple[list[int], list[tuple]]]) -> int:
    """Insert obligations in bulk, skipping existing ones; return how many were created.

    ``plans`` pairs organization ids with the rest of their rows (:data:`_COLUMNS` after
    the organization), one pair per catalog. Rows are generated while they are written (a
    200-item catalog in 10,000 organizations is millions of rows) by one prepared statement:
    ``executemany`` on SQLite, ``execute_values`` pages on PostgreSQL.
    """
    db = database.obj
    table = Obligation._meta.table_name
    columns = ", ".join(f'"{c}"' for c in (*_COLUMNS, "status", "closed_reason"))
    pending = ObligationStatus.PENDING.value
    postgres = is_postgres(db)
    values = ", ".join(["%s" if postgres else "?"] * len(_COLUMNS))
    values = f"({values}, '{pending}', '')"
    if not postgres:
        plans = [(orgs, [tuple(map(_sqlite_value, t)) for t in tails]) for orgs, tails in plans]
    # Organization-major order: each organization's rows are adjacent, so the indexes that
    # lead with the organization grow at their end instead of all over the tree.
    rows = ((org, *tail) for orgs, tails in plans for org in orgs for tail in tails)
    cursor = db.cursor()
    if postgres:
        from psycopg2.extras import execute_values

        sql = f'INSERT INTO "{table}" ({columns}) VALUES %s ON CONFLICT DO NOTHING RETURNING 1'  # nosec B608  # table and columns from the model, values are parameters
        inserted = execute_values(cursor, sql, rows, template=values, page_size=1000, fetch=True)
        return len(inserted)
    sql = f'INSERT INTO "{table}" ({columns}) VALUES {values} ON CONFLICT DO NOTHING'  # nosec B608  # identifiers and the status constant from the model; values are parameters
    cursor.executemany(sql, rows)
    return cursor.rowcount


def open_obligations(
    ctx: UnitContext,
    year: int,
    organizations: Iterable[Organization | int] | None = None,
    *,
    since: dt.date | None = None,
    catalogs: Iterable[Catalog | int] | None = None,
    actor=None,
) -> int:
    """Open ``year``'s obligations of the active catalogs for ``organizations`` (default all).

    :param since: do not open periods that ended before this day (a new organization).
    :param catalogs: only these catalogs (default: every active catalog).
    :returns: the number of obligations created (0 when all existed already).
    """
    with atomic():
        orgs = _organizations(organizations)
        query = Catalog.select().where(Catalog.status == CatalogStatus.ACTIVE)
        if catalogs is not None:
            query = query.where(Catalog.id.in_([getattr(c, "id", c) for c in catalogs]))
        active = list(query.order_by(Catalog.id))
        if not orgs or not active:
            return 0
        items = list(
            CatalogItem.select()
            .where(
                CatalogItem.catalog.in_([c.id for c in active])
                & (CatalogItem.status == ItemStatus.ACTIVE)
                & (CatalogItem.time_limit != TimeLimit.IMMEDIATE)
            )
            .order_by(CatalogItem.catalog, CatalogItem.sort_order, CatalogItem.id)
        )
        calendar = WorkCalendar.from_database()
        plans: list[tuple[list[int], list[tuple]]] = []
        touched: set[str] = set()
        now = utcnow()
        for catalog in active:
            applying = [o.id for o in catalog.bound(orgs)]
            if not applying:
                continue
            start = max(catalog.effective_date, since) if since else catalog.effective_date
            tails = [
                (item.id, period.label, period.start, period.end, due, provisional, now)
                for item in items
                if item.catalog_id == catalog.id
                for period, due, provisional in _planned(ctx, item, year, start, calendar)
            ]
            if tails:
                touched.add(catalog.code)
                plans.append((applying, tails))
        if not plans:
            return 0
        created = _insert_obligations(plans)
        if created:
            audit.record(
                "obligations.open",
                "obligation",
                None,
                actor=actor,
                payload={
                    "year": year,
                    "created": created,
                    "organizations": len(orgs),
                    "catalogs": sorted(touched),
                    "since": since.isoformat() if since else None,
                },
            )
    return created


#: The longest label of an immediate obligation (its period label's column).
LABEL_MAX = 64


def immediate_items(organization: Organization) -> list[CatalogItem]:
    """The active immediate items (即时公开) of the catalogs that bind ``organization``: what
    :func:`open_immediate` may open for it, in catalog order."""
    items = (
        CatalogItem.select(CatalogItem, Catalog)
        .join(Catalog)
        .where(
            (CatalogItem.time_limit == TimeLimit.IMMEDIATE.value)
            & (CatalogItem.status == ItemStatus.ACTIVE.value)
            & (Catalog.status == CatalogStatus.ACTIVE.value)
        )
        .order_by(Catalog.code, CatalogItem.sort_order, CatalogItem.id)
    )
    binding: dict[int, bool] = {}
    found = []
    for item in items:
        if item.catalog_id not in binding:
            binding[item.catalog_id] = item.catalog.binds(organization)
        if binding[item.catalog_id]:
            found.append(item)
    return found


def open_immediate(
    ctx: UnitContext,
    organization: Organization,
    item: CatalogItem,
    triggered_on: dt.date,
    *,
    label: str | None = None,
    actor=None,
) -> Obligation:
    """Open the obligation of an immediate item (即时公开) whose triggering event happened.

    Due within ``item.due_within_days`` working days of ``triggered_on`` (the next working
    day on or after it when the item names no delay). Opening the same (organization, item,
    label) twice returns the existing obligation.

    :param label: tells apart several events on one day (default: the date, ``2026-10-09``).
    :param actor: who records the event (checked against ``obligation.trigger``, 003 §8(四));
        None when the unit itself opens it (the demo, an import).
    :raises PermissionDenied: ``actor`` may not record events of the organization.
    :raises ValidationError: the item is not immediate or not active, or its catalog does
        not apply to the organization's type, or the label is over-long.
    """
    if actor is not None and not access.allowed(
        actor, "obligation.trigger", organization, permissions=ctx.registry.permissions
    ):
        raise PermissionDenied(
            f"{actor.name} may not record events of {organization.name}: it needs the role "
            "proposer, liaison, publisher or approver there"
        )
    if label is not None and len(label.strip()) > LABEL_MAX:
        raise ValidationError(f"the label is limited to {LABEL_MAX} characters", "label")
    label = label.strip() if label else None
    if item.time_limit != TimeLimit.IMMEDIATE:
        raise ValidationError(
            f"item {item.code!r} is {item.time_limit!r}, not immediate: its obligations are "
            "opened with the year's",
            "item",
        )
    if item.status != ItemStatus.ACTIVE:
        raise ValidationError(f"item {item.code!r} is {item.status!r}, not active", "item")
    catalog = item.catalog
    if not catalog.binds(organization):
        raise ValidationError(
            f"catalog {catalog.code!r} does not apply to {organization.code!r} "
            f"(type {organization.type!r}; it binds {catalog.targets or 'nothing'})",
            "organization",
        )
    label = label or triggered_on.isoformat()
    calendar = WorkCalendar.from_database()
    if item.due_within_days:
        due, provisional = calendar.add_working_days(triggered_on, item.due_within_days)
    else:
        due, provisional = calendar.next_workday_on_or_after(triggered_on)
    key = (
        (Obligation.organization == organization)
        & (Obligation.catalog_item == item)
        & (Obligation.period_label == label)
    )
    with atomic():
        existing = Obligation.get_or_none(key)
        if existing is not None:
            return existing
        Obligation.insert(
            organization=organization,
            catalog_item=item,
            period_label=label,
            period_start=triggered_on,
            period_end=triggered_on,
            due_date=due,
            due_provisional=provisional,
        ).on_conflict_ignore().execute()
        obligation = Obligation.get(key)
        audit.record(
            "obligation.open_immediate",
            "obligation",
            obligation.id,
            actor=actor,
            organization=organization,
            payload={"item": item.code, "label": label, "due": due.isoformat()},
        )
    return obligation


def mark_late_and_overdue(today: dt.date | None = None, *, actor=None) -> int:
    """Move pending obligations whose due date has passed to overdue (逾期未公开).

    Idempotent: a second run finds nothing pending past due. ``today`` defaults to the
    clock's. Returns how many moved; records one audit event when any did.
    """
    today = today or clock_today()
    with atomic():
        moved = (
            Obligation.update(status=ObligationStatus.OVERDUE)
            .where((Obligation.status == ObligationStatus.PENDING) & (Obligation.due_date < today))
            .execute()
        )
        if moved:
            audit.record(
                "obligations.overdue",
                "obligation",
                None,
                actor=actor,
                from_state=ObligationStatus.PENDING,
                to_state=ObligationStatus.OVERDUE,
                payload={"today": today.isoformat(), "moved": moved},
            )
    return moved


def record_fulfilment(obligation: Obligation, published_on: dt.date, *, actor=None) -> str:
    """Mark ``obligation`` disclosed on ``published_on``: on time, or late (逾期公开).

    For the workflow engine to call when a disclosure of the obligation is published.
    Returns the new status; an obligation already fulfilled or closed is left as it is.
    """
    if obligation.status not in (ObligationStatus.PENDING, ObligationStatus.OVERDUE):
        return obligation.status
    status = (
        ObligationStatus.ON_TIME if published_on <= obligation.due_date else ObligationStatus.LATE
    )
    with atomic():
        Obligation.update(status=status, fulfilled_at=utcnow()).where(
            Obligation.id == obligation.id
        ).execute()
        audit.record(
            "obligation.fulfil",
            "obligation",
            obligation.id,
            actor=actor,
            organization=obligation.organization_id,
            from_state=obligation.status,
            to_state=status,
            payload={"published_on": published_on.isoformat()},
        )
    obligation.status = status
    return status
