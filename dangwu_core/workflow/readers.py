"""Who reads an item as it moves: the rules on readers that every workflow obeys.

A state's readers say who may read an item in it; ``by_scope`` admits whoever the item's
scope admits, on every surface (portal, API, search, feeds, e-screens). Whatever a sector
calls its states and steps, moving an item never discloses it by a back door. Every
definition — core's, a sector's, any plugin's — obeys four rules, stated on kinds
(:mod:`.kinds`), never on names:

1. **Born undisclosed.** The initial state is not readable by scope.
2. **Only publishing discloses.** A step from a state not readable by scope into one that
   is must be of a disclosing kind (:data:`~.kinds.DISCLOSING_KINDS`: ``publish``, the step
   that follows review and approval, 004 五(四)). Archiving a refused item, expiring a
   withdrawn one, never does.
3. **Stopping stops.** A step of a stopping kind (:data:`~.kinds.STOPPING_KINDS`: cancel,
   return, refuse, defer, withdraw, terminate) never ends in a state readable by scope: a
   withdrawn item stays off the public pages.
4. **Archiving keeps the readers an item had.** Every reader of an ``archive`` step's target
   is a reader of each state the step leaves from. What was public stays public in the
   archive (归档, 004 五(五)); what was never published, or was withdrawn or replaced, is filed
   for those who could read it before. A workflow therefore archives into states by what
   they held: core's default has ``archived`` (from published and expired, readable by
   scope) and ``archived_undisclosed`` (from refused, withdrawn and superseded, readable by
   the officers and the proposer only), one ``archive`` step into each.

Readers are compared as the tokens the definition lists (``by_scope``, ``proposer``, a role,
``<role>@parent``): a target that lists no token its source lacks admits no one new.

:func:`reader_problems` states every breach; :func:`~.definition.load_definition` refuses a
definition with any, so a plugin's workflow that breaks a rule never loads (the registry
names the plugin in the error).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .kinds import DISCLOSING_KINDS, STOPPING_KINDS, TransitionKind
from .schema import BY_SCOPE

__all__ = ["reader_problems"]


def reader_problems(loaded: Mapping[str, Any]) -> list[str]:
    """The breaches of the four rules (see the module docstring) in ``loaded``, the data of a
    definition as its schema loads it (``states``: label/kind/readers; ``transitions``:
    kind/sources/target), one message each naming the step or state and the rule."""
    states = loaded["states"]
    readers = {name: set(state["readers"]) for name, state in states.items()}

    def public(name: str) -> bool:
        return BY_SCOPE in readers.get(name, ())

    problems = []
    if public(loaded["initial"]):
        problems.append(
            f"states.{loaded['initial']}: the initial state may not be readable by scope "
            f"({BY_SCOPE}): an item is disclosed only by a step of kind publish"
        )
    disclosing = ", ".join(sorted(DISCLOSING_KINDS))
    for key, transition in loaded["transitions"].items():
        kind, target = transition["kind"], transition["target"]
        if target not in states:
            continue  # the definition's other checks name the unknown state
        sources = [s for s in transition["sources"] if s in states]
        if public(target) and kind not in DISCLOSING_KINDS:
            for source in sources:
                if not public(source):
                    problems.append(
                        f"transitions.{key}: an item in {source!r} is not readable by scope, "
                        f"and this step (kind {kind!r}) would make it readable by scope in "
                        f"{target!r}; only a step of kind {disclosing} discloses an item"
                    )
        if public(target) and kind in STOPPING_KINDS:
            problems.append(
                f"transitions.{key}: a step of kind {kind!r} stops disclosure, so its target "
                f"{target!r} may not be readable by scope"
            )
        if kind == TransitionKind.ARCHIVE:
            for source in sources:
                added = sorted(readers[target] - readers[source])
                if added:
                    problems.append(
                        f"transitions.{key}: archiving keeps the readers an item had, but "
                        f"{target!r} admits {', '.join(added)}, which {source!r} does not; "
                        f"archive {source!r} into a state whose readers it has (as "
                        "dangwu.default archives refused, withdrawn and superseded items "
                        "into archived_undisclosed)"
                    )
    return problems
