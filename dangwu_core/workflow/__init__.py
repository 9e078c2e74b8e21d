"""程序: workflow definitions as data, and the engine that fires their transitions.

* :mod:`.definition` — the loader and the loaded :class:`Definition`;
* :mod:`.schema` — the shape of a (resolved) definition;
* :mod:`.extension` — ``extends``: a definition that states only its differences;
* :mod:`.files` — definitions shipped as TOML files (core's default, plugins' own);
* :mod:`.kinds` — what states and transitions mean (core asks kinds, never names);
* :mod:`.engine` — :func:`fire` and :func:`available_transitions`;
* :mod:`.guards`, :mod:`.effects` — core's named guard and effect functions;
* ``default.toml`` — the default definition (004 五), answered by ``builtin/workflow.py``.
"""

from __future__ import annotations

from .definition import (
    EFFECT,
    GUARD,
    Definition,
    State,
    Transition,
    WorkflowFunction,
    Workflows,
    load_definition,
)
from .engine import TransitionContext, available_transitions, fire
from .extension import resolve
from .files import DEFAULT_WORKFLOW, default_definition_data, read_toml
from .kinds import StateKind, TransitionKind


def core_functions() -> list[WorkflowFunction]:
    """Core's guards and effects, as registered by ``builtin/workflow.py``."""
    from .effects import EFFECTS
    from .guards import GUARDS

    return [WorkflowFunction(n, GUARD, f, label) for n, (f, label) in GUARDS.items()] + [
        WorkflowFunction(n, EFFECT, f, label) for n, (f, label) in EFFECTS.items()
    ]


__all__ = [
    "DEFAULT_WORKFLOW",
    "Definition",
    "State",
    "StateKind",
    "Transition",
    "TransitionContext",
    "TransitionKind",
    "WorkflowFunction",
    "Workflows",
    "available_transitions",
    "core_functions",
    "default_definition_data",
    "fire",
    "load_definition",
    "read_toml",
    "resolve",
]
