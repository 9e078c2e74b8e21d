"""Throttle: rate limits and login limits counted in the database, shared by every process.

Limits were counted in each process's memory, keyed on the address the process saw: several
processes (or a restart) each had their own count. One row per (bucket, key) now holds the
attempts of the current window, written by an atomic upsert that every process shares.

The table is created from a model frozen here as it was when this migration was written.
"""

import peewee


def _frozen(db):
    class Throttle(peewee.Model):
        bucket = peewee.CharField(max_length=32)
        key = peewee.CharField(max_length=200)
        hits = peewee.IntegerField(default=0)
        window_ends = peewee.BigIntegerField(index=True)

        class Meta:
            database = db
            table_name = "throttle"
            primary_key = peewee.CompositeKey("bucket", "key")

    return [Throttle]


def up(migrator, db):
    db.create_tables(_frozen(db), safe=False)
