"""依申请公开: a member (or, where allowed, anyone) applies for a disclosure."""

from __future__ import annotations

import peewee

from .base import TimestampedModel, check_in
from .choices import RequestStatus, Scope
from .disclosure import Disclosure
from .organization import Organization
from .people import Person


class DisclosureRequest(TimestampedModel):
    receipt_number = peewee.CharField(max_length=32, unique=True)
    organization = peewee.ForeignKeyField(
        Organization, backref="requests", on_delete="RESTRICT", index=False
    )
    applicant = peewee.ForeignKeyField(Person, null=True, on_delete="SET NULL")
    applicant_name = peewee.CharField(max_length=100)
    applicant_contact = peewee.CharField(max_length=200, default="")
    applicant_is_member = peewee.BooleanField(default=True)
    subject = peewee.CharField(max_length=300)
    content = peewee.TextField(constraints=[peewee.Check("content <> ''")])
    status = peewee.CharField(
        max_length=32,
        default=RequestStatus.SUBMITTED,
        constraints=[peewee.Check(check_in("status", RequestStatus))],
    )
    deadline = peewee.DateField()
    deadline_provisional = peewee.BooleanField(default=False)
    extended = peewee.BooleanField(default=False)
    extension_reason = peewee.TextField(default="")
    decision_reason = peewee.TextField(default="")
    #: The decision's reasons as the public sees them: checked, personal data masked.
    public_reason = peewee.TextField(default="")
    grant_scope = peewee.CharField(
        max_length=16,
        null=True,
        constraints=[peewee.Check("grant_scope IS NULL OR " + check_in("grant_scope", Scope))],
    )
    disclosure = peewee.ForeignKeyField(Disclosure, null=True, on_delete="SET NULL")
    decided_at = peewee.DateTimeField(null=True)
    applicant_notified_at = peewee.DateTimeField(null=True)

    class Meta:
        indexes = (
            (("organization", "status", "created_at"), False),
            (("status", "deadline"), False),
        )
