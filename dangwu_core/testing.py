"""pytest fixtures for dangwu and its plugins (a pytest plugin, loaded through ``pytest11``).

Any distribution's tests get these fixtures once dangwu-core is installed:

``unit``
    a started :class:`~dangwu_core.unit.Unit` (every installed plugin loaded) on a fresh,
    migrated SQLite database;
``any_unit``
    the same, once on SQLite and once on PostgreSQL when ``TEST_POSTGRESQL_URL`` names a server
    database the tests may create throwaway databases beside (``.ci/run`` exports it);
``database_url``
    a fresh, empty database URL, parametrized the same way;
``contents``
    ``contents(url)``: every row of every table of a database (:func:`database_contents`),
    to show that a refusal left it exactly as it was.

and these helpers: :func:`start_unit` (a unit on a given database, with extra plugins),
:func:`create_app` (the unit's web application), :func:`cli_group` (the ``dangwu``
command), :func:`counting_statements` (the SQL a block sends), and for browser tests
:func:`require_browser`, :func:`serving` and :func:`chromium` (Debian's Chromium driven by
Playwright). A plugin's tests import from here and from :mod:`dangwu_core.toolkit` only.
"""

from __future__ import annotations

import os
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse, urlunparse

import pytest

from .settings import load_settings
from .unit import Unit

POSTGRES_URL_VARIABLE = "TEST_POSTGRESQL_URL"
CHROMIUM = Path("/usr/bin/chromium")


@contextmanager
def counting_statements(db=None) -> Iterator[list[str]]:
    """Collect the SQL statements sent to the database ``db`` while the block runs (their
    text, in order), from every thread: to show that a page, a report or a service costs the
    same number of statements whatever the number of rows.

    :param db: the peewee database; by default the one the unit's models use when the block
        starts (``dangwu_core.db.database.obj``).

    What is counted is each call of the database's ``execute_sql``, the one door of every
    query peewee runs; a driver's ``executemany`` called on a cursor (the search index's
    batches) is not.
    """
    if db is None:
        from .db import database

        db = database.obj
    original = db.execute_sql
    sent: list[str] = []

    def execute_sql(sql, params=None, *args, **kwargs):
        sent.append(sql)
        return original(sql, params, *args, **kwargs)

    db.execute_sql = execute_sql
    try:
        yield sent
    finally:
        del db.execute_sql


def postgres_url() -> str:
    return os.environ.get(POSTGRES_URL_VARIABLE, "")


def sqlite_url_in(directory) -> str:
    return f"sqlite:///{directory / 'unit.db'}"


def create_postgres_database():
    """Create a throwaway PostgreSQL database; return its URL and a function that drops it."""
    import psycopg2
    from psycopg2 import errors as pg_errors

    name = f"dangwu_test_{uuid.uuid4().hex[:12]}"
    admin = psycopg2.connect(postgres_url())
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    url = urlunparse(urlparse(postgres_url())._replace(path=f"/{name}"))

    def drop():
        from .db import database

        if database.obj is not None and not database.obj.is_closed():
            database.obj.close()
        # WITH (FORCE) would also terminate an autovacuum worker on the database, which a role
        # without pg_signal_backend may not (a flaky InsufficientPrivilege): end the test's own
        # sessions (a killed server's, a pg_dump's), then a plain DROP, which tells autovacuum to
        # leave and waits for it; retried while a session is still closing.
        with admin.cursor() as cursor:
            for attempt in range(20):
                cursor.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = %s AND usename = current_user AND pid <> pg_backend_pid()",
                    (name,),
                )
                try:
                    cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
                    break
                except pg_errors.ObjectInUse:
                    if attempt == 19:
                        raise
                    time.sleep(0.25)
        admin.close()

    return url, drop


def start_unit(database_url: str, *, extra_plugins=(), **overrides) -> Unit:
    """Start a unit on ``database_url`` (settings from ``overrides`` only) and upgrade it."""
    settings = load_settings(environ={}, database_url=database_url, **overrides)
    unit = Unit.start(settings, extra_plugins=extra_plugins)
    unit.upgrade()
    return unit


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    return sqlite_url_in(tmp_path)


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    """A fresh, empty database URL: SQLite, and PostgreSQL when the server is provided."""
    if request.param == "sqlite":
        yield sqlite_url_in(tmp_path)
        return
    if not postgres_url():
        pytest.skip(f"PostgreSQL not provided ({POSTGRES_URL_VARIABLE} is unset; .ci/run sets it)")
    url, drop = create_postgres_database()
    try:
        yield url
    finally:
        drop()


@pytest.fixture
def unit(sqlite_url):
    """A started unit (installed plugins loaded) on a fresh, upgraded SQLite database."""
    started = start_unit(sqlite_url)
    yield started
    started.db.close()


@pytest.fixture
def any_unit(database_url):
    """Like ``unit``, on SQLite and on PostgreSQL."""
    started = start_unit(database_url)
    yield started
    started.db.close()


def create_app(settings=None, *, unit: Unit | None = None):
    """The unit's Flask application, for a plugin's tests of its pages and admin views
    (:func:`dangwu_core.app.create_app`, imported when first called)."""
    from .app import create_app as factory

    return factory(settings, unit=unit)


def cli_group():
    """The ``dangwu`` click group, for a plugin's tests of its commands (``CliRunner``)."""
    from .cli import cli

    return cli


def database_contents(url: str) -> dict[str, list[tuple]]:
    """Every row of every table of the database at ``url``, read over a connection of its own.

    Used to show that a refusal left the database exactly as it was: the organizations, the
    closure table, the audit chain and its head, the migration history, everything.
    """
    from .db import open_database

    db = open_database(url)
    db.connect()
    try:
        contents = {}
        for table in sorted(db.get_tables()):
            rows = db.execute_sql(f'SELECT * FROM "{table}"').fetchall()  # nosec B608  # table names the database itself listed (get_tables)
            contents[table] = sorted((tuple(row) for row in rows), key=repr)
        return contents
    finally:
        db.close()


@pytest.fixture
def contents():
    """``contents(url)``: every row of every table (see :func:`database_contents`)."""
    return database_contents


# --- browser tests ------------------------------------------------------------------------


def require_browser(what: str):
    """Playwright's sync API; skip the calling module when it or Chromium is missing.

    A browser test module starts with ``sync_api = require_browser("the ... test")``: the
    module is skipped, saying why, only where the playwright package or Chromium
    (``apt-get install chromium``, as .ci/run does) is missing."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    if not CHROMIUM.exists():
        pytest.skip(
            f"Chromium not found at {CHROMIUM}: `apt-get install chromium` (.ci/run does) to "
            f"run {what}",
            allow_module_level=True,
        )
    return sync_api


@contextmanager
def serving(app) -> Iterator[str]:
    """Serve ``app`` on a free port of 127.0.0.1 in a thread; yield its base URL."""
    from werkzeug.serving import make_server

    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}"
    finally:
        httpd.shutdown()
        thread.join(5)


@contextmanager
def chromium() -> Iterator:
    """A launched Chromium (Playwright's Browser), closed afterwards."""
    from playwright import sync_api

    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM))
        try:
            yield launched
        finally:
            launched.close()
