"""The append-only, hash-chained audit trail. Only :mod:`dangwu_core.audit` writes it."""

from __future__ import annotations

import peewee

from ..clock import utcnow
from .base import BaseModel, JSONField
from .organization import Organization
from .people import Person


class Event(BaseModel):
    """Who did what to which object, when, from which state to which, and why.

    ``hash`` covers every other column and ``prev_hash``, so editing, inserting or deleting
    a row breaks the chain at that row (``dangwu audit verify``).
    """

    at = peewee.DateTimeField(default=utcnow)
    actor = peewee.ForeignKeyField(Person, null=True, on_delete="RESTRICT", index=False)
    organization = peewee.ForeignKeyField(
        Organization, null=True, on_delete="RESTRICT", index=False
    )
    #: The kind of object (``disclosure``, ``organization``...) and its id.
    subject_type = peewee.CharField(max_length=32)
    subject_id = peewee.IntegerField(null=True)
    action = peewee.CharField(max_length=64)
    from_state = peewee.CharField(max_length=32, default="")
    to_state = peewee.CharField(max_length=32, default="")
    reason = peewee.TextField(default="")
    payload = JSONField(default=dict)
    prev_hash = peewee.CharField(max_length=64)
    hash = peewee.CharField(max_length=64, unique=True)

    class Meta:
        indexes = (
            (("subject_type", "subject_id"), False),
            (("organization", "at"), False),
            (("actor", "at"), False),
        )
