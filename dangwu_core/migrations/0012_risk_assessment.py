"""风险评估 (004 七(四)): ``catalog_item.risk_assessment``, ``risk_requirement``, ``risk_assessment``;
and the public text of answers (``feedback.public_answer``, ``disclosure_request.public_reason``).

A catalog item says which risk assessment its items need (``""``, ``stability`` or
``opinion``, the latter for major decisions: both assessments); the reviewer or a plugin flags
an item (``risk_requirement``); each assessment made is a ``risk_assessment`` row. The tables
are created from models frozen here as they were when this migration was written. An answer
is shown to the public checked and de-sensitized (004 七(三)); its stored original stays.
"""

import datetime as dt

import peewee

KINDS = "kind IN ('stability', 'opinion')"


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

    class RiskRequirement(Base):
        created_at = peewee.DateTimeField(default=dt.datetime.now)
        disclosure = peewee.ForeignKeyField(Disclosure, on_delete="CASCADE", index=False)
        kind = peewee.CharField(max_length=16, constraints=[peewee.Check(KINDS)])
        source = peewee.CharField(max_length=100)
        flagged_by = peewee.ForeignKeyField(Person, null=True, on_delete="SET NULL")
        reason = peewee.TextField(default="")

        class Meta:
            table_name = "risk_requirement"
            indexes = ((("disclosure", "kind"), False),)

    class RiskAssessment(Base):
        created_at = peewee.DateTimeField(default=dt.datetime.now)
        disclosure = peewee.ForeignKeyField(Disclosure, on_delete="CASCADE", index=False)
        kind = peewee.CharField(max_length=16, constraints=[peewee.Check(KINDS)])
        ratings = peewee.TextField(default="{}")
        assessor = peewee.CharField(max_length=100)
        entered_by = peewee.ForeignKeyField(Person, null=True, on_delete="SET NULL")

        class Meta:
            table_name = "risk_assessment"
            indexes = ((("disclosure", "kind"), False),)

    return [RiskRequirement, RiskAssessment]


def up(migrator, db):
    migrator.migrate(
        migrator.add_column(
            "catalog_item", "risk_assessment", peewee.CharField(max_length=16, default="")
        ),
        migrator.add_column("feedback", "public_answer", peewee.TextField(default="")),
        migrator.add_column("disclosure_request", "public_reason", peewee.TextField(default="")),
    )
    db.create_tables(_frozen(db), safe=False)
