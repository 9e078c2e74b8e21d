"""Migration 0010 (the search index's stored text compressed, issue 15: the index and its copy
of the text within three times the text): a unit indexed at schema 0009 upgrades, its index is
filled again from the disclosures, and its members find what they found before.

Runs on SQLite and, with ``TEST_POSTGRESQL_URL``, on PostgreSQL (``old_unit``).
"""

from __future__ import annotations

import datetime as dt
import zlib

import peewee

from dangwu_core import migrate, search
from dangwu_core.db import open_database
from dangwu_core.models import Account, Disclosure, DisclosureVersion, SearchDocument
from dangwu_core.search.engines import engine_for

from .test_upgrade_from_0001 import invoke, old_unit  # noqa: F401 (the fixture)
from .test_upgrade_to_search import refilled

AT_0009 = "0009_search_on_the_database_engine"
COMPRESSED = "0010_compressed_search_text"


def _index_as_0009_did(url: str) -> int:
    """Bring ``url`` to schema 0009 and index every disclosure as that release did: the stored
    text as plain text, the entries in the full-text index; return how many."""
    db = open_database(url)
    db.connect()
    try:
        migrate.upgrade(db, target=AT_0009)
        rows = db.execute_sql(
            "SELECT d.id, v.title, v.body FROM disclosure d JOIN disclosure_version v"
            " ON v.disclosure_id = d.id AND v.number = d.current_version"
        ).fetchall()
        with db.atomic():
            mark = db.param
            for doc, title, body in rows:
                db.execute_sql(
                    "INSERT INTO search_document (disclosure_id, title, body, indexed_at)"
                    f" VALUES ({mark}, {mark}, {mark}, {mark})",
                    (doc, title, body, dt.datetime(2026, 3, 2, 9, 30)),
                )
            engine_for(db).write_many(db, [(doc, None, (t, b)) for doc, t, b in rows])
        return len(rows)
    finally:
        db.close()


def test_an_index_of_schema_0009_is_filled_again_compressed(old_unit):  # noqa: F811
    indexed = _index_as_0009_did(old_unit)
    assert indexed > 0
    assert f"pending  {COMPRESSED}" in invoke(old_unit, "db", "status").output.splitlines()
    unit = refilled(old_unit, invoke(old_unit, "db", "upgrade").output)
    try:
        total = Disclosure.select().count()
        db = unit.db
        if isinstance(db, peewee.SqliteDatabase):  # every entry once: none left from 0009
            db.execute_sql("INSERT INTO search_index (search_index) VALUES ('integrity-check')")
            assert db.execute_sql("SELECT COUNT(*) FROM search_index_docsize").fetchone() == (
                total,
            )
        else:
            assert db.execute_sql("SELECT COUNT(*) FROM search_vector").fetchone() == (total,)
        for document in SearchDocument.select():  # stored compressed, read back as text
            (raw,) = db.execute_sql(
                f"SELECT body FROM search_document WHERE disclosure_id = {db.param}",
                (document.disclosure_id,),
            ).fetchone()
            assert zlib.decompress(raw).decode("utf-8") == document.body
        member = Account.get(Account.username == "qianyf").person
        for hit in search.search("党费收缴", unit.listed_disclosures(member)).hits:
            version = DisclosureVersion.get(  # the snippet is cut from the decompressed text
                DisclosureVersion.disclosure == hit.disclosure.id,
                DisclosureVersion.number == hit.disclosure.current_version,
            )
            body = search.indexed_text(hit.disclosure, version)
            assert hit.snippet_html == search.snippet(body, ["党费收缴"])
            assert "应交" in hit.snippet_html
    finally:
        unit.db.close()
