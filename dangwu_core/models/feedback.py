"""意见反馈: opinions from members, the masses and investors, and their handling."""

from __future__ import annotations

import peewee

from .base import TimestampedModel, check_in
from .choices import FeedbackStatus, ReporterKind
from .disclosure import Disclosure
from .organization import Organization
from .people import Person


class Feedback(TimestampedModel):
    receipt_number = peewee.CharField(max_length=32, unique=True)
    organization = peewee.ForeignKeyField(
        Organization, backref="feedback", on_delete="RESTRICT", index=False
    )
    disclosure = peewee.ForeignKeyField(
        Disclosure, null=True, backref="feedback", on_delete="SET NULL"
    )
    #: How it arrived: web form, suggestion box (意见箱), hotline, letter, meeting...
    channel = peewee.CharField(max_length=32, default="web")
    reporter_kind = peewee.CharField(
        max_length=16, constraints=[peewee.Check(check_in("reporter_kind", ReporterKind))]
    )
    anonymous = peewee.BooleanField(default=False)
    reporter = peewee.ForeignKeyField(Person, null=True, on_delete="SET NULL")
    reporter_name = peewee.CharField(max_length=100, default="")
    reporter_contact = peewee.CharField(max_length=200, default="")
    body = peewee.TextField()
    status = peewee.CharField(
        max_length=16,
        default=FeedbackStatus.RECEIVED,
        constraints=[peewee.Check(check_in("status", FeedbackStatus))],
    )
    assignee = peewee.ForeignKeyField(
        Person, null=True, backref="assigned_feedback", on_delete="SET NULL"
    )
    important = peewee.BooleanField(default=False)
    escalated = peewee.BooleanField(default=False)
    answer = peewee.TextField(default="")
    #: The answer as the public sees it: checked, personal data masked (004 七(三)).
    public_answer = peewee.TextField(default="")
    due_date = peewee.DateField(null=True)
    answered_at = peewee.DateTimeField(null=True)
    #: When a named reporter was told the result (003 §9(四)).
    reporter_notified_at = peewee.DateTimeField(null=True)

    class Meta:
        indexes = (
            (("organization", "status", "created_at"), False),
            (("status", "due_date"), False),
        )
        constraints = [peewee.Check("NOT anonymous OR reporter_id IS NULL")]
