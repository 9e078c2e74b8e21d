"""备案: what an organization files with its upper organization, visible to it."""

from __future__ import annotations

import peewee

from .base import JSONField, TimestampedModel, check_in
from .choices import FilingKind, FilingStatus
from .organization import Organization
from .people import Person


class Filing(TimestampedModel):
    organization = peewee.ForeignKeyField(
        Organization, backref="filings", on_delete="RESTRICT", index=False
    )
    #: The organization it is filed with (None when the upper body is outside the deployment).
    upper_organization = peewee.ForeignKeyField(
        Organization, null=True, backref="received_filings", on_delete="RESTRICT", index=False
    )
    kind = peewee.CharField(max_length=32, constraints=[peewee.Check(check_in("kind", FilingKind))])
    #: The filed object: ``catalog``, ``obligation``, ``disclosure_request``... and its id.
    subject_type = peewee.CharField(max_length=32)
    subject_id = peewee.IntegerField(null=True)
    title = peewee.CharField(max_length=300)
    body = peewee.TextField(default="")
    payload = JSONField(default=dict)
    status = peewee.CharField(
        max_length=16,
        default=FilingStatus.FILED,
        constraints=[peewee.Check(check_in("status", FilingStatus))],
    )
    filed_by = peewee.ForeignKeyField(Person, null=True, on_delete="SET NULL")
    reviewed_by = peewee.ForeignKeyField(
        Person, null=True, backref="reviewed_filings", on_delete="SET NULL"
    )
    reviewed_at = peewee.DateTimeField(null=True)
    review_opinion = peewee.TextField(default="")

    class Meta:
        indexes = (
            (("upper_organization", "status", "created_at"), False),
            (("organization", "created_at"), False),
            (("subject_type", "subject_id"), False),
        )
