"""The admin's home page: what waits for the person now."""

from __future__ import annotations

from .. import access
from ..models import Disclosure
from .base import unit


def home_figures(person) -> dict:
    """Items the person may move now (asked of the engine), by transition label."""
    workflows = unit().registry.workflows
    waiting = []
    query = (
        access.admin_disclosures(person, workflows)
        .where(Disclosure.published_at.is_null() | (Disclosure.state == "approved"))
        .order_by(Disclosure.id.desc())
        .limit(200)
    )
    for item in query:
        names = unit().available_transitions(item, person)
        if names:
            definition = workflows.get(item.workflow)
            waiting.append(
                (
                    item,
                    definition.state_label(item.state),
                    [definition.transitions[n].label for n in names],
                )
            )
    return {
        "waiting": waiting[:30],
        "may_supervise": access.may_anywhere(person, "supervision.view"),
        "may_export": access.may_anywhere(person, "ledger.export"),
    }
