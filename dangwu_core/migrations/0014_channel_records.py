"""Channels that are places and records (issue 17): the 公开栏 register (``board_posting``),
e-screens with their read-only tokens (``screen``) and the meeting, document and briefing
records (``channel_record``).

The tables are created from models frozen here as they were when this migration was written.
"""

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

    class Disclosure(Base):
        class Meta:
            table_name = "disclosure"

    class BoardPosting(Base):
        created_at = peewee.DateTimeField()
        organization = peewee.ForeignKeyField(Organization, on_delete="CASCADE", index=False)
        day = peewee.DateField()
        paper = peewee.CharField(max_length=8, default="A4")
        disclosures = peewee.TextField()
        posted_on = peewee.DateField()
        posted_by = peewee.ForeignKeyField(Person, on_delete="RESTRICT", backref="+")
        take_down_due = peewee.DateField()
        taken_down_on = peewee.DateField(null=True)
        taken_down_by = peewee.ForeignKeyField(
            Person, null=True, on_delete="RESTRICT", backref="+", index=False
        )
        note = peewee.TextField(default="")

        class Meta:
            table_name = "board_posting"
            indexes = (
                (("organization", "day"), False),
                (("taken_down_on", "take_down_due"), False),
            )
            constraints = [peewee.Check("taken_down_on IS NULL OR taken_down_by_id IS NOT NULL")]

    class Screen(Base):
        created_at = peewee.DateTimeField()
        name = peewee.CharField(max_length=100)
        organization = peewee.ForeignKeyField(Organization, on_delete="CASCADE")
        token_hash = peewee.CharField(max_length=64, unique=True)
        created_by = peewee.ForeignKeyField(Person, on_delete="RESTRICT", backref="+")
        revoked_at = peewee.DateTimeField(null=True)
        last_seen_at = peewee.DateTimeField(null=True)

        class Meta:
            table_name = "screen"

    class ChannelRecord(Base):
        created_at = peewee.DateTimeField()
        disclosure = peewee.ForeignKeyField(Disclosure, on_delete="CASCADE")
        organization = peewee.ForeignKeyField(Organization, on_delete="CASCADE", index=False)
        channel = peewee.CharField(max_length=32)
        occurred_on = peewee.DateField()
        place = peewee.CharField(max_length=200)
        audience = peewee.TextField()
        attendance = peewee.IntegerField(null=True, constraints=[peewee.Check("attendance >= 0")])
        note = peewee.TextField(default="")
        recorded_by = peewee.ForeignKeyField(Person, on_delete="RESTRICT", backref="+")

        class Meta:
            table_name = "channel_record"
            indexes = ((("organization", "occurred_on"), False),)

    return [BoardPosting, Screen, ChannelRecord]


def up(migrator, db):
    db.create_tables(_frozen(db), safe=False)
