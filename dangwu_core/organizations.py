"""党组织: organization types, and creating, moving and querying the organization tree.

Organization types come from plugins (``dangwu_register_organization_types``); core knows
only their structural *kind* (committee, general branch, branch, discipline body, working
department). Every write keeps the closure table in step and records an audit event, in one
transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import peewee

from . import audit
from .db import atomic
from .errors import NotFound, ValidationError
from .models import Organization, OrganizationClosure

# The types are registered data; they live below the services (re-exported here).
from .organization_types import OrganizationType, OrganizationTypes

if TYPE_CHECKING:
    from .context import UnitContext


def get(code: str) -> Organization:
    """The organization with ``code``, or NotFound."""
    organization = Organization.get_or_none(Organization.code == code)
    if organization is None:
        raise NotFound(f"no organization has the code {code!r}")
    return organization


def create(
    ctx: UnitContext,
    *,
    code: str,
    name: str,
    type: str,
    parent: Organization | str | None = None,
    short_name: str = "",
    sort_order: int = 0,
    actor=None,
) -> Organization:
    """Create an organization under ``parent`` (an Organization or its code).

    ``dangwu_on_organization_created`` is notified (through ``ctx.notify``) inside the
    transaction, whoever calls: the admin, the CLI, the demo, a plugin.

    :param ctx: the unit context (its registry's organization types are used).
    :raises ValidationError: empty or duplicate code, empty name, unknown type, a parent of a
        type the new type does not accept, or a parent missing for a type that is not a root.
    """
    code = (code or "").strip()
    name = (name or "").strip()
    if not code:
        raise ValidationError("an organization needs a code", "code")
    if not name:
        raise ValidationError(f"organization {code!r} needs a name", "name")
    types = ctx.registry.organization_types
    org_type = types.get(type)
    if isinstance(parent, str):
        parent = get(parent)
    _check_parent_type(types, org_type, parent)
    with atomic():
        if Organization.select().where(Organization.code == code).exists():
            raise ValidationError(f"an organization with the code {code!r} already exists", "code")
        try:
            organization = Organization.create(
                code=code,
                name=name,
                short_name=short_name or "",
                type=org_type.name,
                sector=org_type.sector,
                kind=org_type.kind,
                parent=parent,
                depth=(parent.depth + 1) if parent else 0,
                sort_order=sort_order,
            )
        except peewee.IntegrityError:
            # Another writer created the same code between the check and the insert.
            raise ValidationError(
                f"an organization with the code {code!r} already exists", "code"
            ) from None
        _link(organization, parent)
        audit.record(
            "organization.create",
            "organization",
            organization.id,
            actor=actor,
            organization=organization,
            payload={
                "code": code,
                "name": name,
                "type": org_type.name,
                "parent": parent.code if parent else None,
            },
        )
        ctx.notify("dangwu_on_organization_created", unit=ctx, organization=organization)
    return organization


def _check_parent_type(
    types: OrganizationTypes, org_type: OrganizationType, parent: Organization | None
) -> None:
    if parent is None:
        if not org_type.root:
            raise ValidationError(
                f"an organization of type {org_type.name!r} ({org_type.label}) needs a parent",
                "parent",
            )
        return
    if org_type.parent_types and parent.type not in org_type.parent_types:
        allowed = ", ".join(org_type.parent_types)
        raise ValidationError(
            f"an organization of type {org_type.name!r} ({org_type.label}) cannot stand under "
            f"{parent.code!r} of type {parent.type!r}; allowed parent types: {allowed}",
            "parent",
        )


def _link(organization: Organization, parent: Organization | None) -> None:
    """Insert the closure rows of a new leaf: itself, and every ancestor of its parent."""
    OrganizationClosure.insert(ancestor=organization, descendant=organization, depth=0).execute()
    if parent is not None:
        ancestors = OrganizationClosure.select(
            OrganizationClosure.ancestor,
            peewee.Value(organization.id),
            OrganizationClosure.depth + 1,
        ).where(OrganizationClosure.descendant == parent)
        OrganizationClosure.insert_from(
            ancestors,
            [
                OrganizationClosure.ancestor,
                OrganizationClosure.descendant,
                OrganizationClosure.depth,
            ],
        ).execute()


def move(
    ctx: UnitContext,
    organization: Organization | str,
    new_parent: Organization | str | None,
    *,
    actor=None,
    reason: str = "",
) -> Organization:
    """Move ``organization`` (and its subtree) under ``new_parent``.

    :raises ValidationError: the move would make a cycle (the new parent is the organization
        or one of its descendants), or the new parent's type is not allowed.
    """
    if isinstance(organization, str):
        organization = get(organization)
    if isinstance(new_parent, str):
        new_parent = get(new_parent)
    if new_parent is not None and is_ancestor(organization, new_parent):
        raise ValidationError(
            f"moving {organization.code!r} under {new_parent.code!r} would make a cycle: "
            f"{new_parent.code!r} is inside {organization.code!r}'s own subtree",
            "parent",
        )
    types = ctx.registry.organization_types
    _check_parent_type(types, types.get(organization.type), new_parent)
    old_parent = organization.parent
    with atomic():
        subtree = OrganizationClosure.select(OrganizationClosure.descendant).where(
            OrganizationClosure.ancestor == organization
        )
        # Detach: remove links from the old ancestors (not inside the subtree) to the subtree.
        OrganizationClosure.delete().where(
            OrganizationClosure.descendant.in_(subtree)
            & OrganizationClosure.ancestor.not_in(subtree)
        ).execute()
        depth_delta = ((new_parent.depth + 1) if new_parent else 0) - organization.depth
        if new_parent is not None:
            # Attach: every ancestor of the new parent reaches every node of the subtree.
            above = OrganizationClosure.alias("above")
            below = OrganizationClosure.alias("below")
            links = (
                above.select(above.ancestor, below.descendant, above.depth + below.depth + 1)
                .from_(above, below)
                .where((above.descendant == new_parent) & (below.ancestor == organization))
            )
            OrganizationClosure.insert_from(
                links,
                [
                    OrganizationClosure.ancestor,
                    OrganizationClosure.descendant,
                    OrganizationClosure.depth,
                ],
            ).execute()
        Organization.update(depth=Organization.depth + depth_delta).where(
            Organization.id.in_(subtree)
        ).execute()
        Organization.update(parent=new_parent).where(Organization.id == organization.id).execute()
        audit.record(
            "organization.move",
            "organization",
            organization.id,
            actor=actor,
            organization=organization,
            reason=reason,
            payload={
                "from_parent": old_parent.code if old_parent else None,
                "to_parent": new_parent.code if new_parent else None,
            },
        )
    return Organization.get_by_id(organization.id)


def is_ancestor(ancestor: Organization, descendant: Organization) -> bool:
    """True when ``descendant`` is ``ancestor`` or lies in its subtree."""
    return (
        OrganizationClosure.select()
        .where(
            (OrganizationClosure.ancestor == ancestor)
            & (OrganizationClosure.descendant == descendant)
        )
        .exists()
    )


def subtree(organization: Organization, include_self: bool = True) -> peewee.ModelSelect:
    """Every organization under ``organization`` (one indexed join), ordered by depth, name."""
    query = (
        Organization.select(Organization, OrganizationClosure.depth.alias("relative_depth"))
        .join(OrganizationClosure, on=OrganizationClosure.descendant == Organization.id)
        .where(OrganizationClosure.ancestor == organization)
    )
    if not include_self:
        query = query.where(OrganizationClosure.depth > 0)
    return query.order_by(Organization.depth, Organization.sort_order, Organization.code)


def subtree_ids(organization: Organization | int) -> peewee.ModelSelect:
    """A subquery of the ids in ``organization``'s subtree, for ``.in_(...)`` filters."""
    return OrganizationClosure.select(OrganizationClosure.descendant).where(
        OrganizationClosure.ancestor == organization
    )


def ancestors(organization: Organization, include_self: bool = False) -> list[Organization]:
    """The organizations above ``organization``, nearest first."""
    query = (
        Organization.select(Organization)
        .join(OrganizationClosure, on=OrganizationClosure.ancestor == Organization.id)
        .where(OrganizationClosure.descendant == organization)
        .order_by(OrganizationClosure.depth)
    )
    if not include_self:
        query = query.where(OrganizationClosure.depth > 0)
    return list(query)


@dataclass
class TreeNode:
    organization: Organization
    children: list[TreeNode] = field(default_factory=list)


def tree(root: Organization | None = None) -> list[TreeNode]:
    """The whole tree (or ``root``'s subtree) as nested nodes, in one query."""
    if root is None:
        organizations = list(
            Organization.select().order_by(
                Organization.depth, Organization.sort_order, Organization.code
            )
        )
    else:
        organizations = list(subtree(root))
    nodes = {org.id: TreeNode(org) for org in organizations}
    roots: list[TreeNode] = []
    for org in organizations:
        parent = nodes.get(org.parent_id)
        (parent.children if parent else roots).append(nodes[org.id])
    return roots


EDITABLE = ("name", "short_name", "sort_order", "is_active")


def edit(organization: Organization, *, actor=None, **changes) -> Organization:
    """Change an organization's name, short name, order or active flag (an event records it).

    Code, type and parent are not edited here: a code is the organization's identity, and
    moving goes through :func:`move`, which keeps the tree in step.

    :raises ValidationError: an empty name, or a field that cannot be edited this way.
    """
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        raise ValidationError(f"{', '.join(unknown)} cannot be edited this way", unknown[0])
    if "name" in changes:
        changes["name"] = (changes["name"] or "").strip()
        if not changes["name"]:
            raise ValidationError(f"organization {organization.code!r} needs a name", "name")
    with atomic():
        Organization.update(**changes).where(Organization.id == organization.id).execute()
        audit.record(
            "organization.edit",
            "organization",
            organization.id,
            actor=actor,
            organization=organization.id,
            payload=changes,
        )
    return Organization.get_by_id(organization.id)
