"""API tokens, members' ratings (民主评议, 003 §9(七)) and the CJK-bigram search index.

The tables are created from models frozen here as they were when this migration was written
(the live ``dangwu_core.models`` may change later; later changes are new migrations).
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

    class Disclosure(Base):
        class Meta:
            table_name = "disclosure"

    class ApiToken(Base):
        created_at = peewee.DateTimeField(default=dt.datetime.now)
        name = peewee.CharField(max_length=100)
        organization = peewee.ForeignKeyField(Organization, on_delete="CASCADE", index=False)
        person = peewee.ForeignKeyField(Person, on_delete="CASCADE")
        token_hash = peewee.CharField(max_length=64, unique=True)
        can_write = peewee.BooleanField(default=False)
        expires_at = peewee.DateTimeField(null=True)
        revoked_at = peewee.DateTimeField(null=True)
        last_used_at = peewee.DateTimeField(null=True)

        class Meta:
            table_name = "api_token"
            indexes = ((("organization", "revoked_at"), False),)

    class Rating(Base):
        created_at = peewee.DateTimeField(default=dt.datetime.now)
        organization = peewee.ForeignKeyField(Organization, on_delete="CASCADE", index=False)
        person = peewee.ForeignKeyField(Person, on_delete="CASCADE")
        year = peewee.IntegerField()
        score = peewee.IntegerField(constraints=[peewee.Check("score BETWEEN 1 AND 5")])
        comment = peewee.TextField(default="")

        class Meta:
            table_name = "rating"
            indexes = ((("organization", "year", "person"), True),)

    class SearchDocument(Base):
        disclosure = peewee.ForeignKeyField(
            Disclosure, primary_key=True, on_delete="CASCADE", column_name="disclosure_id"
        )
        text = peewee.TextField()
        indexed_at = peewee.DateTimeField()

        class Meta:
            table_name = "search_document"

    class SearchTerm(Base):
        term = peewee.CharField(max_length=32)
        disclosure = peewee.ForeignKeyField(Disclosure, on_delete="CASCADE", index=False)
        weight = peewee.IntegerField()

        class Meta:
            table_name = "search_term"
            primary_key = peewee.CompositeKey("term", "disclosure")
            indexes = ((("disclosure",), False),)

    return [ApiToken, Rating, SearchDocument, SearchTerm]


def up(migrator, db):
    db.create_tables(_frozen(db), safe=False)
