"""投递: the outbox (``delivery``), every attempt at a delivery, and linked-publication
subscribers.

A :class:`Delivery` is one message for one channel and one recipient, written in the
transaction that caused it (a publication, a withdrawal, a reminder digest) and sent later by
the worker (:mod:`dangwu_core.outbox`). Its ``key`` is unique: writing the same delivery twice
writes it once, and senders that honour an idempotency key receive it, so a delivery resent
after a crash is not delivered twice.
"""

from __future__ import annotations

import peewee

from ..clock import utcnow
from .base import JSONField, TimestampedModel, check_in
from .choices import LabelledEnum
from .organization import Organization
from .people import Person


class DeliveryState(LabelledEnum):
    PENDING = "pending", "待发送"
    SENDING = "sending", "发送中"
    SENT = "sent", "已送达"
    DEAD = "dead", "投递失败"


class Subscriber(TimestampedModel):
    """A platform that re-publishes what the unit discloses (联动公开, 004 六(三)).

    ``organizations`` are the ids whose items it receives (with their subtrees; empty: every
    organization), ``scopes`` the scopes it receives; an item narrower than ``public`` goes
    only to a subscriber marked ``internal``, and a ``specific`` one never goes.
    """

    name = peewee.CharField(max_length=200)
    #: What kind of platform it is (政务公开...): a label the channel plugin offers.
    platform = peewee.CharField(max_length=64, default="")
    url = peewee.CharField(max_length=500)
    secret = peewee.CharField(max_length=200)
    organizations = JSONField(default=list)
    scopes = JSONField(default=list)
    internal = peewee.BooleanField(default=False)
    active = peewee.BooleanField(default=True)


class Delivery(TimestampedModel):
    """One message to one channel and recipient; sent by the worker, with retries."""

    key = peewee.CharField(max_length=200, unique=True)
    #: The sender's code (``email``, ``sms``, ``linked``...).
    channel = peewee.CharField(max_length=64)
    #: What it says: ``publish``, ``republish``, ``widen``, ``withdraw``, ``digest``...
    kind = peewee.CharField(max_length=32)
    #: The address it goes to as the sender reads it (an e-mail address, a number, a URL).
    recipient = peewee.CharField(max_length=500)
    person = peewee.ForeignKeyField(Person, null=True, on_delete="SET NULL", index=False)
    subscriber = peewee.ForeignKeyField(Subscriber, null=True, on_delete="SET NULL", index=False)
    organization = peewee.ForeignKeyField(Organization, null=True, on_delete="CASCADE", index=False)
    subject_type = peewee.CharField(max_length=32)
    subject_id = peewee.IntegerField(null=True)
    #: The audit event that caused it (a transition's), when there is one.
    event_id = peewee.IntegerField(null=True)
    payload = JSONField(default=dict)
    state = peewee.CharField(
        max_length=16,
        default=DeliveryState.PENDING,
        constraints=[peewee.Check(check_in("state", DeliveryState))],
    )
    attempts = peewee.IntegerField(default=0)
    next_attempt_at = peewee.DateTimeField(default=utcnow)
    last_error = peewee.TextField(default="")
    sent_at = peewee.DateTimeField(null=True)
    updated_at = peewee.DateTimeField(default=utcnow)

    class Meta:
        indexes = (
            (("state", "next_attempt_at"), False),
            (("subject_type", "subject_id"), False),
            (("organization", "state"), False),
        )


class DeliveryAttempt(TimestampedModel):
    """One attempt at a delivery: when, by which worker, and what came of it."""

    delivery = peewee.ForeignKeyField(
        Delivery, backref="attempt_rows", on_delete="CASCADE", index=False
    )
    number = peewee.IntegerField()
    worker = peewee.CharField(max_length=100, default="")
    finished_at = peewee.DateTimeField(null=True)
    ok = peewee.BooleanField(null=True)
    error = peewee.TextField(default="")
    #: What the far end answered (a message id, a status), short.
    response = peewee.TextField(default="")

    class Meta:
        indexes = ((("delivery", "number"), True),)
