"""Search on the database's own full-text engine (issue 15).

The CJK-bigram index of migration 0004 (``search_term``: one row per term and document, 21×
the text) goes; ``search_document`` keeps the indexed title and body as written, and the
terms move into the database's own index: on SQLite a contentless FTS5 table
``search_index`` (title, body; the ``ascii`` tokenizer over pre-cut tokens), on PostgreSQL
``search_vector`` (a ``tsvector`` per disclosure, GIN-indexed). ``search_reindex`` records
each run of ``dangwu search reindex`` (its last id, for ``--resume``).

The new index starts empty: ``dangwu db upgrade`` fills it after the migrations, in bounded
batches (``dangwu search reindex``), as it would after any restore. Tables are created from
models and SQL frozen here as they were when this migration was written.
"""

import peewee

SQLITE_DDL = (
    "CREATE VIRTUAL TABLE search_index USING fts5(title, body, content='', tokenize='ascii')"
)
POSTGRES_DDL = (
    "CREATE TABLE search_vector (disclosure_id INTEGER NOT NULL PRIMARY KEY "
    "REFERENCES disclosure (id) ON DELETE CASCADE, vector TSVECTOR NOT NULL)",
    "CREATE INDEX search_vector_vector ON search_vector USING gin (vector)",
)


def _frozen(db):
    class Base(peewee.Model):
        class Meta:
            database = db
            legacy_table_names = False

    class Disclosure(Base):
        class Meta:
            table_name = "disclosure"

    class SearchDocument(Base):
        disclosure = peewee.ForeignKeyField(
            Disclosure, primary_key=True, on_delete="CASCADE", column_name="disclosure_id"
        )
        title = peewee.TextField()
        body = peewee.TextField()
        indexed_at = peewee.DateTimeField()

        class Meta:
            table_name = "search_document"

    class SearchReindex(Base):
        started_at = peewee.DateTimeField()
        force = peewee.BooleanField(default=False)
        last_disclosure = peewee.IntegerField(default=0)
        documents = peewee.IntegerField(default=0)
        finished_at = peewee.DateTimeField(null=True)

        class Meta:
            table_name = "search_reindex"

    return [SearchDocument, SearchReindex]


def up(migrator, db):
    db.execute_sql('DROP TABLE "search_term"')
    db.execute_sql('DROP TABLE "search_document"')
    db.create_tables(_frozen(db), safe=False)
    if isinstance(db, peewee.PostgresqlDatabase):
        for statement in POSTGRES_DDL:
            db.execute_sql(statement)
    else:
        db.execute_sql(SQLITE_DDL)
