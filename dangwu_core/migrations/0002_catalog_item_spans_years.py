"""CatalogItem.spans_years: a staged item whose work runs across years (跨年度的工作).

003 §8(三): such work is disclosed by phases and, when it ends, by a closing summary
(总结性公开); the obligation engine opens that summary for items with this flag.
"""

from peewee import BooleanField


def up(migrator, db):
    migrator.migrate(
        migrator.add_column("catalog_item", "spans_years", BooleanField(default=False))
    )
