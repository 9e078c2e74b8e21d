"""The search index's stored text compressed, and on PostgreSQL the lists' order indexed
(issue 15: the index and its copy of the text within three times the text; reads whose cost
does not grow with the table).

``search_document.body`` becomes a zlib-compressed BLOB (``bytea`` on PostgreSQL): the
copy of each document that a re-index compares with, that an entry is deleted from the
full-text index with and that a hit's snippet is cut from takes about two thirds of the
text's size instead of all of it. The copy and the full-text index are derived data: both
are emptied here and ``dangwu db upgrade`` fills them again after the migrations, in
bounded batches (``dangwu search reindex``), as after migration 0009 (a contentless FTS5
index can only lose an entry with the text it was indexed from, so the two go together).

On PostgreSQL, two indexes hold the order of every list (newest publication first, NULLs
last, then the newest id), one by state and scope, one by organization and state, with the
columns the lists filter on included: a page reads its ids from an index and stops, a count
reads only an index, where the table was scanned and sorted (about 70 ms at 100,000
disclosures). SQLite cannot declare NULLS LAST in an index, and reads its own indexes in that
order already.

Tables are created from models and SQL frozen here as they were when this migration was
written.
"""

import peewee

SQLITE_DDL = (
    "CREATE VIRTUAL TABLE search_index USING fts5(title, body, content='', tokenize='ascii')"
)


POSTGRES_INDEXES = (
    "CREATE INDEX disclosure_listed_newest ON disclosure "
    "(state, scope, published_at DESC NULLS LAST, id DESC) INCLUDE (workflow)",
    "CREATE INDEX disclosure_organization_newest ON disclosure "
    "(organization_id, state, published_at DESC NULLS LAST, id DESC) INCLUDE (scope, workflow)",
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
        body = peewee.BlobField()
        indexed_at = peewee.DateTimeField()

        class Meta:
            table_name = "search_document"

    return SearchDocument


def up(migrator, db):
    db.execute_sql('DROP TABLE "search_document"')
    db.create_tables([_frozen(db)], safe=False)
    if isinstance(db, peewee.PostgresqlDatabase):
        db.execute_sql("DELETE FROM search_vector")
        for statement in POSTGRES_INDEXES:
            db.execute_sql(statement)
    else:
        db.execute_sql("DROP TABLE search_index")
        db.execute_sql(SQLITE_DDL)
