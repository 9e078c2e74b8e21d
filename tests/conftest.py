"""Shared fixtures: a unit on a fresh database, SQLite by default, PostgreSQL when provided.

``TEST_POSTGRESQL_URL`` (exported by ``.ci/run``) names a PostgreSQL server database that the
tests may create throwaway databases in; tests marked ``postgres``, and every test using the
``any_db`` fixture, then run on PostgreSQL as well.
"""

from __future__ import annotations

import os
import uuid
from urllib.parse import urlparse, urlunparse

import pytest

from dangwu_core.settings import load_settings
from dangwu_core.unit import Unit

POSTGRES_URL = os.environ.get("TEST_POSTGRESQL_URL", "")


def _sqlite_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'unit.db'}"


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    return _sqlite_url(tmp_path)


def _postgres_database():
    """Create a throwaway PostgreSQL database; return its URL and a cleanup function."""
    import psycopg2

    name = f"dangwu_test_{uuid.uuid4().hex[:12]}"
    admin = psycopg2.connect(POSTGRES_URL)
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    parsed = urlparse(POSTGRES_URL)
    url = urlunparse(parsed._replace(path=f"/{name}"))

    def drop():
        from dangwu_core.db import database

        if database.obj is not None and not database.obj.is_closed():
            database.obj.close()
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()

    return url, drop


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    """A fresh, empty database URL: SQLite, and PostgreSQL when TEST_POSTGRESQL_URL is set."""
    if request.param == "sqlite":
        yield _sqlite_url(tmp_path)
        return
    if not POSTGRES_URL:
        pytest.skip("PostgreSQL not provided (TEST_POSTGRESQL_URL is unset; .ci/run sets it)")
    url, drop = _postgres_database()
    try:
        yield url
    finally:
        drop()


def start_unit(database_url: str, **overrides) -> Unit:
    settings = load_settings(environ={}, database_url=database_url, **overrides)
    unit = Unit.start(settings)
    unit.upgrade()
    return unit


@pytest.fixture
def unit(sqlite_url) -> Unit:
    """A started unit (installed plugins loaded) on a fresh, upgraded SQLite database."""
    unit = start_unit(sqlite_url)
    yield unit
    unit.db.close()


@pytest.fixture
def any_unit(database_url) -> Unit:
    """Like ``unit``, on SQLite and on PostgreSQL."""
    unit = start_unit(database_url)
    yield unit
    unit.db.close()


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
