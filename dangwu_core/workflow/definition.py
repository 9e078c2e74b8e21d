"""Workflow definitions as data: the loader and the loaded objects.

The schema (shape) is :mod:`.schema`, ``extends`` is resolved by :mod:`.extension`, kinds
are :mod:`.kinds`.

A definition (程序) is a mapping, usually read from a TOML file shipped in a plugin::

    workflow = "dangwu.default"
    label = "党务公开基本程序"
    initial = "draft"

    [states.draft]
    label = "草稿"
    kind = "draft"               # what the state means: see workflow/kinds.py
    readers = ["proposer", "reviewer", "approver", "publisher", "admin"]

    [transitions.propose]
    label = "申报"
    kind = "propose"             # what the step means: see workflow/kinds.py
    from = ["draft"]
    to = "submitted"
    role = "proposer"            # or a list: any of them; "system" lets `dangwu tick` fire it
    on = "own"                   # own | parent | ancestor
    guards = []                  # names of registered guard functions
    effects = []                 # names of registered effect functions
    requires_comment = false

Nothing in the data is an expression: guards and effects are *names* of functions that
plugins register through ``dangwu_register_workflow_functions`` (as Plone's DCWorkflow and
Wagtail keep guards in code). :func:`load_definition` checks the shape with the schema, then
the meaning (unknown state, unknown guard or effect, unreachable state, a judging step — a
kind in :data:`~.kinds.JUDGING_KINDS` — on the organization itself without separation of
duties, a step that discloses an item by a back door or an archive that widens its readers:
the rules of :mod:`.readers`) and raises one ValidationError listing every problem. A
definition that says ``extends = "<name>"`` is first merged onto its base (:mod:`.extension`).

``role`` may list ``system`` (:data:`SYSTEM`): the transition may then also be fired by the
unit itself — ``dangwu tick`` expiring display windows — with no person as actor. Only the
transitions a definition marks so may be fired that way; the event records ``actor = None``
and ``"system": "<who>"`` in its payload. ``system`` is not a role a person can hold.

State readers are tokens: ``by_scope`` (whoever the disclosure's scope admits), ``proposer``
(the person who proposed it), a role name (held on the disclosing organization, directly or
reaching down from an ancestor) or ``<role>@parent`` (held on its parent organization).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from marshmallow import ValidationError as SchemaError

from ..errors import ValidationError
from .extension import Lookup, resolve
from .kinds import CHANGE_ACTIONS, JUDGING_KINDS
from .readers import reader_problems
from .schema import BY_SCOPE, PROPOSER, RELATIONS, SYSTEM, DefinitionSchema, flatten

SEPARATION_GUARD = "not_proposer"
#: A change-kind step (``kinds.CHANGE_ACTIONS``: re-publication, withdrawal, termination) needs
#: the catalog issuer's approval and uses it up (001 四.2, 003 §9(二)); no workflow drops them.
CHANGE_GUARD, CHANGE_EFFECT = "change_approved_by_issuer", "use_change_approval"
GUARD, EFFECT = "guard", "effect"

__all__ = [
    "BY_SCOPE",
    "EFFECT",
    "GUARD",
    "PROPOSER",
    "RELATIONS",
    "SEPARATION_GUARD",
    "SYSTEM",
    "Definition",
    "State",
    "Transition",
    "WorkflowFunction",
    "Workflows",
    "load_definition",
]


# --- The functions definitions name ------------------------------------------------------


@dataclass(frozen=True)
class WorkflowFunction:
    """A guard or an effect that definitions reference by ``name``.

    :param name: a stable identifier (``not_proposer``, ``file_with_upper``).
    :param kind: ``"guard"`` (``function(ctx) -> str | None``: a refusal message or None) or
        ``"effect"`` (``function(ctx) -> None``, run inside the transition's transaction).
    :param function: the callable; it receives a
        :class:`~dangwu_core.workflow.engine.TransitionContext`.
    :param label: the Chinese description shown to administrators.
    """

    name: str
    kind: str
    function: Callable[..., Any]
    label: str = ""

    def __post_init__(self) -> None:
        if self.kind not in (GUARD, EFFECT):
            raise ValueError(f"workflow function {self.name!r}: kind must be 'guard' or 'effect'")
        if not callable(self.function):
            raise ValueError(f"workflow function {self.name!r} is not callable")


# --- The loaded definition ---------------------------------------------------------------


@dataclass(frozen=True)
class State:
    name: str
    label: str
    readers: tuple[str, ...]
    kind: str

    @property
    def by_scope(self) -> bool:
        """True when the state discloses: whoever the item's scope admits reads it (the
        lists of every surface show it). Only a publish step enters such a state from one
        that is not (:mod:`.readers`)."""
        return BY_SCOPE in self.readers


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    kind: str
    sources: tuple[str, ...]
    target: str
    roles: tuple[str, ...]
    on: str = "own"
    guards: tuple[str, ...] = ()
    effects: tuple[str, ...] = ()
    requires_comment: bool = False

    @property
    def system(self) -> bool:
        """True when the unit itself (``dangwu tick``) may fire it, with no person as actor."""
        return SYSTEM in self.roles


@dataclass(frozen=True)
class Definition:
    """A validated workflow: states, transitions, the initial state."""

    name: str
    label: str
    initial: str
    states: Mapping[str, State] = field(hash=False)
    transitions: Mapping[str, Transition] = field(hash=False)

    def transitions_from(self, state: str) -> list[Transition]:
        return [t for t in self.transitions.values() if state in t.sources]

    def transitions_of_kind(self, *kinds: str) -> list[Transition]:
        """The transitions carrying any of ``kinds`` (:class:`TransitionKind`), in order."""
        return [t for t in self.transitions.values() if t.kind in kinds]

    def states_of_kind(self, *kinds: str) -> list[State]:
        """The states carrying any of ``kinds`` (:class:`StateKind`), in order."""
        return [s for s in self.states.values() if s.kind in kinds]

    def disclosing_states(self) -> list[State]:
        """The states readable by scope (:attr:`State.by_scope`), in order."""
        return [s for s in self.states.values() if s.by_scope]

    def kind_of(self, name: str) -> str:
        """The kind of the transition (or, failing that, the state) called ``name``.

        :raises KeyError: the definition has neither.
        """
        if name in self.transitions:
            return self.transitions[name].kind
        return self.states[name].kind

    def as_data(self) -> dict[str, Any]:
        """The definition as complete data (no ``extends``): what :func:`load_definition`
        loads back to an equal definition, and what ``dangwu workflow show`` prints."""
        return {
            "workflow": self.name,
            "label": self.label,
            "initial": self.initial,
            "states": {
                s.name: {"label": s.label, "kind": s.kind, "readers": list(s.readers)}
                for s in self.states.values()
            },
            "transitions": {
                t.name: {
                    "label": t.label,
                    "kind": t.kind,
                    "from": list(t.sources),
                    "to": t.target,
                    "role": list(t.roles),
                    "on": t.on,
                    "guards": list(t.guards),
                    "effects": list(t.effects),
                    "requires_comment": t.requires_comment,
                }
                for t in self.transitions.values()
            },
        }

    def state_label(self, state: str) -> str:
        found = self.states.get(state)
        return found.label if found else state


# --- Loading (meaning) -------------------------------------------------------------------


def _no_bases(name: str) -> None:
    return None


def load_definition(
    data: Mapping[str, Any],
    functions: Mapping[str, WorkflowFunction],
    bases: Lookup | None = None,
) -> Definition:
    """Resolve ``extends`` through ``bases``, validate the result against the schema and the
    registered ``functions``; build it.

    :param bases: answers a base definition's data by workflow name (None if unknown); the
        registry passes every definition the plugins answer and core's default.
    :raises ValidationError: one error whose message lists every problem found.
    """
    name = data.get("workflow", "?") if isinstance(data, Mapping) else "?"
    data = resolve(data, bases or _no_bases)
    try:
        loaded = DefinitionSchema().load(data)
    except SchemaError as exc:
        raise _invalid(name, flatten(exc.messages)) from None
    problems = _problems(loaded, functions)
    if problems:
        raise _invalid(name, problems)
    states = {
        key: State(key, value["label"], tuple(value["readers"]), value["kind"])
        for key, value in loaded["states"].items()
    }
    transitions = {
        key: Transition(
            name=key,
            label=value["label"],
            kind=value["kind"],
            sources=tuple(value["sources"]),
            target=value["target"],
            roles=value["roles"],
            on=value["on"],
            guards=tuple(value["guards"]),
            effects=tuple(value["effects"]),
            requires_comment=value["requires_comment"],
        )
        for key, value in loaded["transitions"].items()
    }
    return Definition(loaded["workflow"], loaded["label"], loaded["initial"], states, transitions)


def _invalid(name: str, problems: Iterable[str]) -> ValidationError:
    problems = list(problems)
    return ValidationError(
        f"workflow definition {name!r} is invalid: " + "; ".join(problems), "workflow"
    )


def _problems(loaded: dict, functions: Mapping[str, WorkflowFunction]) -> list[str]:
    states = loaded["states"]
    problems = []
    if loaded["initial"] not in states:
        problems.append(f"initial: unknown state {loaded['initial']!r}")
    guards = sorted(n for n, f in functions.items() if f.kind == GUARD)
    effects = sorted(n for n, f in functions.items() if f.kind == EFFECT)
    for key, transition in loaded["transitions"].items():
        for state in [*transition["sources"], transition["target"]]:
            if state not in states:
                problems.append(f"transitions.{key}: unknown state {state!r}")
        for guard in transition["guards"]:
            if guard not in guards:
                problems.append(
                    f"transitions.{key}.guards: unknown guard {guard!r} "
                    f"(registered: {', '.join(guards) or 'none'})"
                )
        for effect in transition["effects"]:
            if effect not in effects:
                problems.append(
                    f"transitions.{key}.effects: unknown effect {effect!r} "
                    f"(registered: {', '.join(effects) or 'none'})"
                )
        judging = transition["kind"] in JUDGING_KINDS
        if SYSTEM in transition["roles"] and (judging or transition["requires_comment"]):
            problems.append(
                f"transitions.{key}: {SYSTEM} may fire only routine steps (expiry...), never a "
                "review, an approval or a step that needs a stated reason"
            )
        if judging and transition["on"] == "own" and SEPARATION_GUARD not in transition["guards"]:
            problems.append(
                f"transitions.{key}: a step of kind {transition['kind']!r} must list the guard "
                f"{SEPARATION_GUARD!r} (the proposer never reviews or approves their own item)"
            )
        if transition["kind"] in CHANGE_ACTIONS and (
            CHANGE_GUARD not in transition["guards"] or CHANGE_EFFECT not in transition["effects"]
        ):
            problems.append(
                f"transitions.{key}: a step of kind {transition['kind']!r} changes a catalogued "
                f"item, which only the catalog's issuer may approve: it must list the guard "
                f"{CHANGE_GUARD!r} and the effect {CHANGE_EFFECT!r}"
            )
    if loaded["initial"] in states:
        reached = {loaded["initial"]}
        frontier = [loaded["initial"]]
        while frontier:
            state = frontier.pop()
            for transition in loaded["transitions"].values():
                if state in transition["sources"] and transition["target"] not in reached:
                    reached.add(transition["target"])
                    frontier.append(transition["target"])
        unreachable = sorted(set(states) - reached)
        if unreachable:
            problems.append(
                f"states: {', '.join(map(repr, unreachable))} cannot be reached from "
                f"{loaded['initial']!r}"
            )
        problems.extend(reader_problems(loaded))
    return problems


class Workflows:
    """The unit's loaded definitions, by name, and which one each organization type follows."""

    def __init__(self, by_name: dict[str, Definition], by_type: dict[str, str]):
        self.by_name = dict(by_name)
        self.by_type = dict(by_type)

    def get(self, name: str) -> Definition:
        try:
            return self.by_name[name]
        except KeyError:
            known = ", ".join(sorted(self.by_name)) or "none"
            raise ValidationError(
                f"unknown workflow {name!r} (is the plugin that defined it still installed?); "
                f"loaded workflows: {known}",
                "workflow",
            ) from None

    def for_type(self, organization_type: str) -> Definition:
        name = self.by_type.get(organization_type)
        if name is None:
            raise ValidationError(
                f"no workflow is bound to organization type {organization_type!r}", "workflow"
            )
        return self.by_name[name]

    def __iter__(self):
        return iter(self.by_name.values())

    def __len__(self) -> int:
        return len(self.by_name)
