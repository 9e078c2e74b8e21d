"""公开事项: the disclosed content, its versions and (for the specific scope) its addressees."""

from __future__ import annotations

import peewee

from .base import JSONField, TimestampedModel, check_in
from .catalog import CatalogItem
from .choices import Scope
from .obligation import Obligation
from .organization import Organization
from .people import Person


class Disclosure(TimestampedModel):
    organization = peewee.ForeignKeyField(
        Organization, backref="disclosures", on_delete="RESTRICT", index=False
    )
    #: None for an out-of-catalog disclosure (目录外事项), which needs an approved plan.
    catalog_item = peewee.ForeignKeyField(
        CatalogItem, null=True, backref="disclosures", on_delete="RESTRICT"
    )
    obligation = peewee.ForeignKeyField(
        Obligation, null=True, backref="disclosures", on_delete="SET NULL"
    )
    title = peewee.CharField(max_length=300)
    scope = peewee.CharField(max_length=16, constraints=[peewee.Check(check_in("scope", Scope))])
    #: Channel names the disclosure is published on; each must carry ``scope``.
    channels = JSONField(default=list)
    #: The workflow definition that governs it and its current state there.
    workflow = peewee.CharField(max_length=100)
    state = peewee.CharField(max_length=32)
    proposer = peewee.ForeignKeyField(Person, backref="proposed", on_delete="RESTRICT")
    #: The department (承办部门) that proposed it: 谁承办谁提出.
    department = peewee.CharField(max_length=100, default="")
    important = peewee.BooleanField(default=False)
    period_label = peewee.CharField(max_length=64, default="")
    #: Optimistic concurrency: every transition bumps it; a stale writer gets a conflict.
    lock_version = peewee.IntegerField(default=1)
    #: The number of the version readers see.
    current_version = peewee.IntegerField(default=1)
    published_at = peewee.DateTimeField(null=True)
    display_from = peewee.DateField(null=True)
    display_until = peewee.DateField(null=True)
    updated_at = peewee.DateTimeField(null=True)
    #: The title shown to readers who may not see the original (脱敏, see
    #: :mod:`dangwu_core.redaction`); None when nothing in it is redacted.
    public_title = peewee.CharField(max_length=300, null=True)

    class Meta:
        indexes = (
            (("organization", "state", "published_at"), False),
            (("state", "scope", "published_at"), False),
        )

    def __str__(self) -> str:
        return self.title


#: PostgreSQL keeps the order of every list (newest first, NULLs last, then the newest id:
#: ``listing.newest_first``) in two more indexes, so that a page and a count read an index
#: and stop instead of scanning and sorting the table: its backward scan of the indexes above
#: puts NULLs first, which is not that order. SQLite cannot declare them (no NULLS LAST in an
#: index) and needs them not (it reads the indexes above in that order). Migration 0010 makes
#: them; ``migrate.schema_drift`` knows them by these names.
POSTGRES_INDEXES = {
    "disclosure_listed_newest": (
        "CREATE INDEX disclosure_listed_newest ON disclosure "
        "(state, scope, published_at DESC NULLS LAST, id DESC) INCLUDE (workflow)"
    ),
    "disclosure_organization_newest": (
        "CREATE INDEX disclosure_organization_newest ON disclosure "
        "(organization_id, state, published_at DESC NULLS LAST, id DESC) INCLUDE (scope, workflow)"
    ),
}


class DisclosureVersion(TimestampedModel):
    """One version of the content; a re-publication (再公开) adds one with its reason."""

    disclosure = peewee.ForeignKeyField(
        Disclosure, backref="versions", on_delete="CASCADE", index=False
    )
    number = peewee.IntegerField(constraints=[peewee.Check("number >= 1")])
    title = peewee.CharField(max_length=300)
    body = peewee.TextField()
    #: Why this version replaced the previous one (required from version 2 on).
    reason = peewee.TextField(default="")
    author = peewee.ForeignKeyField(Person, on_delete="RESTRICT")
    published_at = peewee.DateTimeField(null=True)
    #: The title and body shown to readers who may not see the original (脱敏, see
    #: :mod:`dangwu_core.redaction`); None when nothing in them is redacted.
    public_title = peewee.CharField(max_length=300, null=True)
    public_body = peewee.TextField(null=True)

    class Meta:
        indexes = ((("disclosure", "number"), True),)
        constraints = [peewee.Check("number = 1 OR reason <> ''")]


class DisclosureAddressee(TimestampedModel):
    """Who a ``specific``-scope disclosure is addressed to: a person or an organization."""

    disclosure = peewee.ForeignKeyField(
        Disclosure, backref="addressees", on_delete="CASCADE", index=False
    )
    person = peewee.ForeignKeyField(Person, null=True, on_delete="CASCADE")
    organization = peewee.ForeignKeyField(Organization, null=True, on_delete="CASCADE")

    class Meta:
        indexes = ((("disclosure", "person", "organization"), True),)
        constraints = [peewee.Check("(person_id IS NULL) <> (organization_id IS NULL)")]
