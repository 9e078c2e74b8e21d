"""What one reader may see, worked out once: the facts of the read rule and its folded SQL.

:mod:`dangwu_core.access` states the rule (a state's readers, a scope's tiers) and is the one
place that decides; this module is how it decides cheaply. A :class:`Reader` gathers, once
per person and request, the facts the rule asks about — the organizations on which the
person holds each role, the subtree they are a member of, the organizations they are an
officer of or above, the disclosures addressed to them — and :meth:`Reader.condition` folds
every branch the facts already decide (no role: no branch; every organization: no filter),
so an anonymous reader's condition comes down to ``workflow IN (…) AND state IN (…) AND
scope = 'public'``, which the database answers from its ``(state, scope, published_at)``
index. :meth:`Reader.admits` answers the same rule for one row, from the facts, in Python.

Small sets of ids go into the SQL as literals; a set larger than :data:`INLINE_MAX` stays a
subquery (the same rows, asked by the database in the same statement).
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Callable, Iterable

import peewee

from .actions import OFFICER_ROLES
from .models import (
    Account,
    Disclosure,
    DisclosureAddressee,
    Organization,
    OrganizationClosure,
    Person,
    Role,
    RoleAssignment,
    Scope,
)

#: Sets of ids larger than this stay subqueries rather than literal lists in the SQL.
INLINE_MAX = 200

BY_SCOPE, PROPOSER, AT_PARENT = "by_scope", "proposer", "@parent"
#: Not a role: how the facts' one statement marks an active superuser account.
SUPERUSER = "*superuser"
_ROLES = frozenset(Role.values())
_TRUE, _FALSE = peewee.Value(True), peewee.Value(False)


def is_superuser(person_id: int | None) -> bool:
    """True when the person has an active superuser account (a unit administrator)."""
    if person_id is None:
        return False
    return (
        Account.select()
        .where((Account.person == person_id) & Account.is_superuser & Account.is_active)
        .exists()
    )


def orgs_held(person_id: int, roles: Iterable[str] | None = None) -> peewee.ModelSelect:
    """Ids of organizations on which the person holds one of ``roles`` (any role: None),
    there or reaching down from an ancestor: a subquery."""
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
        query = query.where(RoleAssignment.role.in_(sorted(roles)))
    return query


class Ids:
    """A set of ids the reader's rule asks about, with the subquery that finds them."""

    def __init__(self, ids: Iterable[int], query: Callable[[], peewee.ModelSelect]):
        self.ids = frozenset(ids)
        self._query = query

    def __contains__(self, pk) -> bool:
        return pk in self.ids

    def __bool__(self) -> bool:
        return bool(self.ids)

    def __eq__(self, other) -> bool:
        return isinstance(other, Ids) and self.ids == other.ids

    def __hash__(self) -> int:
        return hash(self.ids)

    def __or__(self, other: Ids) -> Ids:
        if not other.ids or other.ids <= self.ids:
            return self
        if not self.ids:
            return other
        return Ids(self.ids | other.ids, lambda: self._query().union(other._query()))

    def condition(self, field) -> peewee.Expression:
        """``field IN (these ids)``: False when empty, literals when few, else the subquery."""
        if not self.ids:
            return _FALSE
        if len(self.ids) == 1:
            return field == next(iter(self.ids))
        if len(self.ids) <= INLINE_MAX:
            return field.in_(sorted(self.ids))
        return field.in_(self._query())


_NONE = Ids((), lambda: Organization.select(Organization.id).where(_FALSE))


class Reader:
    """One person (or anonymous, ``person=None``) as the read rule sees them.

    Facts are queried on first use and kept: build one per request (the web surfaces keep it
    on ``flask.g``, see :func:`dangwu_core.web.reading.reader`), not one per row.
    """

    def __init__(self, person: Person | None):
        self.person = person
        self.id: int | None = person.id if person is not None else None
        self.is_party_member = bool(person is not None and person.is_party_member)
        self._admissions: dict = {}
        self._parents: dict = {}

    @classmethod
    def of(cls, person: Person | Reader | None) -> Reader:
        """``person`` as a Reader (a Reader is returned as it is)."""
        return person if isinstance(person, Reader) else cls(person)

    # --- facts ------------------------------------------------------------------------

    @functools.cached_property
    def is_superuser(self) -> bool:
        """An active superuser account: a unit administrator reads everything."""
        return SUPERUSER in self._held_by_role

    def _held_query(self, roles: Iterable[str] | None = None) -> peewee.ModelSelect:
        return orgs_held(self.id if self.id is not None else -1, roles)

    @functools.cached_property
    def _held_by_role(self) -> dict[str, frozenset[int]]:
        """Role → the organizations it is held on; :data:`SUPERUSER` for an active superuser
        account (one statement for both)."""
        if self.id is None:
            return {}
        held = orgs_held(self.id).select_extend(RoleAssignment.role)
        account = Account.select(peewee.Value(None), peewee.Value(SUPERUSER)).where(
            (Account.person == self.id) & Account.is_superuser & Account.is_active
        )
        found: dict[str, set[int]] = defaultdict(set)
        for org, role in held.union_all(account).tuples():
            found[role].add(org)
        return {role: frozenset(orgs) for role, orgs in found.items()}

    def held(self, roles: Iterable[str] | None = None) -> Ids:
        """Organizations on which the reader holds one of ``roles`` (any role: None), held
        there or reaching down from an ancestor."""
        roles = None if roles is None else frozenset(roles)
        by_role = self._held_by_role
        wanted = (by_role.keys() - {SUPERUSER}) if roles is None else roles & by_role.keys()
        ids = frozenset().union(*(by_role[r] for r in wanted))
        return Ids(ids, lambda: self._held_query(roles)) if ids else _NONE

    def parent_of(self, organization_id: int) -> int | None:
        """The parent of an organization (asked once per organization and reader)."""
        if organization_id not in self._parents:
            self._parents[organization_id] = (
                Organization.select(Organization.parent)
                .where(Organization.id == organization_id)
                .scalar()
            )
        return self._parents[organization_id]

    def _through_roles(self, found: str, held_on: str, roles=None) -> Ids:
        """Organizations at the ``found`` end of closure rows whose ``held_on`` end the
        reader holds a role on (one of ``roles``: any when None)."""
        if self.id is None:
            return _NONE
        closure = OrganizationClosure.alias()
        column, joined = getattr(closure, found), getattr(closure, held_on)

        def query():
            where = RoleAssignment.person == self.id
            if roles is not None:
                where &= RoleAssignment.role.in_(roles)
            return (
                closure.select(column)
                .join(RoleAssignment, on=(RoleAssignment.organization == joined))
                .where(where)
            )

        return Ids((getattr(r, f"{found}_id") for r in query()), query)

    @functools.cached_property
    def member_of(self) -> Ids:
        """Organizations the reader is a member of the subtree of: those above (or equal to)
        one they hold any role on."""
        return self._through_roles("ancestor", "descendant")

    @functools.cached_property
    def officer_above(self) -> Ids:
        """Organizations the reader is an officer of, or that lie below one they are an
        officer of (reaching down or not)."""
        return self._through_roles("descendant", "ancestor", OFFICER_ROLES)

    @functools.cached_property
    def unit_orgs(self) -> Ids:
        """Organizations whose ``unit``-scope disclosures the reader reads."""
        return self.member_of | self.officer_above

    @functools.cached_property
    def addressed(self) -> Ids:
        """Disclosures addressed to the reader or to an organization they hold a role on."""
        if self.id is None:
            return Ids((), lambda: DisclosureAddressee.select(DisclosureAddressee.disclosure))
        held = self.held()

        def query():
            return DisclosureAddressee.select(DisclosureAddressee.disclosure).where(
                (DisclosureAddressee.person == self.id)
                | DisclosureAddressee.organization.in_(self._held_query())
            )

        rows = DisclosureAddressee.select(DisclosureAddressee.disclosure).where(
            (DisclosureAddressee.person == self.id)
            | held.condition(DisclosureAddressee.organization)
        )
        return Ids((r.disclosure_id for r in rows), query)

    @functools.cached_property
    def organization_count(self) -> int:
        return Organization.select().count()

    def _everywhere(self, orgs: Ids) -> bool:
        """True when ``orgs`` holds every organization (a filter that admits every row)."""
        return len(orgs.ids) > INLINE_MAX and len(orgs.ids) >= self.organization_count

    # --- the rule, folded ------------------------------------------------------------

    def _admission(self, tokens: frozenset[str]) -> tuple:
        """What a state's readers ``tokens`` admit for this reader, as data: the scopes read
        without condition, the organizations of ``unit`` scope read, the addressed ids, the
        proposer test, and the organizations read whatever the scope; ``True`` for all."""
        if tokens in self._admissions:
            return self._admissions[tokens]
        free: set[str] = set()
        unit_orgs = addressed = orgs = upper = _NONE
        if BY_SCOPE in tokens:
            free.add(Scope.PUBLIC.value)
            if self.id is not None:
                if self.is_party_member:
                    free.add(Scope.PARTY.value)
                unit_orgs, addressed = self.unit_orgs, self.addressed
                if self._everywhere(unit_orgs):
                    free.add(Scope.UNIT.value)
                    unit_orgs = _NONE
        proposer = self.id is not None and PROPOSER in tokens
        if self.id is not None:
            own = tokens & _ROLES
            if own:
                orgs = orgs | self.held(own)
            upper = self.held(_upper_roles(tokens))
        if self._everywhere(orgs):
            admission: tuple | bool = True
        else:
            admission = (frozenset(free), unit_orgs, addressed, proposer, orgs, upper)
        self._admissions[tokens] = admission
        return admission

    def scope_condition(self, scope=Disclosure.scope) -> peewee.Expression:
        """Who the scope alone admits; ``scope`` is the column (or expression) holding it."""
        admission = self._admission(frozenset({BY_SCOPE}))
        if admission is True:
            return _TRUE
        free, unit_orgs, addressed = admission[:3]
        return _join_or(_scope_parts(scope, free, unit_orgs, addressed))

    def condition(
        self, definitions: Iterable, *, by_scope: bool = True, disclosed: bool = False
    ) -> peewee.Expression:
        """The SQL condition on Disclosure admitting what the reader reads: for each
        workflow state, what its readers admit (see :func:`dangwu_core.access.readable_condition`).

        :param by_scope: False leaves out what the scope alone admits (the admin's lists).
        :param disclosed: only the states that disclose by scope (what lists show).
        """
        groups: dict = defaultdict(lambda: defaultdict(list))
        for definition in definitions:
            states = definition.disclosing_states() if disclosed else definition.states.values()
            for state in states:
                tokens = frozenset(state.readers)
                if not by_scope:
                    tokens = tokens - {BY_SCOPE}
                admission = self._admission(tokens)
                if admission is not True and not any(admission[1:]) and not admission[0]:
                    continue  # this state admits nothing for this reader
                groups[admission][definition.name].append(state.name)
        parts = []
        for admission, pairs in sorted(groups.items(), key=lambda g: sorted(g[1].items())):
            where = _pairs_condition(pairs)
            if admission is not True:
                where &= _join_or(_admission_parts(self, admission))
            parts.append(where)
        return _join_or(parts)

    def listed_splits(self, definitions: Iterable) -> list[tuple[str, str]]:
        """The ``(state, scope)`` pairs the reader's lists can hold: the disclosing states,
        each with the scopes some reader token of it admits the reader to (every scope where
        a role or the proposer admits them). :class:`dangwu_core.listing.Listing` asks one
        indexed branch per pair."""
        every = [s.value for s in Scope]
        pairs = set()
        for definition in definitions:
            for state in definition.disclosing_states():
                admission = True if self.is_superuser else self._admission(frozenset(state.readers))
                if admission is True or any(admission[3:]):
                    scopes = every
                else:
                    free, unit_orgs, addressed = admission[:3]
                    scopes = set(free)
                    if unit_orgs:
                        scopes.add(Scope.UNIT.value)
                    if addressed:
                        scopes.add(Scope.SPECIFIC.value)
                pairs.update((state.name, scope) for scope in scopes)
        return sorted(pairs)

    def admits(self, disclosure: Disclosure, definitions) -> bool:
        """True when the reader may read ``disclosure``: :meth:`condition`'s rule, asked of
        one row in Python from the reader's facts."""
        if self.is_superuser:
            return True
        definition = _by_name(definitions).get(disclosure.workflow)
        state = definition.states.get(disclosure.state) if definition is not None else None
        if state is None:
            return False
        tokens = frozenset(state.readers)
        if BY_SCOPE in tokens and self.scope_admits(disclosure.scope, disclosure):
            return True
        if self.id is None:
            return False
        if PROPOSER in tokens and disclosure.proposer_id == self.id:
            return True
        org = disclosure.organization_id
        own = tokens & _ROLES
        if own and org in self.held(own):
            return True
        upper = _upper_roles(tokens)
        return bool(upper) and self.parent_of(org) in self.held(upper)

    def scope_admits(self, scope: str, disclosure: Disclosure) -> bool:
        """True when ``scope`` alone admits the reader to ``disclosure``
        (:meth:`scope_condition`, of one row)."""
        if scope == Scope.PUBLIC.value:
            return True
        if self.id is None:
            return False
        if scope == Scope.PARTY.value:
            return self.is_party_member
        if scope == Scope.UNIT.value:
            return disclosure.organization_id in self.unit_orgs
        return scope == Scope.SPECIFIC.value and disclosure.id in self.addressed

    def reads_as_office(self, disclosure: Disclosure) -> bool:
        """Its proposer, an officer of its organization or of one above it, or a superuser."""
        if self.id is None:
            return False
        return (
            disclosure.proposer_id == self.id
            or disclosure.organization_id in self.officer_above
            or self.is_superuser
        )

    def holds_on(self, roles: Iterable[str], organization_id: int, *, on: str = "own") -> bool:
        """True when the reader holds one of ``roles`` on the organization (``on="own"``:
        there or reaching down onto it; ``"parent"``: on its parent), from the facts."""
        if self.id is None:
            return False
        if self.is_superuser:
            return True
        if on == "parent":
            organization_id = self.parent_of(organization_id)
        return organization_id is not None and organization_id in self.held(roles)

    def office_condition(self) -> peewee.Expression:
        """:meth:`reads_as_office` as an SQL condition on Disclosure."""
        if self.id is None:
            return _FALSE
        if self.is_superuser:
            return _TRUE
        return (Disclosure.proposer == self.id) | self.officer_above.condition(
            Disclosure.organization
        )


def _by_name(definitions) -> dict:
    return {d.name: d for d in definitions}


def _join_or(parts: list) -> peewee.Expression:
    if not parts:
        return _FALSE
    condition = parts[0]
    for part in parts[1:]:
        condition |= part
    return condition


def _in(field, values) -> peewee.Expression:
    values = sorted(values)
    return field == values[0] if len(values) == 1 else field.in_(values)


def _scope_parts(scope, free, unit_orgs: Ids, addressed: Ids) -> list:
    parts = [_in(scope, free)] if free else []
    if unit_orgs:
        parts.append((scope == Scope.UNIT.value) & unit_orgs.condition(Disclosure.organization))
    if addressed:
        parts.append((scope == Scope.SPECIFIC.value) & addressed.condition(Disclosure.id))
    return parts


def _admission_parts(reader: Reader, admission: tuple) -> list:
    free, unit_orgs, addressed, proposer, orgs, upper = admission
    parts = _scope_parts(Disclosure.scope, free, unit_orgs, addressed)
    if proposer:
        parts.append(Disclosure.proposer == reader.id)
    if orgs:
        parts.append(orgs.condition(Disclosure.organization))
    if upper:
        children = Organization.alias()
        below = children.select(children.id).where(upper.condition(children.parent))
        parts.append(Disclosure.organization.in_(below))
    return parts


def _upper_roles(tokens: frozenset[str]) -> frozenset[str]:
    """The roles ``<role>@parent`` tokens ask for on the parent organization."""
    return frozenset(t.removesuffix(AT_PARENT) for t in tokens if t.endswith(AT_PARENT))


def _pairs_condition(pairs: dict[str, list[str]]) -> peewee.Expression:
    """``(workflow, state) IN pairs``: one ``workflow IN … AND state IN …`` when every
    workflow lists the same states, else one term per workflow."""
    state_sets = {frozenset(states) for states in pairs.values()}
    if len(state_sets) == 1:
        return _in(Disclosure.workflow, pairs) & _in(Disclosure.state, next(iter(state_sets)))
    return _join_or(
        [
            (Disclosure.workflow == workflow) & _in(Disclosure.state, states)
            for workflow, states in sorted(pairs.items())
        ]
    )
