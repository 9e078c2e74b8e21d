"""The admin's home page: what waits for the person now — the disclosures to move (asked of
:mod:`dangwu_core.worklist`) and the procedures around them (:mod:`dangwu_core.awaiting`): work
plans and change requests to decide, demands to answer, escalated opinions, immediate items
to disclose. An out-of-catalog item in the list says when it still lacks its approved work
plan, and who must act."""

from __future__ import annotations

from flask import current_app

from .. import access, awaiting, filings, worklist
from ..sections import in_catalog
from ..workflow.guards import approved_plan
from .batches import VIEW_ACTIONS as BATCH_ACTIONS

#: How many waiting items the home page lists.
SHOWN = 30


def lacks_plan(disclosure) -> bool:
    """An out-of-catalog item whose work plan the catalog issuer has not approved (yet)."""
    if in_catalog(disclosure):  # a catalogued item, or a sheet of catalogued sections
        return False
    return not filings.is_approved(approved_plan(disclosure))


def home_figures(person) -> dict:
    """Items the person may move now, with the labels of the transitions they may fire."""
    unit = current_app.extensions["dangwu"]
    waiting = [
        (item.disclosure, item.state_label, item.labels)
        for item in worklist.waiting(unit.context, person)[:SHOWN]
    ]
    return {
        "waiting": waiting,
        "without_plan": {d.id for d, _, _ in waiting if lacks_plan(d)},
        "awaiting": awaiting.awaiting(unit.context, person),
        "may_trigger": access.may_anywhere(person, "obligation.trigger"),
        "may_supervise": access.may_anywhere(person, "supervision.view"),
        "may_export": access.may_anywhere(person, "ledger.export"),
        "may_batch": any(access.may_anywhere(person, a) for a in BATCH_ACTIONS),
        "desk": desk_panels(unit, person),
    }


def desk_panels(unit, person) -> list[tuple[str, list]]:
    """The plugins' waiting work (``dangwu_register_desk_items``), grouped by heading in the
    order they first appear."""
    if person is None:
        return []
    panels: dict[str, list] = {}
    for answer in unit.pm.hook.dangwu_register_desk_items(unit=unit, person=person):
        for item in answer or ():
            panels.setdefault(item.panel, []).append(item)
    return list(panels.items())
