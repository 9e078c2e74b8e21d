"""The admin's home page: what waits for the person now (asked of :mod:`dangwu_core.worklist`)."""

from __future__ import annotations

from flask import current_app

from .. import access, worklist
from .batches import VIEW_ACTIONS as BATCH_ACTIONS

#: How many waiting items the home page lists.
SHOWN = 30


def home_figures(person) -> dict:
    """Items the person may move now, with the labels of the transitions they may fire."""
    unit = current_app.extensions["dangwu"]
    waiting = [
        (item.disclosure, item.state_label, item.labels)
        for item in worklist.waiting(unit.context, person)[:SHOWN]
    ]
    return {
        "waiting": waiting,
        "may_supervise": access.may_anywhere(person, "supervision.view"),
        "may_export": access.may_anywhere(person, "ledger.export"),
        "may_batch": any(access.may_anywhere(person, a) for a in BATCH_ACTIONS),
    }
