"""程序: workflow definitions as data, and the engine that fires their transitions.

* :mod:`.definition` — the loader and the loaded :class:`Definition`;
* :mod:`.schema` — the shape of a (resolved) definition;
* :mod:`.extension` — ``extends``: a definition that states only its differences;
* :mod:`.kinds` — what states and transitions mean (core asks kinds, never names);
* :mod:`.engine` — :func:`fire` and :func:`available_transitions`;
* :mod:`.guards`, :mod:`.effects` — core's named guard and effect functions;
* ``default.toml`` — the default definition (004 五), answered by ``builtin/workflow.py``.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Any

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
from .kinds import StateKind, TransitionKind

DEFAULT_WORKFLOW = "dangwu.default"


def read_toml(package: str, name: str) -> dict[str, Any]:
    """Read a definition shipped as a TOML file inside ``package`` (a plugin's data file).

    A plugin's definition may say ``extends = "dangwu.default"`` (or name any definition a
    plugin answers): the registry resolves it, so nobody needs to read core's own file.
    """
    return tomllib.loads(resources.files(package).joinpath(name).read_text(encoding="utf-8"))


@cache
def _default_data() -> str:
    return resources.files(__name__).joinpath("default.toml").read_text(encoding="utf-8")


def default_definition_data() -> dict[str, Any]:
    """The default definition (``default.toml``) as data: a fresh mapping on every call."""
    return tomllib.loads(_default_data())


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
