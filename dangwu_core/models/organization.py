"""党组织: the organization tree, with a closure table for subtree and ancestor queries.

``OrganizationClosure`` holds one row per (ancestor, descendant) pair, including each
organization with itself at depth 0. "Every organization under X" is then one indexed join,
on SQLite and PostgreSQL alike, however deep the tree. Only
:mod:`dangwu_core.organizations` writes these tables.
"""

from __future__ import annotations

import peewee

from .base import BaseModel, TimestampedModel


class Organization(TimestampedModel):
    code = peewee.CharField(max_length=64, unique=True)
    name = peewee.CharField(max_length=200)
    short_name = peewee.CharField(max_length=100, default="")
    #: An organization type name registered by a plugin (``dangwu_register_organization_types``).
    type = peewee.CharField(max_length=64, index=True)
    #: The sector of the type (a name the sector plugin chooses), copied for filtering.
    sector = peewee.CharField(max_length=64, index=True)
    #: The structural kind (committee, branch, discipline body...): see ``OrganizationKind``.
    kind = peewee.CharField(max_length=32)
    parent = peewee.ForeignKeyField(
        "self", null=True, backref="children", on_delete="RESTRICT", index=False
    )
    depth = peewee.IntegerField(default=0, constraints=[peewee.Check("depth >= 0")])
    sort_order = peewee.IntegerField(default=0)
    is_active = peewee.BooleanField(default=True)

    class Meta:
        indexes = ((("parent", "sort_order"), False),)
        constraints = [peewee.Check("parent_id IS NULL OR parent_id <> id")]

    def __str__(self) -> str:
        return self.name


class OrganizationClosure(BaseModel):
    ancestor = peewee.ForeignKeyField(
        Organization, backref="descendant_links", on_delete="CASCADE", index=False
    )
    descendant = peewee.ForeignKeyField(
        Organization, backref="ancestor_links", on_delete="CASCADE", index=False
    )
    depth = peewee.IntegerField(constraints=[peewee.Check("depth >= 0")])

    class Meta:
        primary_key = peewee.CompositeKey("ancestor", "descendant")
        indexes = ((("descendant", "depth"), False),)
