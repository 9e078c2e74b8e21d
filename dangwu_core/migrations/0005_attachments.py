"""Attachments (附件) of disclosures, their bytes kept in the database (``attachment``).

The table is created from a model frozen here as it was when this migration was written (the
live ``dangwu_core.models.Attachment`` may change later; later changes are new migrations).
"""

import datetime as dt

import peewee


def _frozen(db):
    class Base(peewee.Model):
        class Meta:
            database = db
            legacy_table_names = False

    class Person(Base):
        class Meta:
            table_name = "person"

    class Disclosure(Base):
        class Meta:
            table_name = "disclosure"

    class Attachment(Base):
        created_at = peewee.DateTimeField(default=dt.datetime.now)
        disclosure = peewee.ForeignKeyField(
            Disclosure, backref="attachments", on_delete="CASCADE", index=False
        )
        version = peewee.IntegerField(constraints=[peewee.Check("version >= 1")])
        until_version = peewee.IntegerField(null=True)
        filename = peewee.CharField(max_length=200)
        content_type = peewee.CharField(max_length=100)
        size = peewee.IntegerField(constraints=[peewee.Check("size > 0")])
        sha256 = peewee.CharField(max_length=64)
        data = peewee.BlobField()
        uploaded_by = peewee.ForeignKeyField(Person, on_delete="RESTRICT")

        class Meta:
            table_name = "attachment"
            indexes = ((("disclosure", "version"), False),)
            constraints = [peewee.Check("until_version IS NULL OR until_version > version")]

    return Attachment


def up(migrator, db):
    db.create_tables([_frozen(db)], safe=False)
