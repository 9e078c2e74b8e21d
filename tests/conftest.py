"""Fixtures of core's own tests.

The unit and database fixtures (``unit``, ``any_unit``, ``database_url``, ``sqlite_url``) come
from :mod:`dangwu_core.testing`, the pytest plugin every dangwu distribution's tests get;
``TEST_POSTGRESQL_URL`` (exported by ``.ci/run``) makes them run on PostgreSQL as well.
"""

from __future__ import annotations

import pytest


def database_contents(url: str) -> dict[str, list[tuple]]:
    """Every row of every table of the database at ``url``, read over a connection of its own.

    Used to show that a refusal left the database exactly as it was: the organizations, the
    closure table, the audit chain and its head, the migration history, everything.
    """
    from dangwu_core.db import open_database

    db = open_database(url)
    db.connect()
    try:
        contents = {}
        for table in sorted(db.get_tables()):
            rows = db.execute_sql(f'SELECT * FROM "{table}"').fetchall()
            contents[table] = sorted((tuple(row) for row in rows), key=repr)
        return contents
    finally:
        db.close()


@pytest.fixture
def contents():
    """``contents(url)``: every row of every table (see :func:`database_contents`)."""
    return database_contents
