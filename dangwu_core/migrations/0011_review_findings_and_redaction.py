"""脱密脱敏 (issue 16): the review checks' findings stored with each version, the reviewer's
decision on each, and the redacted text shown to readers who may not see the original.

``version_review`` holds the latest run of the checks on a version, ``version_finding`` one row
per span found (offsets and a keyed digest, never the found text), ``finding_decision`` each
accept or override. ``disclosure_version`` gains ``public_title`` and ``public_body``,
``disclosure`` gains ``public_title``: None where nothing is redacted. Tables are created from
models frozen here as they were when this migration was written.
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

    class DisclosureVersion(Base):
        class Meta:
            table_name = "disclosure_version"

    class VersionReview(Base):
        created_at = peewee.DateTimeField(default=dt.datetime.now)
        version = peewee.ForeignKeyField(DisclosureVersion, on_delete="CASCADE", unique=True)
        stage = peewee.CharField(max_length=32)
        results = peewee.TextField(default="[]")

        class Meta:
            table_name = "version_review"

    class VersionFinding(Base):
        created_at = peewee.DateTimeField(default=dt.datetime.now)
        version = peewee.ForeignKeyField(DisclosureVersion, on_delete="CASCADE", index=False)
        check = peewee.CharField(max_length=100)
        kind = peewee.CharField(max_length=32)
        action = peewee.CharField(max_length=16)
        source = peewee.CharField(max_length=300)
        start = peewee.IntegerField(column_name="start_offset")
        end = peewee.IntegerField(column_name="end_offset")
        suggestion = peewee.CharField(max_length=300, default="")
        digest = peewee.CharField(max_length=64)

        class Meta:
            table_name = "version_finding"
            indexes = ((("version", "source", "start", "end", "kind"), True),)
            constraints = [peewee.Check("end_offset > start_offset")]

    class FindingDecision(Base):
        created_at = peewee.DateTimeField(default=dt.datetime.now)
        finding = peewee.ForeignKeyField(VersionFinding, on_delete="CASCADE", index=False)
        kind = peewee.CharField(
            max_length=16, constraints=[peewee.Check("kind IN ('accept', 'override')")]
        )
        by = peewee.ForeignKeyField(Person, on_delete="RESTRICT", column_name="by_id")
        at = peewee.DateTimeField()
        reason = peewee.TextField(default="")

        class Meta:
            table_name = "finding_decision"
            indexes = ((("finding", "id"), False),)

    return [VersionReview, VersionFinding, FindingDecision]


def up(migrator, db):
    db.create_tables(_frozen(db), safe=False)
    migrator.migrate(
        migrator.add_column(
            "disclosure_version", "public_title", peewee.CharField(max_length=300, null=True)
        ),
        migrator.add_column("disclosure_version", "public_body", peewee.TextField(null=True)),
        migrator.add_column(
            "disclosure", "public_title", peewee.CharField(max_length=300, null=True)
        ),
    )
