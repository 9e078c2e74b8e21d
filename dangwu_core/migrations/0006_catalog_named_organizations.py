"""Catalog.applies_to_organizations: a catalog may bind named organizations (by code).

004 七(二): each organization compiles its own catalog and files it with the upper
organization; 003 §6: the upper organization makes one for a class of its subordinates. A
catalog now applies to organization types, to named organizations, or both. Catalogs
installed before keep binding their types only (an empty list).
"""

from peewee import TextField


def up(migrator, db):
    # A JSON list stored as text, like ``applies_to`` (models.base.JSONField).
    migrator.migrate(
        migrator.add_column("catalog", "applies_to_organizations", TextField(default="[]"))
    )
