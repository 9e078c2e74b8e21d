"""提醒: the outbox of reminders ``dangwu tick`` enqueues and channel plugins deliver."""

from __future__ import annotations

import peewee

from .base import JSONField, TimestampedModel, check_in
from .choices import ReminderStatus
from .organization import Organization
from .people import Person


class Reminder(TimestampedModel):
    """One message for one person (or, with no recipient, for the organization's office).

    ``key`` makes enqueueing idempotent: the same reminder (what, about which object, for
    whom, for which due date) is inserted once however often ``dangwu tick`` runs. A channel
    plugin delivers pending rows and marks them sent (or failed, counting attempts).
    """

    key = peewee.CharField(max_length=200, unique=True)
    #: What it is about: ``obligation.due_soon``, ``obligation.overdue``, ``request.overdue``...
    kind = peewee.CharField(max_length=64)
    organization = peewee.ForeignKeyField(
        Organization, backref="reminders", on_delete="CASCADE", index=False
    )
    recipient = peewee.ForeignKeyField(Person, null=True, on_delete="CASCADE")
    subject_type = peewee.CharField(max_length=32)
    subject_id = peewee.IntegerField(null=True)
    message = peewee.TextField()
    payload = JSONField(default=dict)
    due_on = peewee.DateField(null=True)
    status = peewee.CharField(
        max_length=16,
        default=ReminderStatus.PENDING,
        constraints=[peewee.Check(check_in("status", ReminderStatus))],
    )
    attempts = peewee.IntegerField(default=0)
    sent_at = peewee.DateTimeField(null=True)
    channel = peewee.CharField(max_length=64, default="")

    class Meta:
        indexes = ((("status", "created_at"), False), (("organization", "status"), False))
