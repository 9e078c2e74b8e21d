"""Access control: the one place that decides who may do what, and who may read what.

Roles are held on organizations (:class:`~dangwu_core.models.RoleAssignment`); a role that
``reaches_down`` is held on the whole subtree, found through the closure table in one query.
An active superuser account is a unit administrator: it holds ``admin`` everywhere and reads
everything.

Who may *read* a disclosure combines its workflow state (each state of a definition names its
readers, see :mod:`dangwu_core.workflow.definition`) with its scope (公开范围, the four tiers
of the 2017 regulation):

* ``public`` (向社会): everyone, anonymous visitors included;
* ``party`` (在党内): every person the deployment knows as a party member;
* ``unit`` (在本单位, 004 四(二)): members of the disclosing organization and its subtree,
  and officers of its ancestors;
* ``specific`` (向特定对象): its addressees, persons or members of an addressed organization.

:func:`readable_disclosures` turns that rule into one SQL filter, so lists never fetch and then
hide; :func:`can_read` asks the same rule about one disclosure. Both work from a
:class:`~dangwu_core.readers.Reader` (:func:`reader_of`): the reader's facts queried once, the
branches they decide folded away, so an anonymous reader's lists come down to an indexed
``state``/``scope`` filter. Surfaces and the workflow engine ask here; none re-implements it.

Who may *do* what outside the disclosure workflow is the permission registry's
(:mod:`dangwu_core.permissions`): actions declared by core (:mod:`dangwu_core.actions`) and
plugins, decided by :func:`allowed`, listed in SQL by :func:`organizations_for` and
:func:`organization_condition`, and :func:`may_anywhere`. Each takes the unit's registry as
``permissions=``, or the one bound to the running request or command.
"""

from __future__ import annotations

from collections.abc import Iterable

import peewee

from . import readers, redaction
from .actions import core_permissions
from .models import (
    Disclosure,
    DisclosureSection,
    Organization,
    OrganizationClosure,
    Person,
    Role,
    RoleAssignment,
)
from .models.kinds import TransitionKind
from .permissions import Permissions, bound
from .readers import Reader


def _person_id(person: Person | int | None) -> int | None:
    return getattr(person, "id", person)


def is_superuser(person: Person | int | None) -> bool:
    """True when ``person`` has an active superuser account (a unit administrator)."""
    return readers.is_superuser(_person_id(person))


def _roles_query(person_id: int, organization_id: int, on: str = "own") -> peewee.ModelSelect:
    closure = OrganizationClosure
    query = (
        RoleAssignment.select(RoleAssignment.role)
        .join(closure, on=(closure.ancestor == RoleAssignment.organization))
        .where((RoleAssignment.person == person_id) & (closure.descendant == organization_id))
    )
    if on == "ancestor":
        return query.where(closure.depth > 0)
    return query.where((closure.depth == 0) | RoleAssignment.reaches_down)


def roles_of(
    person: Person | int | None, organization: Organization | int | None, *, on: str = "own"
) -> frozenset[str]:
    """The roles ``person`` holds on ``organization``.

    :param on: ``own`` (held there directly, or reaching down from an ancestor), ``parent``
        (held so on its parent) or ``ancestor`` (held on any organization above it).
    :returns: role names; a superuser holds ``admin`` as well. Anonymous holds none.
    """
    pid = _person_id(person)
    if pid is None or organization is None:
        return frozenset()
    org_id = _person_id(organization)
    if on == "parent":
        org = organization if isinstance(organization, Organization) else None
        parent_id = (
            org.parent_id
            if org
            else (
                Organization.select(Organization.parent).where(Organization.id == org_id).scalar()
            )
        )
        if parent_id is None:
            return frozenset()
        org_id, on = parent_id, "own"
    roles = {row.role for row in _roles_query(pid, org_id, on)}
    if is_superuser(pid):
        roles.add(Role.ADMIN.value)
    return frozenset(roles)


def has_role(
    person: Person | int | None,
    roles: str | Iterable[str],
    organization: Organization | int | None,
    *,
    on: str = "own",
) -> bool:
    """True when ``person`` holds any of ``roles`` on ``organization`` (see :func:`roles_of`)."""
    wanted = {str(roles)} if isinstance(roles, str) else {str(r) for r in roles}
    return bool(wanted & roles_of(person, organization, on=on))


def can_fire(person: Person | int | None, disclosure: Disclosure, transition) -> bool:
    """True when ``person`` holds the role ``transition`` asks for, where it asks for it.

    The workflow engine asks this before anything else is checked; separation of duties and
    the other guards are the engine's next steps.
    """
    return has_role(person, transition.roles, disclosure.organization_id, on=transition.on)


# --- Reading -----------------------------------------------------------------------------


_orgs_held = readers.orgs_held


def reader_of(person: Person | Reader | None) -> Reader:
    """``person`` (None: anonymous) as a :class:`~dangwu_core.readers.Reader`: the facts the
    read rule asks about, queried once. Pass the Reader, rather than the person, to every
    question of one request (the web surfaces keep one on ``flask.g``)."""
    return Reader.of(person)


def readable_condition(
    person: Person | Reader | None, definitions: Iterable, *, by_scope: bool = True
) -> peewee.Expression:
    """The SQL condition on Disclosure that admits exactly what ``person`` may read.

    For each workflow state, what its readers admit: ``by_scope`` whoever the disclosure's
    scope admits, ``proposer`` its proposer, a role held on its organization (or reaching
    down onto it), ``<role>@parent`` a role held on its parent. What the reader's facts
    already decide is folded (see :class:`~dangwu_core.readers.Reader`).

    :param by_scope: False leaves out what the scope alone admits: what remains is what the
        person reads because of who they are (proposer, a role on the organization or its
        parent) — the admin's working lists.
    """
    return reader_of(person).condition(list(definitions), by_scope=by_scope)


def readable_disclosures(
    person: Person | Reader | None, definitions: Iterable
) -> peewee.ModelSelect:
    """A query of every disclosure ``person`` (None: anonymous) may read, filtered in SQL.

    :param definitions: the unit's workflow definitions (``unit.registry.workflows``); their
        states say who reads in each state. ``unit.readable_disclosures(person)`` passes them.
    """
    reader = reader_of(person)
    query = Disclosure.select()
    if reader.is_superuser:
        return query
    return query.where(reader.condition(list(definitions)))


def disclosed_condition(definitions: Iterable) -> peewee.Expression:
    """The SQL condition on Disclosure for the states that disclose by scope (published,
    expired, archived in the default workflow; ``definition.disclosing_states()``): what
    lists on every surface (portal pages, API lists, feeds, search) show, always combined
    with :func:`readable_condition`.

    Items in the other states are still readable, one by one, by the people their state names
    (a proposer follows their draft); lists of the public surfaces never show them. Only a
    publish step brings an item into a disclosing state, and archiving keeps the readers an
    item had (:mod:`dangwu_core.workflow.readers`, checked when a definition loads): a refused
    or withdrawn item, archived, is filed in a state that does not disclose.
    """
    condition = peewee.Value(False)
    for definition in sorted(definitions, key=lambda d: d.name):
        states = sorted(s.name for s in definition.disclosing_states())
        if states:
            condition |= (Disclosure.workflow == definition.name) & Disclosure.state.in_(states)
    return condition


def listed_disclosures(person: Person | Reader | None, definitions: Iterable) -> peewee.ModelSelect:
    """What ``person`` finds in the lists of every surface: readable and disclosed, as one
    folded condition (:func:`readable_condition` restricted to :func:`disclosed_condition`'s
    states)."""
    reader = reader_of(person)
    definitions = list(definitions)
    if reader.is_superuser:
        return Disclosure.select().where(disclosed_condition(definitions))
    return Disclosure.select().where(reader.condition(definitions, disclosed=True))


def can_read(person: Person | Reader | None, disclosure: Disclosure, definitions: Iterable) -> bool:
    """True when ``person`` may read ``disclosure``: the same rule, asked of one row (from the
    reader's facts, see :meth:`~dangwu_core.readers.Reader.admits`)."""
    return reader_of(person).admits(disclosure, definitions)


# --- Redaction (脱密脱敏) per reader ---------------------------------------------------------

#: The action naming who reads a version's original where its personal data is masked.
READ_ORIGINAL = "disclosure.read_original"


def reads_original(
    person: Person | Reader | None,
    disclosure: Disclosure,
    *,
    permissions: Permissions | None = None,
) -> bool:
    """True when ``person`` reads ``disclosure``'s original text where personal data in it is
    masked for others (004 七(三)): its proposer and whoever may take
    ``disclosure.read_original`` on its organization (those who could read the draft: its
    office, reviewers, approvers), from the reader's facts, with no query per row."""
    reader = reader_of(person)
    if reader.id is None:
        return False
    if reader.is_superuser or disclosure.proposer_id == reader.id:
        return True
    declared = _permissions(permissions)[READ_ORIGINAL]
    return reader.holds_on(declared.roles, disclosure.organization_id, on=declared.on)


def text_for(
    person: Person | Reader | None,
    disclosure: Disclosure,
    version=None,
    *,
    permissions: Permissions | None = None,
) -> redaction.Shown:
    """The title and body of ``version`` (None: the disclosure's title alone, as lists show
    it) that ``person`` sees: the original for those who :func:`reads_original`, the masked
    text for everyone else — save an addressee, who sees their own phone number or e-mail
    address (see :func:`dangwu_core.redaction.for_data_subject`). Every surface (page, API,
    feeds, search, ledgers, exports) asks this; it changes nothing stored."""
    if version is None:
        title = disclosure.title
        if disclosure.public_title is None or reads_original(
            person, disclosure, permissions=permissions
        ):
            return redaction.Shown(title, "")
        return redaction.Shown(disclosure.public_title, "", redacted=True)
    original = redaction.Shown(version.title, version.body)
    if not redaction.is_redacted(version):
        return original
    reader = reader_of(person)
    if reads_original(reader, disclosure, permissions=permissions):
        return original
    if reader.id is not None and disclosure.id in reader.addressed:
        return redaction.for_data_subject(reader.person, version)
    return redaction.Shown(
        redaction.public_title(version), redaction.public_body(version), redacted=True
    )


def shown_versions(
    person: Person | Reader | None, disclosure: Disclosure, versions: Iterable
) -> list[redaction.ShownVersion]:
    """``versions`` of ``disclosure`` as ``person`` sees them (:func:`text_for` of each)."""
    return [redaction.ShownVersion(v, text_for(person, disclosure, v)) for v in versions]


def shown_titles(person: Person | Reader | None, disclosures: Iterable[Disclosure]) -> list:
    """``disclosures`` (rows of a list) with each title set, in memory, to the one ``person``
    sees (:func:`text_for`); rows whose title nothing masks are left alone, with no query."""
    rows = list(disclosures)
    for row in rows:
        if row.public_title is not None:
            row.title = text_for(person, row).title
    return rows


# --- Sections of a 党务公开日 sheet (DisclosureSection) -------------------------------------


def office_condition(person: Person | Reader | None) -> peewee.Expression:
    """The SQL condition on Disclosure for the people who read it as its office does: its
    proposer, and the officers of its organization or of one above it. They read every
    section in full, withheld ones (暂不宜公开) and narrower-scoped ones included."""
    return reader_of(person).office_condition()


def section_condition(person: Person | Reader | None) -> peewee.Expression:
    """The SQL condition on DisclosureSection (joined to its Disclosure) admitting the
    sections ``person`` may read of a disclosure they may read (:func:`can_read`,
    :func:`listed_disclosures`: always combined with one of them).

    A section without a scope of its own is read by whoever reads its disclosure; one with a
    narrower scope (a party-only part of a public sheet) only by those that scope admits, and
    by the disclosure's office (:func:`office_condition`). A withheld section is admitted like
    any other; what it shows (its title and 暂不宜公开, or its content) is
    :func:`reads_in_full`'s question.
    """
    reader = reader_of(person)
    scope = peewee.fn.COALESCE(DisclosureSection.scope, Disclosure.scope)
    return reader.office_condition() | reader.scope_condition(scope)


def reads_in_full(person: Person | Reader | None, disclosure: Disclosure) -> bool:
    """True when ``person`` reads ``disclosure``'s sections as its office does: withheld ones
    with their content and reason (readers see only that they are withheld)."""
    return reader_of(person).reads_as_office(disclosure)


# --- Attachments (附件) ----------------------------------------------------------------------


def republications(definition, state: str) -> list:
    """The transitions of ``definition`` that re-publish (再公开) from ``state``: those of kind
    republish (``workflow.kinds.TransitionKind.REPUBLISH``)."""
    return [
        t for t in definition.transitions_of_kind(TransitionKind.REPUBLISH) if state in t.sources
    ]


def can_attach(person: Person | int | None, disclosure: Disclosure, definition) -> bool:
    """True when ``person`` may add or remove ``disclosure``'s attachments now.

    In its workflow's initial state (a draft) that is its proposer, who alone edits the draft
    (:func:`dangwu_core.disclosures.edit_draft`); in a state a re-publication leaves from
    (see :func:`republications`), whoever may fire that re-publication: the files go with the
    version it will create. In every other state, nobody: what was reviewed is what is shown.
    """
    pid = _person_id(person)
    if pid is None:
        return False
    if disclosure.state == definition.initial:
        return pid == disclosure.proposer_id
    return any(can_fire(pid, disclosure, t) for t in republications(definition, disclosure.state))


# --- API tokens ----------------------------------------------------------------------------


def token_condition(token) -> peewee.Expression:
    """The SQL condition that keeps a token's reads inside its organization's subtree.

    A token (:class:`~dangwu_core.models.ApiToken`) acts for the person who issued it; this
    narrows what that person may read, it never widens it.
    """
    below = OrganizationClosure.alias()
    subtree = below.select(below.descendant).where(below.ancestor == token.organization_id)
    return Disclosure.organization.in_(subtree)


def token_allows(token, organization: Organization | int, *, write: bool = False) -> bool:
    """True when ``token`` reaches ``organization`` (its subtree) and, for writes, may write."""
    if write and not token.can_write:
        return False
    return (
        OrganizationClosure.select()
        .where(
            (OrganizationClosure.ancestor == token.organization_id)
            & (OrganizationClosure.descendant == _person_id(organization))
        )
        .exists()
    )


# --- Actions: the permission registry's decisions ------------------------------------------


def current_permissions() -> Permissions:
    """The permissions in force: those the running request or command bound (the unit's,
    see :func:`dangwu_core.permissions.active`), else core's own."""
    return bound() or core_permissions()


def _permissions(permissions: Permissions | None) -> Permissions:
    return permissions if permissions is not None else current_permissions()


def allowed(
    person: Person | int | None,
    action: str,
    organization: Organization | int | None,
    *,
    on: str | None = None,
    permissions: Permissions | None = None,
) -> bool:
    """True when ``person`` may take ``action`` on ``organization``: the one decision.

    :param action: the name of an :class:`~dangwu_core.permissions.Action` of the registry.
    :param on: where the roles must be held; by default the action's own ``on``.
    :param permissions: the unit's (``unit.registry.permissions``); by default those bound
        to the running request or command (:func:`current_permissions`).
    :raises UnknownAction: an action nobody declared (a programming error, not a refusal).
    """
    declared = _permissions(permissions)[action]
    return has_role(person, declared.roles, organization, on=on or declared.on)


def organizations_for(
    person: Person | int | None, action: str, *, permissions: Permissions | None = None
) -> peewee.ModelSelect | None:
    """Ids of the organizations where ``person`` may take ``action``: where they hold one of
    its roles, the subtrees where it reaches down, and for an action taken ``on`` the parent
    (or an ancestor) the organizations below those.

    :returns: a subquery to use with ``.in_(...)``; None for a superuser (every organization:
        the unit administrator sees every list). Anonymous gets an empty subquery.
    """
    declared = _permissions(permissions)[action]
    pid = _person_id(person)
    if pid is not None and is_superuser(pid):
        return None
    held = _orgs_held(pid if pid is not None else -1, declared.roles)
    if declared.on == "parent":
        children = Organization.alias()
        return children.select(children.id).where(children.parent.in_(held))
    if declared.on == "ancestor":
        below = OrganizationClosure.alias()
        return below.select(below.descendant).where(below.ancestor.in_(held) & (below.depth > 0))
    return held


def organization_condition(
    person: Person | int | None,
    action: str,
    field: peewee.Field,
    *,
    permissions: Permissions | None = None,
) -> peewee.Expression:
    """The SQL condition that keeps ``field`` (an organization foreign key) inside the
    organizations where ``person`` may take ``action`` (see :func:`organizations_for`)."""
    held = organizations_for(person, action, permissions=permissions)
    return peewee.Value(True) if held is None else field.in_(held)


def may_anywhere(
    person: Person | int | None, action: str, *, permissions: Permissions | None = None
) -> bool:
    """True when ``person`` may take ``action`` on at least one organization."""
    declared = _permissions(permissions)[action]
    pid = _person_id(person)
    if pid is None:
        return False
    if is_superuser(pid):
        return True
    return (
        RoleAssignment.select()
        .where((RoleAssignment.person == pid) & RoleAssignment.role.in_(declared.roles))
        .exists()
    )


#: The prefix of the actions that are steps of handling a request for disclosure.
REQUEST_STEP_PREFIX = "request."


def request_steps(permissions: Permissions | None = None) -> list:
    """The actions that are steps of handling a request (依申请公开): those of the registry
    named ``request.*`` that say which statuses they are taken from."""
    found = _permissions(permissions).with_prefix(REQUEST_STEP_PREFIX)
    return [a for a in found if a.statuses]


def request_actions(
    person: Person | int | None, request, *, permissions: Permissions | None = None
) -> list[str]:
    """The steps (action names without ``request.``) ``person`` may take on ``request`` now:
    its status allows the step, the person may take its action there (:func:`allowed`), and a
    deadline is extended only once."""
    out = []
    for action in request_steps(permissions):
        step = action.name.removeprefix(REQUEST_STEP_PREFIX)
        if not action.applies_from(request.status):
            continue
        if step == "extend" and request.extended:
            continue
        if allowed(person, action.name, request.organization_id, permissions=permissions):
            out.append(step)
    return out


def admin_disclosures(person: Person | Reader | None, definitions: Iterable) -> peewee.ModelSelect:
    """The disclosures the admin lists for ``person``: what they read because of their roles
    (and their own proposals), never what a public scope alone shows them."""
    reader = reader_of(person)
    query = Disclosure.select()
    if reader.is_superuser:
        return query
    return query.where(reader.condition(list(definitions), by_scope=False))
