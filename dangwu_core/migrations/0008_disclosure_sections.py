"""DisclosureSection: one disclosure fulfils several obligations (the 党务公开日 sheet).

003 §8(二): a branch posts one sheet on the monthly disclosure day that covers every item
due that month. A disclosure gets sections (``disclosure_section``), one per obligation,
each version its own rows; an attachment may name the section it belongs to
(``attachment.section``, the section's position). Disclosures made before have no sections
and no attachment names one: they read as they did.

The table is created from a model frozen here as it was when this migration was written.
"""

import datetime as dt

import peewee


def _frozen(db):
    class Base(peewee.Model):
        class Meta:
            database = db
            legacy_table_names = False

    class Disclosure(Base):
        class Meta:
            table_name = "disclosure"

    class Obligation(Base):
        class Meta:
            table_name = "obligation"

    class CatalogItem(Base):
        class Meta:
            table_name = "catalog_item"

    class Filing(Base):
        class Meta:
            table_name = "filing"

    scopes = "scope IN ('public', 'party', 'unit', 'specific')"

    class DisclosureSection(Base):
        created_at = peewee.DateTimeField(default=dt.datetime.now)
        disclosure = peewee.ForeignKeyField(
            Disclosure, backref="sections", on_delete="CASCADE", index=False
        )
        version = peewee.IntegerField(constraints=[peewee.Check("version >= 1")])
        position = peewee.IntegerField(constraints=[peewee.Check("position >= 1")])
        obligation = peewee.ForeignKeyField(
            Obligation, null=True, backref="sections", on_delete="SET NULL"
        )
        catalog_item = peewee.ForeignKeyField(
            CatalogItem, null=True, backref="sections", on_delete="RESTRICT"
        )
        title = peewee.CharField(max_length=300)
        body = peewee.TextField(default="")
        scope = peewee.CharField(
            max_length=16, null=True, constraints=[peewee.Check("scope IS NULL OR " + scopes)]
        )
        withheld = peewee.BooleanField(default=False)
        withheld_reason = peewee.TextField(default="")
        filing = peewee.ForeignKeyField(Filing, null=True, on_delete="SET NULL")
        reason = peewee.TextField(default="")

        class Meta:
            table_name = "disclosure_section"
            indexes = ((("disclosure", "version", "position"), True),)
            constraints = [peewee.Check("NOT withheld OR withheld_reason <> ''")]

    return DisclosureSection


def up(migrator, db):
    db.create_tables([_frozen(db)], safe=False)
    migrator.migrate(migrator.add_column("attachment", "section", peewee.IntegerField(null=True)))
