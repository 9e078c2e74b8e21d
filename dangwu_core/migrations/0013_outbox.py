"""The outbox (issue 17): ``delivery``, ``delivery_attempt`` and ``subscriber``.

A delivery is one message for one channel and recipient, written in the transaction that
caused it and sent by ``dangwu worker`` (or the bounded pass of ``dangwu tick``); every
attempt is a ``delivery_attempt`` row; ``subscriber`` holds the platforms that receive linked
publications (联动公开). Tables are created from models frozen here as they were when this
migration was written.
"""

import datetime as dt

import peewee


def _frozen(db):
    class Base(peewee.Model):
        class Meta:
            database = db
            legacy_table_names = False

    class Organization(Base):
        class Meta:
            table_name = "organization"

    class Person(Base):
        class Meta:
            table_name = "person"

    class Subscriber(Base):
        created_at = peewee.DateTimeField(default=dt.datetime.now)
        name = peewee.CharField(max_length=200)
        platform = peewee.CharField(max_length=64, default="")
        url = peewee.CharField(max_length=500)
        secret = peewee.CharField(max_length=200)
        organizations = peewee.TextField()
        scopes = peewee.TextField()
        internal = peewee.BooleanField(default=False)
        active = peewee.BooleanField(default=True)

        class Meta:
            table_name = "subscriber"

    states = "state IN ('pending', 'sending', 'sent', 'dead')"

    class Delivery(Base):
        created_at = peewee.DateTimeField(default=dt.datetime.now)
        key = peewee.CharField(max_length=200, unique=True)
        channel = peewee.CharField(max_length=64)
        kind = peewee.CharField(max_length=32)
        recipient = peewee.CharField(max_length=500)
        person = peewee.ForeignKeyField(Person, null=True, on_delete="SET NULL", index=False)
        subscriber = peewee.ForeignKeyField(
            Subscriber, null=True, on_delete="SET NULL", index=False
        )
        organization = peewee.ForeignKeyField(
            Organization, null=True, on_delete="CASCADE", index=False
        )
        subject_type = peewee.CharField(max_length=32)
        subject_id = peewee.IntegerField(null=True)
        event_id = peewee.IntegerField(null=True)
        payload = peewee.TextField()
        state = peewee.CharField(max_length=16, constraints=[peewee.Check(states)])
        attempts = peewee.IntegerField(default=0)
        next_attempt_at = peewee.DateTimeField()
        last_error = peewee.TextField(default="")
        sent_at = peewee.DateTimeField(null=True)
        updated_at = peewee.DateTimeField()

        class Meta:
            table_name = "delivery"
            indexes = (
                (("state", "next_attempt_at"), False),
                (("subject_type", "subject_id"), False),
                (("organization", "state"), False),
            )

    class DeliveryAttempt(Base):
        created_at = peewee.DateTimeField(default=dt.datetime.now)
        delivery = peewee.ForeignKeyField(Delivery, on_delete="CASCADE", index=False)
        number = peewee.IntegerField()
        worker = peewee.CharField(max_length=100, default="")
        finished_at = peewee.DateTimeField(null=True)
        ok = peewee.BooleanField(null=True)
        error = peewee.TextField(default="")
        response = peewee.TextField(default="")

        class Meta:
            table_name = "delivery_attempt"
            indexes = ((("delivery", "number"), True),)

    return [Subscriber, Delivery, DeliveryAttempt]


def up(migrator, db):
    db.create_tables(_frozen(db), safe=False)
