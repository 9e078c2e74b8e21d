"""督促提出: an organization demands that the responsible department propose an obligation.

004 五(一): "对应当公开而未提出公开的事项，党的组织应要求有关部门提出公开意见" — an officer
(approver or admin) of the obligation's organization, or of an organization above it, demands
a proposal for an obligation that is still open and has not been proposed. The demand is an
audit event on the obligation (``obligation.demand_proposal``) and a reminder for each person
responsible: the proposers and liaisons of the organization who act for the catalog item's
proposing department (谁承办谁提出), or all of them when none does.

:func:`demands_of` lists an obligation's demands (for the admin and the API);
:func:`demands_for` lists the open demands a person must answer. A demand stays open while the
obligation is pending or overdue and no disclosure of it has left its draft.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import access, audit, reminders
from .clock import today
from .db import atomic
from .errors import PermissionDenied, ValidationError
from .models import (
    Disclosure,
    DisclosureSection,
    Event,
    Obligation,
    ObligationStatus,
    Person,
)

if TYPE_CHECKING:
    from .context import UnitContext

ACTION = "obligation.demand_proposal"
OPEN = (ObligationStatus.PENDING, ObligationStatus.OVERDUE)


@dataclass(frozen=True)
class Demand:
    obligation: Obligation
    event: Event

    @property
    def reason(self) -> str:
        return self.event.reason


def _proposed(unit: UnitContext, obligation: Obligation) -> bool:
    """True when a disclosure of the obligation (or a 党务公开日 sheet with a section for it)
    has left its workflow's initial state."""
    sheets = DisclosureSection.select(DisclosureSection.disclosure).where(
        DisclosureSection.obligation == obligation.id
    )
    for disclosure in Disclosure.select().where(
        (Disclosure.obligation == obligation.id) | Disclosure.id.in_(sheets)
    ):
        if disclosure.state != unit.registry.workflows.get(disclosure.workflow).initial:
            return True
    return False


def responsible(obligation: Obligation) -> list[int]:
    """Ids of the people who must propose ``obligation`` (see the module docstring)."""
    department = obligation.catalog_item.proposing_department
    return reminders.holders(
        obligation.organization_id,
        access.current_permissions().roles("obligation.fulfil"),
        department,
    )


def demand_proposal(
    unit: UnitContext,
    obligation: Obligation,
    actor: Person,
    reason: str,
    *,
    respond_by: dt.date | None = None,
) -> Event:
    """Demand that the responsible department propose ``obligation``; return the event.

    :param respond_by: the date by which to propose (限期提出); default the obligation's due
        date (or none, when that has passed).
    :raises PermissionDenied: the actor is no approver or admin of the organization or above.
    :raises ValidationError: no reason; a ``respond_by`` in the past; the obligation is not
        open or was proposed already.
    """
    org = obligation.organization_id
    if not (
        access.allowed(actor, "obligation.demand", org, permissions=unit.registry.permissions)
        or access.allowed(
            actor,
            "obligation.demand",
            org,
            on="ancestor",
            permissions=unit.registry.permissions,
        )
    ):
        raise PermissionDenied(
            f"{getattr(actor, 'name', 'anonymous')} may not demand proposals of "
            f"{obligation.organization.name}: it needs the role approver on it or above it"
        )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("a demand to propose needs the reason", "reason")
    if respond_by is not None and respond_by < today():
        raise ValidationError(
            f"the date to propose by ({respond_by.isoformat()}) is in the past", "respond_by"
        )
    if respond_by is None and obligation.due_date >= today():
        respond_by = obligation.due_date
    if obligation.status not in OPEN:
        raise ValidationError(
            f"the obligation “{obligation.catalog_item.title}” ({obligation.period_label}) is "
            f"{ObligationStatus(obligation.status).label}: there is nothing left to propose",
            "obligation",
        )
    if _proposed(unit, obligation):
        raise ValidationError(
            f"“{obligation.catalog_item.title}” ({obligation.period_label}) was proposed already",
            "obligation",
        )
    people = responsible(obligation)
    item = obligation.catalog_item
    with atomic():
        event = audit.record(
            ACTION,
            "obligation",
            obligation.id,
            actor=actor,
            organization=org,
            reason=reason,
            payload={
                "department": item.proposing_department,
                "responsible": people,
                "period": obligation.period_label,
                "respond_by": respond_by.isoformat() if respond_by else None,
            },
        )
        draft = reminders.Draft(
            "obligation.demand",
            org,
            "obligation",
            obligation.id,
            f"请提出“{item.title}”（{obligation.period_label}）的公开意见：{reason}",
            due_on=respond_by,
            payload={"event": event.id},
        )
        reminders.enqueue(
            reminders.Draft(**{**d.__dict__, "kind": f"obligation.demand.{event.id}"})
            for d in reminders.fan_out(draft, people)
        )
    return event


def demands_of(obligation: Obligation) -> list[Event]:
    """Every demand made for ``obligation``, oldest first."""
    return list(
        Event.select()
        .where(
            (Event.subject_type == "obligation")
            & (Event.subject_id == obligation.id)
            & (Event.action == ACTION)
        )
        .order_by(Event.id)
    )


def demands_for(unit: UnitContext, person: Person) -> list[Demand]:
    """The open demands ``person`` must answer, newest first (one per demanded obligation)."""
    events = list(Event.select().where(Event.action == ACTION).order_by(Event.id.desc()))
    ids = {e.subject_id for e in events}
    if not ids:
        return []
    obligations = {
        o.id: o
        for o in Obligation.select().where(
            Obligation.id.in_(list(ids)) & Obligation.status.in_(OPEN)
        )
    }
    found, seen = [], set()
    for event in events:
        obligation = obligations.get(event.subject_id)
        if obligation is None or obligation.id in seen:
            continue
        seen.add(obligation.id)
        if person.id in responsible(obligation) and not _proposed(unit, obligation):
            found.append(Demand(obligation, event))
    return found
