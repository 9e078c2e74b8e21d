"""Workflow definitions as data: the marshmallow schema, the loader and the loaded objects.

A definition (程序) is a mapping, usually read from a TOML file shipped in a plugin::

    workflow = "dangwu.default"
    label = "党务公开基本程序"
    initial = "draft"

    [states.draft]
    label = "草稿"
    readers = ["proposer", "reviewer", "approver", "publisher", "admin"]

    [transitions.propose]
    label = "申报"
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
the meaning (unknown state, unknown guard or effect, unreachable state, a reviewer or approver
step without separation of duties) and raises one ValidationError listing every problem.

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

from marshmallow import RAISE, Schema, fields, validate
from marshmallow import ValidationError as SchemaError

from ..errors import ValidationError
from ..models import Role

RELATIONS = ("own", "parent", "ancestor")
BY_SCOPE = "by_scope"
PROPOSER = "proposer"
#: Roles whose holders judge the item: the proposer may never fire their transitions on their
#: own organization (004 五: 提出 and 审核/审批 are different hands).
JUDGING_ROLES = frozenset({Role.REVIEWER.value, Role.APPROVER.value})
SEPARATION_GUARD = "not_proposer"
GUARD, EFFECT = "guard", "effect"
#: The role token of the unit itself (``dangwu tick``): not a Role anyone holds.
SYSTEM = "system"


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


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
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

    def state_label(self, state: str) -> str:
        found = self.states.get(state)
        return found.label if found else state


# --- The schema (shape) ------------------------------------------------------------------


class _RoleList(fields.Field):
    """One role name or a list of them."""

    def _deserialize(self, value, attr, data, **kwargs):
        names = [value] if isinstance(value, str) else value
        if not isinstance(names, list) or not names:
            raise SchemaError("must be a role name or a non-empty list of role names")
        unknown = [n for n in names if n not in Role.values() and n != SYSTEM]
        if unknown:
            raise SchemaError(
                f"unknown role {unknown[0]!r}; roles are {', '.join(Role.values())} "
                f"(and {SYSTEM} for the unit's own scheduled runs)"
            )
        return tuple(names)


def _reader_token(token: str) -> None:
    role = token.removesuffix("@parent")
    if token in (BY_SCOPE, PROPOSER) or role in Role.values():
        return
    raise SchemaError(f"unknown reader {token!r}: use by_scope, proposer, a role or <role>@parent")


class StateSchema(Schema):
    class Meta:
        unknown = RAISE

    label = fields.String(required=True, validate=validate.Length(min=1))
    readers = fields.List(
        fields.String(validate=_reader_token), required=True, validate=validate.Length(min=1)
    )


class TransitionSchema(Schema):
    class Meta:
        unknown = RAISE

    label = fields.String(required=True, validate=validate.Length(min=1))
    sources = fields.List(
        fields.String(), data_key="from", required=True, validate=validate.Length(min=1)
    )
    target = fields.String(data_key="to", required=True)
    roles = _RoleList(data_key="role", required=True)
    on = fields.String(load_default="own", validate=validate.OneOf(RELATIONS))
    guards = fields.List(fields.String(), load_default=list)
    effects = fields.List(fields.String(), load_default=list)
    requires_comment = fields.Boolean(load_default=False)


class DefinitionSchema(Schema):
    class Meta:
        unknown = RAISE

    workflow = fields.String(required=True, validate=validate.Regexp(r"^[a-z][a-z0-9_.]*$"))
    label = fields.String(required=True)
    initial = fields.String(required=True)
    states = fields.Dict(
        keys=fields.String(validate=validate.Regexp(r"^[a-z][a-z0-9_]*$")),
        values=fields.Nested(StateSchema),
        required=True,
        validate=validate.Length(min=1),
    )
    transitions = fields.Dict(
        keys=fields.String(validate=validate.Regexp(r"^[a-z][a-z0-9_]*$")),
        values=fields.Nested(TransitionSchema),
        required=True,
        validate=validate.Length(min=1),
    )


def _flatten(messages, prefix: str = "") -> list[str]:
    if isinstance(messages, dict):
        out = []
        for key, value in messages.items():
            where = f"{prefix}.{key}" if prefix else str(key)
            out.extend(_flatten(value, where))
        return out
    if isinstance(messages, list) and all(isinstance(m, str) for m in messages):
        return [f"{prefix}: {m}" for m in messages]
    if isinstance(messages, list):
        return [line for m in messages for line in _flatten(m, prefix)]
    return [f"{prefix}: {messages}"]


# --- Loading (meaning) -------------------------------------------------------------------


def load_definition(
    data: Mapping[str, Any], functions: Mapping[str, WorkflowFunction]
) -> Definition:
    """Validate ``data`` against the schema and the registered ``functions``; build it.

    :raises ValidationError: one error whose message lists every problem found.
    """
    name = data.get("workflow", "?") if isinstance(data, Mapping) else "?"
    try:
        loaded = DefinitionSchema().load(data)
    except SchemaError as exc:
        raise _invalid(name, _flatten(exc.messages)) from None
    problems = _problems(loaded, functions)
    if problems:
        raise _invalid(name, problems)
    states = {
        key: State(key, value["label"], tuple(value["readers"]))
        for key, value in loaded["states"].items()
    }
    transitions = {
        key: Transition(
            name=key,
            label=value["label"],
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
        judging = JUDGING_ROLES & set(transition["roles"])
        if SYSTEM in transition["roles"] and (judging or transition["requires_comment"]):
            problems.append(
                f"transitions.{key}: {SYSTEM} may fire only routine steps (expiry...), never a "
                "review, an approval or a step that needs a stated reason"
            )
        if judging and transition["on"] == "own" and SEPARATION_GUARD not in transition["guards"]:
            problems.append(
                f"transitions.{key}: a {sorted(judging)[0]} step must list the guard "
                f"{SEPARATION_GUARD!r} (the proposer never reviews or approves their own item)"
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
