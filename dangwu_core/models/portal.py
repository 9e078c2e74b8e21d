"""What the portal and the API keep: API tokens, ratings (民主评议) and the search index."""

from __future__ import annotations

import peewee

from .base import BaseModel, CompressedTextField, TimestampedModel
from .disclosure import Disclosure
from .organization import Organization
from .people import Person


class ApiToken(TimestampedModel):
    """A token for an e-screen or an integration: acts for ``person``, within the subtree of
    ``organization``, read-only unless ``can_write``. Only its SHA-256 is stored."""

    name = peewee.CharField(max_length=100)
    organization = peewee.ForeignKeyField(Organization, on_delete="CASCADE", index=False)
    person = peewee.ForeignKeyField(Person, on_delete="CASCADE")
    token_hash = peewee.CharField(max_length=64, unique=True)
    can_write = peewee.BooleanField(default=False)
    expires_at = peewee.DateTimeField(null=True)
    revoked_at = peewee.DateTimeField(null=True)
    last_used_at = peewee.DateTimeField(null=True)

    class Meta:
        indexes = ((("organization", "revoked_at"), False),)


class Rating(TimestampedModel):
    """A member's yearly rating of their organization's disclosure work (民主评议, 003 §9(七))."""

    organization = peewee.ForeignKeyField(Organization, on_delete="CASCADE", index=False)
    person = peewee.ForeignKeyField(Person, on_delete="CASCADE")
    year = peewee.IntegerField()
    score = peewee.IntegerField(constraints=[peewee.Check("score BETWEEN 1 AND 5")])
    comment = peewee.TextField(default="")

    class Meta:
        indexes = ((("organization", "year", "person"), True),)


class SearchDocument(BaseModel):
    """The text of a disclosure's current version as the search index holds it: its title and
    indexed body (``dangwu_core.search.indexed_text``), as written, not normalized; the body
    compressed (migration 0010: the index and this copy together stay within three times the
    text). The terms themselves live in the database's own full-text index (SQLite FTS5
    ``search_index``, PostgreSQL ``search_vector``: ``dangwu_core.search.engines``); this row
    is what a re-index compares with, what an entry is deleted from the index with, and what
    a hit's snippet is cut from."""

    disclosure = peewee.ForeignKeyField(
        Disclosure, primary_key=True, on_delete="CASCADE", column_name="disclosure_id"
    )
    title = peewee.TextField()
    body = CompressedTextField()
    indexed_at = peewee.DateTimeField()


class SearchReindex(BaseModel):
    """One run of ``dangwu search reindex``: the last disclosure id it committed, so that an
    interrupted run continues (``--resume``) where it stopped."""

    started_at = peewee.DateTimeField()
    force = peewee.BooleanField(default=False)
    last_disclosure = peewee.IntegerField(default=0)
    documents = peewee.IntegerField(default=0)
    finished_at = peewee.DateTimeField(null=True)
