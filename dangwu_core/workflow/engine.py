"""The workflow engine: fire a transition on a disclosure, or list what an actor may fire.

:func:`fire` checks, in this order, and refuses with one clear error that changes nothing:

1. the transition exists and leaves the disclosure's current state (InvalidTransition);
2. the actor holds its role on the right organization — asked of :mod:`dangwu_core.access`
   (PermissionDenied); or, with ``system="dangwu tick"`` and no actor, the definition marks the
   transition for the system (``role`` lists ``system``, see :mod:`.definition`);
3. separation of duties: the ``not_proposer`` guard, when listed (GuardRefused);
4. a comment, when the transition requires one (ValidationError);
5. every other guard, in the order listed (GuardRefused naming the guard).

Then, in ONE transaction: the optimistic-concurrency update (``UPDATE ... WHERE id = ? AND
lock_version = ?``; zero rows is a ConflictError), the state change, the effects, and the audit
event (from, to, the comment as reason, findings and effect results in its payload), and the
deliveries the step makes (:func:`dangwu_core.outbox.plan_transition`: the senders' plans for a
publishing, re-publishing, widening or withdrawing step). After the commit the
``dangwu_on_transition`` hook is notified.

The engine never imports the plugin manager: the unit it is given notifies
(``unit.notify``), which keeps the layers pointing one way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .. import access, audit, outbox
from ..clock import utcnow
from ..db import atomic
from ..errors import (
    ConflictError,
    GuardRefused,
    InvalidTransition,
    PermissionDenied,
    ValidationError,
)
from ..models import Disclosure, Event, Person
from ..review import REVIEW_ASPECTS
from .definition import SEPARATION_GUARD, SYSTEM, Definition, Transition

if TYPE_CHECKING:
    from ..context import UnitContext


@dataclass
class TransitionContext:
    """What a guard or an effect sees of the transition being fired.

    Guards read it and answer a refusal message (or None); effects run inside the
    transaction and may add what they did to :attr:`payload` (stored in the audit event).
    """

    unit: UnitContext
    definition: Definition
    transition: Transition
    disclosure: Disclosure
    actor: Person | None
    comment: str = ""
    #: The reviewer's four findings (004 五(二)), normalised: aspect -> {passed, opinion}.
    findings: dict[str, dict] | None = None
    #: 集体研究决定: {"meeting": ..., "date": ..., "decision": ...}.
    collective_decision: dict | None = None
    #: Transition-specific input (``body`` and ``title`` to republish, ``scope`` to widen...).
    data: dict[str, Any] = field(default_factory=dict)
    #: Recorded in the audit event's payload.
    payload: dict[str, Any] = field(default_factory=dict)
    from_state: str = ""

    @property
    def organization(self):
        return self.disclosure.organization


def normalise_findings(findings: dict | None) -> dict[str, dict] | None:
    """Accept ``aspect -> "opinion"`` or ``aspect -> {"passed": bool, "opinion": str}``."""
    if findings is None:
        return None
    if not isinstance(findings, dict):
        raise ValidationError("review findings must be a mapping of aspect to finding", "findings")
    out = {}
    for aspect, value in findings.items():
        if aspect not in REVIEW_ASPECTS:
            raise ValidationError(
                f"unknown review aspect {aspect!r}; aspects are {', '.join(REVIEW_ASPECTS)}",
                "findings",
            )
        if isinstance(value, str):
            value = {"passed": True, "opinion": value}
        if not isinstance(value, dict) or "passed" not in value:
            raise ValidationError(
                f"finding {aspect!r} must be an opinion or {{'passed': bool, 'opinion': str}}",
                "findings",
            )
        out[aspect] = {"passed": bool(value["passed"]), "opinion": str(value.get("opinion", ""))}
    return out


def definition_of(unit: UnitContext, disclosure: Disclosure) -> Definition:
    return unit.registry.workflows.get(disclosure.workflow)


def _functions(unit: UnitContext):
    return unit.registry.workflow_functions


def _transition(definition: Definition, disclosure: Disclosure, name: str) -> Transition:
    transition = definition.transitions.get(name)
    if transition is None:
        known = ", ".join(sorted(definition.transitions))
        raise InvalidTransition(
            f"workflow {definition.name!r} has no transition {name!r}; transitions: {known}"
        )
    if disclosure.state not in transition.sources:
        possible = ", ".join(t.name for t in definition.transitions_from(disclosure.state))
        raise InvalidTransition(
            f"{transition.label} ({name}) cannot be done on “{disclosure.title}” in state "
            f"{definition.state_label(disclosure.state)} ({disclosure.state}); "
            f"possible now: {possible or 'nothing'}"
        )
    return transition


def _run_guard(unit: UnitContext, name: str, ctx: TransitionContext) -> None:
    function = _functions(unit)[name]
    message = function.function(ctx)
    if message:
        raise GuardRefused(name, message)


def _role_refusal(ctx: TransitionContext) -> str:
    where = {"own": "", "parent": " of the parent organization", "ancestor": " of an ancestor"}
    who = ctx.actor.name if ctx.actor is not None else "an anonymous visitor"
    roles = " or ".join(ctx.transition.roles)
    return (
        f"{who} may not {ctx.transition.label} ({ctx.transition.name}) “{ctx.disclosure.title}”: "
        f"it needs the role {roles} on {ctx.organization.name}{where[ctx.transition.on]}"
    )


def fire(
    unit: UnitContext,
    disclosure: Disclosure,
    transition_name: str,
    actor: Person | None,
    *,
    comment: str = "",
    findings: dict | None = None,
    collective_decision: dict | None = None,
    expected_lock_version: int | None = None,
    system: str = "",
    **data: Any,
) -> Event:
    """Fire ``transition_name`` on ``disclosure`` as ``actor``; return the audit event.

    :param comment: the reason or opinion (required by transitions that say so).
    :param findings: the review's four findings (004 五(二)), for review transitions.
    :param collective_decision: the recorded meeting decision for important items (004 五(三)).
    :param expected_lock_version: the version the caller saw; defaults to ``disclosure``'s.
    :param system: fire as the unit itself (who, e.g. ``"dangwu tick"``) with ``actor=None``;
        allowed only for transitions whose definition lists the ``system`` role. The event has
        no actor and ``"system": system`` in its payload.
    :param data: transition-specific input (``body``/``title`` to republish, ``scope`` and
        ``channels`` to widen the scope, ``flag_important`` at review).
    :raises InvalidTransition, PermissionDenied, GuardRefused, ValidationError, ConflictError:
        see the module docstring; nothing is changed when any is raised.

    On success ``disclosure`` is refreshed in place (state, lock version, dates). A
    ``dangwu_on_transition`` listener that raises is named in a PluginError; the transition it
    reacted to stays committed.
    """
    definition = definition_of(unit, disclosure)
    transition = _transition(definition, disclosure, transition_name)
    ctx = TransitionContext(
        unit=unit,
        definition=definition,
        transition=transition,
        disclosure=disclosure,
        actor=actor,
        comment=(comment or "").strip(),
        findings=normalise_findings(findings),
        collective_decision=collective_decision,
        data=data,
        from_state=disclosure.state,
    )
    if system:
        if actor is not None or not transition.system:
            raise PermissionDenied(
                f"{transition.label} ({transition.name}) may not be done by the system "
                f"({system}): the workflow {definition.name!r} does not list the role "
                f"{SYSTEM!r} for it"
            )
    elif actor is None or not access.can_fire(actor, disclosure, transition):
        raise PermissionDenied(_role_refusal(ctx))
    if SEPARATION_GUARD in transition.guards:
        _run_guard(unit, SEPARATION_GUARD, ctx)
    if transition.requires_comment and not ctx.comment:
        raise ValidationError(
            f"{transition.label} ({transition.name}) needs a comment stating the reason",
            "comment",
        )
    for guard in transition.guards:
        if guard != SEPARATION_GUARD:
            _run_guard(unit, guard, ctx)

    lock_version = (
        expected_lock_version if expected_lock_version is not None else disclosure.lock_version
    )
    with atomic():
        changed = (
            Disclosure.update(
                state=transition.target,
                lock_version=Disclosure.lock_version + 1,
                updated_at=utcnow(),
            )
            .where((Disclosure.id == disclosure.id) & (Disclosure.lock_version == lock_version))
            .execute()
        )
        if changed != 1:
            raise ConflictError(
                f"“{disclosure.title}” was changed by someone else since it was read "
                f"(version {lock_version}); reload it and try again"
            )
        disclosure.state = transition.target
        disclosure.lock_version = lock_version + 1
        for effect in transition.effects:
            _functions(unit)[effect].function(ctx)
        payload = {"transition": transition.name, "workflow": definition.name, **ctx.payload}
        if system:
            payload["system"] = system
        if ctx.findings is not None:
            payload["findings"] = ctx.findings
        if ctx.collective_decision is not None:
            payload["collective_decision"] = ctx.collective_decision
        event = audit.record(
            f"disclosure.{transition.name}",
            "disclosure",
            disclosure.id,
            actor=actor,
            organization=disclosure.organization_id,
            from_state=ctx.from_state,
            to_state=transition.target,
            reason=ctx.comment,
            payload=payload,
        )
        outbox.plan_transition(unit, disclosure, transition.kind, transition.name, event)
    fresh = Disclosure.get_by_id(disclosure.id)
    disclosure.__data__.update(fresh.__data__)
    disclosure._dirty.clear()
    unit.notify(
        "dangwu_on_transition",
        unit=unit,
        disclosure=disclosure,
        transition=transition.name,
        event=event,
    )
    return event


def available_transitions(
    unit: UnitContext, disclosure: Disclosure, actor: Person | None
) -> list[str]:
    """The transitions ``actor`` may fire on ``disclosure`` now, in definition order.

    Checks state, role and separation of duties — what does not depend on the input the
    actor has yet to give (comment, findings, a collective decision), which :func:`fire`
    checks when it is given.
    """
    if actor is None:
        return []
    definition = definition_of(unit, disclosure)
    names = []
    for transition in definition.transitions_from(disclosure.state):
        if not access.can_fire(actor, disclosure, transition):
            continue
        if SEPARATION_GUARD in transition.guards:
            ctx = TransitionContext(unit, definition, transition, disclosure, actor)
            if _functions(unit)[SEPARATION_GUARD].function(ctx):
                continue
        names.append(transition.name)
    return names
