"""The reminder outbox (``reminder``): what ``dangwu tick`` enqueues for channel plugins.

The table is created from a model frozen here as it was when this migration was written (the
live ``dangwu_core.models.Reminder`` may change later; later changes are new migrations).
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

    statuses = "status IN ('pending', 'sent', 'failed')"

    class Reminder(Base):
        created_at = peewee.DateTimeField(default=dt.datetime.now)
        key = peewee.CharField(max_length=200, unique=True)
        kind = peewee.CharField(max_length=64)
        organization = peewee.ForeignKeyField(Organization, on_delete="CASCADE", index=False)
        recipient = peewee.ForeignKeyField(Person, null=True, on_delete="CASCADE")
        subject_type = peewee.CharField(max_length=32)
        subject_id = peewee.IntegerField(null=True)
        message = peewee.TextField()
        payload = peewee.TextField()
        due_on = peewee.DateField(null=True)
        status = peewee.CharField(max_length=16, constraints=[peewee.Check(statuses)])
        attempts = peewee.IntegerField(default=0)
        sent_at = peewee.DateTimeField(null=True)
        channel = peewee.CharField(max_length=64)

        class Meta:
            table_name = "reminder"
            indexes = ((("status", "created_at"), False), (("organization", "status"), False))

    return Reminder


def up(migrator, db):
    db.create_tables([_frozen(db)], safe=False)
