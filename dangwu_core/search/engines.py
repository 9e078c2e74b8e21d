"""The database's own full-text index, one engine per dialect, behind the same three calls.

* SQLite: ``search_index``, a contentless FTS5 table (``content=''``) with a ``title`` and a
  ``body`` column holding the tokens of :mod:`.text` separated by spaces, read by FTS5's
  ``ascii`` tokenizer (which splits only at ASCII punctuation and spaces, so a Chinese pair is
  one token). The text itself is kept once, in ``search_document``; a document is removed
  from the index by FTS5's ``'delete'`` command with the tokens it was indexed with, which
  :func:`~.text.tokens` gives again from that text. Ranked by ``bm25`` with the title
  weighing :data:`TITLE_WEIGHT` times the body.
* PostgreSQL: ``search_vector``, a ``tsvector`` per disclosure under a GIN index, written as a
  literal (lexemes with positions; the title's weighted ``A``) so no text-search parser
  re-cuts the tokens; the ``simple`` configuration's reading, ``<->`` for phrases, ``:*`` for
  a single character; ranked by ``ts_rank``.

Both answer ``candidates``: the ids (and scores) of the newest matches the reader may read,
the index joined into the reader's own query of disclosures in one statement.
"""

from __future__ import annotations

import peewee

from .text import is_prefix, phrase, tokens

TITLE_WEIGHT = 5.0
#: The FTS5 table (SQLite) and its DDL; migrations 0009 and 0010 create the same.
SQLITE_TABLE = "search_index"
SQLITE_DDL = (
    f"CREATE VIRTUAL TABLE {SQLITE_TABLE} USING fts5(title, body, content='', tokenize='ascii')"
)
#: The tsvector table (PostgreSQL) and its DDL; migration 0009 creates the same.
POSTGRES_TABLE = "search_vector"
POSTGRES_DDL = (
    f"CREATE TABLE {POSTGRES_TABLE} (disclosure_id INTEGER NOT NULL PRIMARY KEY "
    "REFERENCES disclosure (id) ON DELETE CASCADE, vector TSVECTOR NOT NULL)",
    f"CREATE INDEX {POSTGRES_TABLE}_vector ON {POSTGRES_TABLE} USING gin (vector)",
)
#: PostgreSQL keeps positions up to this and at most this many positions per lexeme.
_PG_MAX_POSITION = 16383
_PG_MAX_POSITIONS = 256


def _ids_sql(readable: peewee.ModelSelect) -> tuple[str, list]:
    from ..models import Disclosure

    return readable.select(Disclosure.id).order_by().sql()


class SqliteEngine:
    def write_many(self, db, changes: list[tuple[int, tuple | None, tuple | None]]) -> None:
        """Replace the entry of each (doc id, ``old`` (title, body) as it was indexed or None,
        ``new`` or None): every deletion, then every insertion, one statement each."""
        cursor = db.cursor()
        gone = [(doc, *self._columns(old)) for doc, old, _ in changes if old is not None]
        if gone:
            cursor.executemany(
                # the table name is a module constant; every value is a parameter
                f"INSERT INTO {SQLITE_TABLE} ({SQLITE_TABLE}, rowid, title, body) "  # nosec B608
                "VALUES ('delete', ?, ?, ?)",
                gone,
            )
        made = [(doc, *self._columns(new)) for doc, _, new in changes if new is not None]
        if made:
            cursor.executemany(
                # the table name is a module constant; every value is a parameter
                f"INSERT INTO {SQLITE_TABLE} (rowid, title, body) VALUES (?, ?, ?)",  # nosec B608
                made,
            )

    @staticmethod
    def _columns(text: tuple[str, str]) -> tuple[str, str]:
        return " ".join(tokens(text[0])), " ".join(tokens(text[1]))

    @staticmethod
    def match(parts: list[str]) -> str:
        """The FTS5 query: every part (AND); a phrase of pairs, a prefix, or a word."""
        out = []
        for part in parts:
            quoted = '"' + " ".join(phrase(part)) + '"'
            out.append(quoted + "*" if is_prefix(part) else quoted)
        return " AND ".join(out)

    def candidates(self, db, readable, parts, limit, *, ranked, offset=0):
        sql, params = _ids_sql(readable)
        score = f"bm25({SQLITE_TABLE}, {TITLE_WEIGHT}, 1.0)" if ranked else "0"
        query = (
            f"SELECT {SQLITE_TABLE}.rowid, {score} FROM {SQLITE_TABLE} "  # nosec B608
            f"JOIN ({sql}) AS readable ON readable.id = {SQLITE_TABLE}.rowid "
            f"WHERE {SQLITE_TABLE} MATCH ? ORDER BY {SQLITE_TABLE}.rowid DESC LIMIT ? OFFSET ?"
        )
        rows = db.execute_sql(query, [*params, self.match(parts), limit, offset]).fetchall()
        return [(doc, -float(s)) for doc, s in rows]  # bm25: lower is better

    def clear(self, db):
        # the table name is a module constant; every value is a parameter
        db.execute_sql(f"INSERT INTO {SQLITE_TABLE} ({SQLITE_TABLE}) VALUES ('delete-all')")  # nosec B608


class PostgresEngine:
    def write_many(self, db, changes: list[tuple[int, tuple | None, tuple | None]]) -> None:
        """Replace the vector of each (doc id, old, ``new`` (title, body) or None)."""
        cursor = db.cursor()
        gone = [(doc,) for doc, _, new in changes if new is None]
        if gone:
            cursor.executemany(
                # the table name is a module constant; every value is a parameter
                f"DELETE FROM {POSTGRES_TABLE} WHERE disclosure_id = %s",  # nosec B608
                gone,
            )
        made = [(doc, self.vector(new)) for doc, _, new in changes if new is not None]
        if made:
            cursor.executemany(
                # the table name is a module constant; every value is a parameter
                f"INSERT INTO {POSTGRES_TABLE} (disclosure_id, vector) "  # nosec B608
                "VALUES (%s, %s::tsvector) "
                "ON CONFLICT (disclosure_id) DO UPDATE SET vector = EXCLUDED.vector",
                made,
            )

    @staticmethod
    def vector(text: tuple[str, str]) -> str:
        """A tsvector literal: each token with its positions, the title's weighted A; one
        position left empty between title and body so that no phrase spans the two."""
        positions: dict[str, list[str]] = {}
        title = tokens(text[0])
        for n, token in enumerate(title, 1):
            positions.setdefault(token, []).append(f"{min(n, _PG_MAX_POSITION)}A")
        for n, token in enumerate(tokens(text[1]), len(title) + 2):
            positions.setdefault(token, []).append(str(min(n, _PG_MAX_POSITION)))
        return " ".join(
            f"{_lexeme(t)}:{','.join(p[:_PG_MAX_POSITIONS])}" for t, p in positions.items()
        )

    @staticmethod
    def match(parts: list[str]) -> str:
        out = []
        for part in parts:
            if is_prefix(part):
                out.append(f"{_lexeme(part)}:*")
            else:
                out.append("(" + " <-> ".join(_lexeme(t) for t in phrase(part)) + ")")
        return " & ".join(out)

    def candidates(self, db, readable, parts, limit, *, ranked, offset=0):
        sql, params = _ids_sql(readable)
        weights = f"'{{0.2, 0.2, 0.2, {0.2 * TITLE_WEIGHT}}}'"
        score = f"ts_rank({weights}, v.vector, q.query)" if ranked else "0"
        query = (
            f"SELECT v.disclosure_id, {score} FROM {POSTGRES_TABLE} v "  # nosec B608
            f"JOIN ({sql}) AS readable ON readable.id = v.disclosure_id "
            "CROSS JOIN (SELECT %s::tsquery AS query) q "
            "WHERE v.vector @@ q.query ORDER BY v.disclosure_id DESC LIMIT %s OFFSET %s"
        )
        rows = db.execute_sql(query, [*params, self.match(parts), limit, offset]).fetchall()
        return [(doc, float(s)) for doc, s in rows]

    def clear(self, db):
        # the table name is a module constant; every value is a parameter
        db.execute_sql(f"DELETE FROM {POSTGRES_TABLE}")  # nosec B608


def _lexeme(token: str) -> str:
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


def create_index(db: peewee.Database) -> None:
    """Create the full-text index of ``db``'s dialect (what migration 0009 froze; the schema
    test compares the two)."""
    statements = POSTGRES_DDL if isinstance(db, peewee.PostgresqlDatabase) else (SQLITE_DDL,)
    for statement in statements:
        db.execute_sql(statement)


def engine_for(db: peewee.Database):
    """The engine of ``db``'s dialect."""
    return PostgresEngine() if isinstance(db, peewee.PostgresqlDatabase) else SqliteEngine()
