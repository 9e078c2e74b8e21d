"""What the admin's pages show of the procedures around the workflow, and who may act now.

:func:`disclosure_panel` is the disclosure page's: the work plan of an out-of-catalog item
(工作方案, 003 §6(二)) and the catalog issuer's approvals of a change, revocation or
termination (001 四.2, 003 §9(二)), each with its state, the organization that must act and
whether the person may; :func:`feedback_panel` the feedback page's (escalation to the
leadership, 001 四.3, and the re-publications it led to). Every "may" is the registry's answer
(:mod:`dangwu_core.access`); the services (:mod:`dangwu_core.disclosures`,
:mod:`dangwu_core.changes`, :mod:`dangwu_core.feedback`) check again when the form is posted.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import access, changes, demands, disclosures, feedback, filings
from ..models import (
    Disclosure,
    Feedback,
    FeedbackStatus,
    Filing,
    FilingKind,
    FilingStatus,
    Obligation,
    Organization,
)
from ..workflow.guards import approved_plan
from ..workflow.kinds import CHANGE_ACTIONS
from .base import unit


@dataclass(frozen=True)
class FilingState:
    """The state of one filing as a page says it: none, filed, agreed or declined."""

    filing: Filing | None

    @property
    def state(self) -> str:
        if self.filing is None:
            return "none"
        if self.filing.status == FilingStatus.FILED.value:
            return "filed"
        return "agreed" if filings.is_approved(self.filing) else "declined"

    @property
    def used(self) -> bool:
        return filings.is_used(self.filing)


def _filings(disclosure: Disclosure, kind: str) -> list[Filing]:
    return list(
        Filing.select()
        .where(
            (Filing.kind == kind)
            & (Filing.subject_type == "disclosure")
            & (Filing.subject_id == disclosure.id)
        )
        .order_by(Filing.id.desc())
    )


def may_decide(person, filing: Filing | None) -> bool:
    """May ``person`` decide ``filing`` now (filed, addressed to an organization they approve
    for)?"""
    return bool(
        filing is not None
        and filing.status == FilingStatus.FILED.value
        and filing.upper_organization_id is not None
        and access.allowed(
            person,
            "filing.decide",
            filing.upper_organization_id,
            permissions=unit().registry.permissions,
        )
    )


def plan_panel(disclosure: Disclosure, person) -> dict | None:
    """The work plan of an out-of-catalog item (None for a catalogued one)."""
    if disclosure.catalog_item_id is not None:
        return None
    plans = _filings(disclosure, FilingKind.IMPLEMENTATION_PLAN.value)
    # the approved plan counts (the guard's, approved_plan); else the newest one filed
    approved = approved_plan(disclosure)
    if filings.is_approved(approved):
        latest = FilingState(approved)
    else:
        latest = FilingState(plans[0] if plans else None)
    issuer: Organization | None = disclosures.catalog_issuer(disclosure.organization)
    may_file = latest.state in ("none", "declined") and access.allowed(
        person,
        "disclosure.draft",
        disclosure.organization_id,
        permissions=unit().registry.permissions,
    )
    return {
        "latest": latest,
        "history": plans,
        "issuer": issuer,
        "may_file": may_file,
        "may_decide": may_decide(person, latest.filing),
    }


def change_panel(disclosure: Disclosure, person) -> dict | None:
    """The issuer's approvals the item's next change, revocation or termination needs (None
    when its own organization decides, or when its state leaves by no such step)."""
    issuer = changes.change_issuer(disclosure)
    if issuer is None:
        return None
    definition = unit().registry.workflows.get(disclosure.workflow)
    actions = [
        CHANGE_ACTIONS[t.kind]
        for t in definition.transitions_from(disclosure.state)
        if t.kind in CHANGE_ACTIONS and "change_approved_by_issuer" in t.guards
    ]
    actions = list(dict.fromkeys(actions))
    if not actions:
        return None
    filings = _filings(disclosure, FilingKind.CATALOG_CHANGE.value)
    rows = []
    for action in actions:
        mine = [f for f in filings if (f.payload or {}).get("action") == action]
        latest = FilingState(mine[0] if mine else None)
        rows.append(
            {
                "action": action,
                "label": changes.ACTIONS[action],
                "latest": latest,
                "ready": changes.approved_change(disclosure, action) is not None,
                "may_decide": may_decide(person, latest.filing),
            }
        )
    return {
        "issuer": issuer,
        "rows": rows,
        "may_request": access.allowed(
            person,
            "change.request",
            disclosure.organization_id,
            permissions=unit().registry.permissions,
        ),
        "requestable": [
            r["action"] for r in rows if not r["ready"] and r["latest"].state != "filed"
        ],
    }


def disclosure_panel(disclosure: Disclosure, person, *, republish: bool) -> dict:
    """Everything the disclosure page shows of its procedures (see the module docstring).

    :param republish: the person is offered a re-publication: the opinions it may name.
    """
    return {
        "plan": plan_panel(disclosure, person),
        "change": change_panel(disclosure, person),
        "corrections": feedback.correction_choices(disclosure) if republish else [],
    }


def feedback_panel(item: Feedback, person) -> dict:
    """The feedback page's procedures: escalate (handlers), close an answered one, and the
    re-publications it led to."""
    permissions = unit().registry.permissions
    handles = access.allowed(
        person, "feedback.handle", item.organization_id, permissions=permissions
    )
    open_ = item.status in (FeedbackStatus.RECEIVED.value, FeedbackStatus.ASSIGNED.value)
    leads = access.allowed(
        person, "feedback.answer_escalated", item.organization_id, permissions=permissions
    )
    return {
        "may_escalate": handles and open_ and not item.escalated,
        "may_answer": handles and open_ and (leads or not item.escalated),
        "waits_for_leaders": item.escalated and open_,
        "may_close": handles and item.status == FeedbackStatus.ANSWERED.value,
        "corrections": feedback.corrections_of(item),
    }


def obligation_panel(obligation: Obligation, person) -> dict:
    """The obligation's page: its demands (要求提出, 004 五(一)) and whether the person may
    demand now (the organization's leadership, or an upper organization's)."""
    permissions = unit().registry.permissions
    may = access.allowed(
        person, "obligation.demand", obligation.organization_id, permissions=permissions
    ) or access.allowed(
        person,
        "obligation.demand",
        obligation.organization_id,
        on="ancestor",
        permissions=permissions,
    )
    return {
        "demands": demands.demands_of(obligation),
        "may_demand": may and obligation.status in demands.OPEN,
    }
