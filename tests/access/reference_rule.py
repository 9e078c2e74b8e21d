"""The read rule as it was written before it was folded (release 0.x, ``access.py``): every
branch an SQL subquery, nothing known in advance. Kept only as the reference the folded rule
(:mod:`dangwu_core.readers`) must agree with (tests/access/test_folded_rule.py)."""

from __future__ import annotations

from collections import defaultdict

import peewee

from dangwu_core.actions import OFFICER_ROLES
from dangwu_core.models import (
    Account,
    Disclosure,
    DisclosureAddressee,
    Organization,
    OrganizationClosure,
    Role,
    RoleAssignment,
    Scope,
)


def is_superuser(person) -> bool:
    if person is None:
        return False
    return (
        Account.select()
        .where((Account.person == person.id) & Account.is_superuser & Account.is_active)
        .exists()
    )


def _orgs_held(person_id, roles=None):
    closure = OrganizationClosure.alias()
    query = (
        closure.select(closure.descendant)
        .join(RoleAssignment, on=(RoleAssignment.organization == closure.ancestor))
        .where(
            (RoleAssignment.person == person_id)
            & ((closure.depth == 0) | RoleAssignment.reaches_down)
        )
    )
    if roles is not None:
        query = query.where(RoleAssignment.role.in_(list(roles)))
    return query


def _officer_above(pid):
    above = OrganizationClosure.alias()
    return (
        above.select(above.descendant)
        .join(RoleAssignment, on=(RoleAssignment.organization == above.ancestor))
        .where((RoleAssignment.person == pid) & RoleAssignment.role.in_(OFFICER_ROLES))
    )


def _scope_condition(person, scope=Disclosure.scope):
    condition = scope == Scope.PUBLIC.value
    if person is None:
        return condition
    pid = person.id
    if person.is_party_member:
        condition |= scope == Scope.PARTY.value
    below = OrganizationClosure.alias()
    member_of_subtree = (
        below.select(below.ancestor)
        .join(RoleAssignment, on=(RoleAssignment.organization == below.descendant))
        .where(RoleAssignment.person == pid)
    )
    condition |= (scope == Scope.UNIT.value) & (
        Disclosure.organization.in_(member_of_subtree)
        | Disclosure.organization.in_(_officer_above(pid))
    )
    addressed = DisclosureAddressee.select(DisclosureAddressee.disclosure).where(
        (DisclosureAddressee.person == pid) | DisclosureAddressee.organization.in_(_orgs_held(pid))
    )
    condition |= (scope == Scope.SPECIFIC.value) & Disclosure.id.in_(addressed)
    return condition


def _readers_condition(person, tokens):
    parts = []
    if "by_scope" in tokens:
        parts.append(_scope_condition(person))
    if person is not None:
        if "proposer" in tokens:
            parts.append(Disclosure.proposer == person.id)
        own = sorted(t for t in tokens if t in Role.values())
        if own:
            parts.append(Disclosure.organization.in_(_orgs_held(person.id, own)))
        upper = sorted(t.removesuffix("@parent") for t in tokens if t.endswith("@parent"))
        if upper:
            children = Organization.alias()
            parts.append(
                Disclosure.organization.in_(
                    children.select(children.id).where(
                        children.parent.in_(_orgs_held(person.id, upper))
                    )
                )
            )
    if not parts:
        return peewee.Value(False)
    condition = parts[0]
    for part in parts[1:]:
        condition |= part
    return condition


def readable_condition(person, definitions, *, by_scope=True):
    groups = defaultdict(list)
    for definition in definitions:
        for state in definition.states.values():
            tokens = frozenset(state.readers)
            if not by_scope:
                tokens = tokens - {"by_scope"}
            groups[(definition.name, tokens)].append(state.name)
    condition = peewee.Value(False)
    for (workflow, tokens), states in sorted(groups.items(), key=lambda g: (g[0][0], g[1])):
        readers = _readers_condition(person, tokens)
        condition |= (
            (Disclosure.workflow == workflow) & Disclosure.state.in_(sorted(states)) & readers
        )
    return condition


def readable(person, definitions):
    query = Disclosure.select()
    if is_superuser(person):
        return query
    return query.where(readable_condition(person, definitions))


def disclosed_condition(definitions):
    condition = peewee.Value(False)
    for definition in sorted(definitions, key=lambda d: d.name):
        states = sorted(s.name for s in definition.disclosing_states())
        if states:
            condition |= (Disclosure.workflow == definition.name) & Disclosure.state.in_(states)
    return condition


def listed(person, definitions):
    definitions = list(definitions)
    return readable(person, definitions).where(disclosed_condition(definitions))


def admin(person, definitions):
    query = Disclosure.select()
    if is_superuser(person):
        return query
    return query.where(readable_condition(person, definitions, by_scope=False))
