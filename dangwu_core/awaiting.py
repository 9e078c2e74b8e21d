"""What else waits on a person besides disclosures to move (:mod:`dangwu_core.worklist`): the
procedures around the workflow, each asked of the permission registry.

* **filings to decide** — work plans of out-of-catalog items (工作方案, 003 §6(二)) and requests
  to change, revoke or terminate a catalogued item (001 四.2, 003 §9(二)) filed with an
  organization where the person may take ``filing.decide``;
* **demands to answer** — obligations the person must propose because an officer demanded it
  (要求提出, 004 五(一); :func:`dangwu_core.demands.demands_for`);
* **escalated opinions** — important feedback sent to the leadership (001 四.3), still
  unanswered, of the organizations where the person may take ``feedback.answer_escalated``;
* **answered escalations** — escalated opinions the leadership answered, for the handlers
  (``feedback.handle``) to close: the result comes back to the group that sent them up;
* **immediate obligations** — open obligations of immediate items (即时公开, 003 §8(四)) of the
  organizations where the person may take ``obligation.trigger``, soonest due first.

Each list is one query (the demands: :func:`~dangwu_core.demands.demands_for`'s), limited to
:data:`SHOWN` rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from . import access, demands
from .models import (
    CatalogItem,
    Feedback,
    FeedbackStatus,
    Filing,
    FilingKind,
    FilingStatus,
    Obligation,
    ObligationStatus,
    Person,
    TimeLimit,
)

if TYPE_CHECKING:
    from .context import UnitContext

#: How many rows each list shows.
SHOWN = 30

#: The filings decided from the 工作台 (work plans and change requests).
DECIDED_KINDS = (FilingKind.IMPLEMENTATION_PLAN.value, FilingKind.CATALOG_CHANGE.value)


@dataclass
class Awaiting:
    """The procedures waiting on one person (see the module docstring)."""

    filings: list[Filing] = field(default_factory=list)
    demands: list[demands.Demand] = field(default_factory=list)
    escalated: list[Feedback] = field(default_factory=list)
    answered_escalations: list[Feedback] = field(default_factory=list)
    immediate: list[Obligation] = field(default_factory=list)

    def __bool__(self) -> bool:
        return any(
            (self.filings, self.demands, self.escalated, self.answered_escalations, self.immediate)
        )


def filings_to_decide(person: Person, permissions=None) -> list[Filing]:
    """Work plans and change requests filed with the person's organizations, oldest first."""
    return list(
        Filing.select()
        .where(
            (Filing.status == FilingStatus.FILED.value)
            & Filing.kind.in_(DECIDED_KINDS)
            & Filing.upper_organization.is_null(False)
            & access.organization_condition(
                person, "filing.decide", Filing.upper_organization, permissions=permissions
            )
        )
        .order_by(Filing.id)
        .limit(SHOWN)
    )


def _escalated(person: Person, statuses: tuple[str, ...], action: str, permissions) -> list:
    return list(
        Feedback.select()
        .where(
            Feedback.escalated
            & Feedback.status.in_(statuses)
            & access.organization_condition(
                person, action, Feedback.organization, permissions=permissions
            )
        )
        .order_by(Feedback.id.desc())
        .limit(SHOWN)
    )


def escalated_feedback(person: Person, permissions=None) -> list[Feedback]:
    """Escalated opinions waiting for the person's leadership answer, newest first."""
    waiting = (FeedbackStatus.RECEIVED.value, FeedbackStatus.ASSIGNED.value)
    return _escalated(person, waiting, "feedback.answer_escalated", permissions)


def answered_escalations(person: Person, permissions=None) -> list[Feedback]:
    """Escalated opinions the leadership answered, for the handlers to close, newest first."""
    answered = (FeedbackStatus.ANSWERED.value,)
    return _escalated(person, answered, "feedback.handle", permissions)


def immediate_obligations(person: Person, permissions=None) -> list[Obligation]:
    """Open obligations of immediate items of the person's organizations, soonest due first."""
    return list(
        Obligation.select(Obligation, CatalogItem)
        .join(CatalogItem, on=(Obligation.catalog_item == CatalogItem.id))
        .where(
            (CatalogItem.time_limit == TimeLimit.IMMEDIATE.value)
            & Obligation.status.in_(
                (ObligationStatus.PENDING.value, ObligationStatus.OVERDUE.value)
            )
            & access.organization_condition(
                person, "obligation.trigger", Obligation.organization, permissions=permissions
            )
        )
        .order_by(Obligation.due_date, Obligation.id)
        .limit(SHOWN)
    )


def awaiting(ctx: UnitContext, person: Person | None) -> Awaiting:
    """Everything of the module docstring that waits on ``person`` (nothing for no one)."""
    if person is None:
        return Awaiting()
    permissions = ctx.registry.permissions
    return Awaiting(
        filings=filings_to_decide(person, permissions),
        demands=demands.demands_for(ctx, person)[:SHOWN],
        escalated=escalated_feedback(person, permissions),
        answered_escalations=answered_escalations(person, permissions),
        immediate=immediate_obligations(person, permissions),
    )
