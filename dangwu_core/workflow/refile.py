"""Refile what was archived before archiving kept the readers (issue 13): ``dangwu workflow
refile``.

Before the rule of :mod:`.readers`, core's default (and every workflow extending it) archived
refused, withdrawn and superseded items into ``archived``, which is readable by scope: an
upgraded unit may still hold such items. :func:`misfiled` finds them by kind, whatever the
workflow calls its states: a disclosure resting in a state readable by scope that its last
step brought it to from a state that is not, by a step that does not disclose (not of a kind
in :data:`~.kinds.DISCLOSING_KINDS`). :func:`refile` moves each where its workflow now files
it — the target of the archive step that leaves the state it came from (``refused`` →
``archived_undisclosed``), or, when its workflow has none, back to that state — in one
transaction, one ``disclosure.refile`` audit event each, fired as the unit itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .. import audit
from ..clock import utcnow
from ..db import atomic
from ..models import Disclosure, Event
from .kinds import DISCLOSING_KINDS, TransitionKind

if TYPE_CHECKING:
    from ..context import UnitContext

SYSTEM = "dangwu workflow refile"


@dataclass(frozen=True)
class Misfiled:
    """A disclosure readable by scope that no publish step disclosed, and where it belongs."""

    disclosure: Disclosure
    came_from: str
    target: str


def misfiled(unit: UnitContext) -> list[Misfiled]:
    """The disclosures to refile (see the module docstring), oldest first."""
    out = []
    for definition in unit.registry.workflows:
        public = [s.name for s in definition.disclosing_states()]
        if not public:
            continue
        items = (
            Disclosure.select()
            .where((Disclosure.workflow == definition.name) & Disclosure.state.in_(public))
            .order_by(Disclosure.id)
        )
        for item in items:
            last = (
                Event.select(Event.from_state, Event.payload)
                .where(
                    (Event.subject_type == "disclosure")
                    & (Event.subject_id == item.id)
                    & (Event.to_state == item.state)
                )
                .order_by(Event.id.desc())
                .first()
            )
            if last is None or last.from_state not in definition.states:
                continue
            if definition.states[last.from_state].by_scope:
                continue
            step = (last.payload or {}).get("transition")
            if step in definition.transitions and (
                definition.transitions[step].kind in DISCLOSING_KINDS
            ):
                continue
            archives = [
                t.target
                for t in definition.transitions_of_kind(TransitionKind.ARCHIVE)
                if last.from_state in t.sources
            ]
            out.append(
                Misfiled(item, last.from_state, archives[0] if archives else last.from_state)
            )
    return out


def refile(unit: UnitContext) -> list[Misfiled]:
    """Move every :func:`misfiled` disclosure where its workflow files it now; return them."""
    found = misfiled(unit)
    with atomic():
        for entry in found:
            item = entry.disclosure
            Disclosure.update(
                state=entry.target,
                lock_version=Disclosure.lock_version + 1,
                updated_at=utcnow(),
            ).where(Disclosure.id == item.id).execute()
            audit.record(
                "disclosure.refile",
                "disclosure",
                item.id,
                organization=item.organization_id,
                from_state=item.state,
                to_state=entry.target,
                reason=(
                    f"archived from {entry.came_from}, which is not readable by scope: filed "
                    "where it keeps the readers it had"
                ),
                payload={"workflow": item.workflow, "system": SYSTEM},
            )
    return found
