"""The worklist: the disclosures a person may move on now, and by which transitions.

The admin's home shows it; any surface may ask it. It answers in a constant number of
queries, whatever the number of items (the supervision views' rule: a handful of queries, not
one per row):

1. whether the person is a unit administrator (a superuser holds ``admin`` everywhere);
2. the candidate disclosures, with their organizations: what the person works on (the admin's
   list rule, :func:`dangwu_core.access.readable_condition` without ``by_scope``) in a state
   that does not disclose by scope — a state none of whose readers is ``by_scope`` — and that
   some step leaves: the item is still on its way (drafted, in review, approved and waiting
   to be published, refused or withdrawn and waiting to be archived...). Published, expired
   and archived items are the portals' business; an item archived undisclosed is filed for
   good (no step leaves it) and never waits on anyone. Which archive step a refused or
   withdrawn item is offered is its workflow's (archiving keeps the readers an item had,
   :mod:`dangwu_core.workflow.readers`);
3. the person's role assignments on those organizations, their parents and their ancestors
   (one join of the role assignments with the closure table).

Each item is then decided in Python by the rules :func:`dangwu_core.workflow.engine.
available_transitions` applies: the transition leaves the item's state, the person holds one
of its roles on the organization it names (``own``: there or reaching down from above;
``parent``: so on the parent; ``ancestor``: anywhere above), and the separation-of-duties
guard ``not_proposer`` (the registered function, called as the engine calls it) lets them.

What the worklist shows is what the engine offers, not yet what firing will accept: the
other guards (review findings, review checks, collective decision, the issuer's approval of
a change...) and a required comment depend on input the person has still to give, and
:func:`~dangwu_core.workflow.engine.fire` checks them then. The worklist never shows a
transition the person could not take by role.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import peewee

from . import access
from .models import Disclosure, Organization, OrganizationClosure, Person, Role, RoleAssignment
from .workflow.definition import SEPARATION_GUARD, Definition, Transition
from .workflow.engine import TransitionContext

if TYPE_CHECKING:
    from .context import UnitContext

#: How many candidates are looked at (newest first): the home page shows the first ones.
CANDIDATES = 200


@dataclass(frozen=True)
class WaitingItem:
    """One disclosure the person may move on now."""

    disclosure: Disclosure
    definition: Definition
    #: The transitions the person may fire, in definition order.
    transitions: tuple[Transition, ...]

    @property
    def state_label(self) -> str:
        return self.definition.state_label(self.disclosure.state)

    @property
    def names(self) -> list[str]:
        return [t.name for t in self.transitions]

    @property
    def labels(self) -> list[str]:
        return [t.label for t in self.transitions]


def in_progress_condition(definitions: Iterable[Definition]) -> peewee.Expression:
    """The SQL condition on Disclosure for the states that do not disclose by scope and that
    some transition leaves (a state no step leaves is the end of the item's way)."""
    condition = peewee.Value(False)
    for definition in sorted(definitions, key=lambda d: d.name):
        states = sorted(
            s.name
            for s in definition.states.values()
            if not s.by_scope and definition.transitions_from(s.name)
        )
        if states:
            condition |= (Disclosure.workflow == definition.name) & Disclosure.state.in_(states)
    return condition


class _Roles:
    """The person's roles on a set of organizations, from one query (see :func:`roles_of`)."""

    def __init__(self, person_id: int, organization_ids: set[int], superuser: bool):
        self.own: dict[int, set[str]] = defaultdict(set)
        self.ancestor: dict[int, set[str]] = defaultdict(set)
        self.superuser = superuser
        closure = OrganizationClosure
        rows = (
            RoleAssignment.select(
                RoleAssignment.role, RoleAssignment.reaches_down, closure.descendant, closure.depth
            )
            .join(closure, on=(closure.ancestor == RoleAssignment.organization))
            .where(
                (RoleAssignment.person == person_id)
                & closure.descendant.in_(sorted(organization_ids))
            )
            .tuples()
        )
        for role, reaches_down, descendant, depth in rows:
            if depth == 0 or reaches_down:
                self.own[descendant].add(role)
            if depth > 0:
                self.ancestor[descendant].add(role)

    def on(self, organization: Organization, relation: str) -> set[str]:
        """The roles held on ``organization`` seen through ``relation`` (own/parent/ancestor),
        as :func:`dangwu_core.access.roles_of` answers them."""
        if relation == "parent":
            if organization.parent_id is None:
                return set()
            roles = set(self.own.get(organization.parent_id, ()))
        elif relation == "ancestor":
            roles = set(self.ancestor.get(organization.id, ()))
        else:
            roles = set(self.own.get(organization.id, ()))
        if self.superuser:
            roles.add(Role.ADMIN.value)
        return roles


def waiting(
    ctx: UnitContext, person: Person | None, *, limit: int = CANDIDATES
) -> list[WaitingItem]:
    """The disclosures ``person`` may move on now, newest first (see the module docstring).

    :param ctx: the unit (its registry's workflows and workflow functions are used).
    :param limit: how many candidates, newest first, are looked at.
    """
    if person is None:
        return []
    workflows = ctx.registry.workflows
    functions = ctx.registry.workflow_functions
    reader = access.reader_of(person)  # its facts answer both questions below
    superuser = reader.is_superuser
    query = (
        Disclosure.select(Disclosure, Organization)
        .join(Organization, on=(Disclosure.organization == Organization.id))
        .where(in_progress_condition(workflows))
        .order_by(Disclosure.id.desc())
        .limit(limit)
    )
    if not superuser:
        query = query.where(access.readable_condition(reader, workflows, by_scope=False))
    candidates = list(query)
    organizations = {d.organization_id for d in candidates}
    organizations |= {d.organization.parent_id for d in candidates if d.organization.parent_id}
    roles = _Roles(person.id, organizations, superuser)
    out = []
    for disclosure in candidates:
        definition = workflows.get(disclosure.workflow)
        allowed = []
        for transition in definition.transitions_from(disclosure.state):
            if not set(transition.roles) & roles.on(disclosure.organization, transition.on):
                continue
            if SEPARATION_GUARD in transition.guards:
                tctx = TransitionContext(ctx, definition, transition, disclosure, person)
                if functions[SEPARATION_GUARD].function(tctx):
                    continue
            allowed.append(transition)
        if allowed:
            out.append(WaitingItem(disclosure, definition, tuple(allowed)))
    return out
