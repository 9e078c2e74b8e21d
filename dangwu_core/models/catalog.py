"""党务公开目录: catalogs made by an upper organization, their categories and items."""

from __future__ import annotations

from collections.abc import Iterable

import peewee

from .base import JSONField, TimestampedModel, check_in
from .choices import Cadence, CatalogStatus, ItemStatus, Scope, TimeLimit
from .organization import Organization, OrganizationClosure


class Catalog(TimestampedModel):
    """One version of a catalog package as installed in this unit."""

    code = peewee.CharField(max_length=100)
    title = peewee.CharField(max_length=200)
    version = peewee.CharField(max_length=32)
    #: (major, minor, patch) packed for ordering versions in SQL.
    version_key = peewee.BigIntegerField()
    issuer_code = peewee.CharField(max_length=64)
    issuer_name = peewee.CharField(max_length=200)
    #: The issuing organization when it is part of this deployment.
    issuer = peewee.ForeignKeyField(Organization, null=True, on_delete="SET NULL")
    effective_date = peewee.DateField()
    #: Organization type names the catalog applies to (within the issuer's subtree when the
    #: issuer is part of the deployment: see :meth:`bound`).
    applies_to = JSONField(default=list)
    #: Codes of the named organizations the catalog applies to, whatever their type (an
    #: organization's own catalog, 004 七(二), or one an upper organization makes for it).
    applies_to_organizations = JSONField(default=list)
    status = peewee.CharField(
        max_length=16,
        default=CatalogStatus.ACTIVE,
        constraints=[peewee.Check(check_in("status", CatalogStatus))],
    )
    #: Where the package came from (file name or plugin template) and its digest.
    source = peewee.CharField(max_length=300, default="")
    sha256 = peewee.CharField(max_length=64, default="")
    signed_by = peewee.CharField(max_length=100, default="")

    class Meta:
        indexes = ((("code", "version"), True), (("status", "code"), False))

    def __str__(self) -> str:
        return f"{self.title} {self.version}"

    @property
    def targets(self) -> str:
        """What the catalog applies to, for lists: ``party_branch, B-01``."""
        return ", ".join([*(self.applies_to or []), *(self.applies_to_organizations or [])])

    def bound(self, organizations: Iterable[Organization]) -> list[Organization]:
        """Those of ``organizations`` the catalog binds (at most one query).

        An organization is bound when it is named (``applies_to_organizations``), or when its
        type is one of ``applies_to`` and it lies in the issuer's subtree (the issuer itself
        included). A catalog whose issuer is outside the deployment (the upper body above it,
        ``issuer`` empty) binds its types across the whole deployment.
        """
        organizations = list(organizations)
        named = set(self.applies_to_organizations or [])
        types = set(self.applies_to or [])
        typed = [o for o in organizations if o.type in types and o.code not in named]
        if typed and self.issuer_id is not None:
            below = {
                row[0]
                for row in OrganizationClosure.select(OrganizationClosure.descendant)
                .where(OrganizationClosure.ancestor == self.issuer_id)
                .tuples()
            }
            typed = [o for o in typed if o.id in below]
        keep = {o.id for o in typed}
        return [o for o in organizations if o.code in named or o.id in keep]

    def binds(self, organization: Organization) -> bool:
        """Whether the catalog applies to ``organization`` (see :meth:`bound`)."""
        return bool(self.bound([organization]))


class Category(TimestampedModel):
    """公开内容 category, as the catalog package defines it (not core)."""

    catalog = peewee.ForeignKeyField(
        Catalog, backref="categories", on_delete="CASCADE", index=False
    )
    code = peewee.CharField(max_length=64)
    name = peewee.CharField(max_length=200)
    sort_order = peewee.IntegerField(default=0)

    class Meta:
        indexes = ((("catalog", "code"), True),)

    def __str__(self) -> str:
        return self.name


class CatalogItem(TimestampedModel):
    """One obligation-defining line of a catalog: what, to whom, how, how often, by whom."""

    catalog = peewee.ForeignKeyField(Catalog, backref="items", on_delete="CASCADE", index=False)
    code = peewee.CharField(max_length=64)
    title = peewee.CharField(max_length=300)
    category = peewee.ForeignKeyField(Category, backref="items", on_delete="RESTRICT")
    scope = peewee.CharField(max_length=16, constraints=[peewee.Check(check_in("scope", Scope))])
    #: Channel names (registered by channel plugins) the item may be published on.
    channels = JSONField(default=list)
    time_limit = peewee.CharField(
        max_length=16, constraints=[peewee.Check(check_in("time_limit", TimeLimit))]
    )
    cadence = peewee.CharField(
        max_length=16,
        null=True,
        constraints=[peewee.Check("cadence IS NULL OR " + check_in("cadence", Cadence))],
    )
    #: Named phases of a staged item, e.g. ["事前", "事中", "事后"].
    phases = JSONField(default=list)
    #: Staged work running across years: closes with a summary disclosure (003 §8(三)).
    spans_years = peewee.BooleanField(default=False)
    #: Immediate items: publish within this many working days of the triggering event.
    due_within_days = peewee.IntegerField(null=True)
    #: Display window in working days (immediate) or months (long-term: at least 6).
    display_days = peewee.IntegerField(null=True)
    display_months = peewee.IntegerField(null=True)
    proposing_department = peewee.CharField(max_length=100, default="")
    needs_upper_approval = peewee.BooleanField(default=False)
    important = peewee.BooleanField(default=False)
    #: 风险评估 (004 七(四)) its items need: "" none, ``stability`` (社会稳定风险评估) or
    #: ``opinion`` (a major decision: the stability and the online-opinion assessment).
    risk_assessment = peewee.CharField(max_length=16, default="")
    legal_basis = peewee.TextField(default="")
    notes = peewee.TextField(default="")
    sort_order = peewee.IntegerField(default=0)
    status = peewee.CharField(
        max_length=16,
        default=ItemStatus.ACTIVE,
        constraints=[peewee.Check(check_in("status", ItemStatus))],
    )
    status_reason = peewee.TextField(default="")

    class Meta:
        indexes = ((("catalog", "code"), True), (("catalog", "sort_order"), False))
        constraints = [
            peewee.Check("time_limit <> 'periodic' OR cadence IS NOT NULL"),
        ]

    def __str__(self) -> str:
        return self.title
