"""The database: one URL selects SQLite (embedded default) or PostgreSQL.

Models bind to :data:`database`, a proxy that :func:`connect` points at a real database.
SQLite runs in WAL mode with foreign keys on and a busy timeout, so the embedded default
behaves like a server database for constraints and concurrent readers.

The web application keeps one connection per serving thread across requests
(:func:`request_connection`, :func:`end_request`): opening a connection and setting its
PRAGMAs costs more than answering a cached page, so it is done once per thread, not once per
request. A connection a request left broken (the server went away) is closed at its end; one
idle for :data:`IDLE_SECONDS` is replaced (a server or a firewall may have dropped it); one
belonging to a database the proxy no longer points at is closed by the next request of its
thread; a thread that ends takes its connection with it.
"""

from __future__ import annotations

import contextlib
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

import peewee
from playhouse.db_url import parse as parse_url

from .errors import DatabaseError

#: The proxy every model is bound to.
database = peewee.DatabaseProxy()

SQLITE_SCHEMES = {"sqlite"}
POSTGRES_SCHEMES = {"postgres", "postgresql"}


def _redact(url: str) -> str:
    parsed = urlparse(url)
    if parsed.password:
        return url.replace(f":{parsed.password}@", ":***@")
    return url


def open_database(url: str, busy_timeout_ms: int = 5000) -> peewee.Database:
    """Build (but do not connect) the database named by ``url``.

    :raises DatabaseError: the URL is not sqlite:/// or postgresql://, names a directory that
        does not exist, or PostgreSQL's driver is missing.
    """
    if not url or "://" not in url:
        raise DatabaseError(
            f"database URL {url!r} is not a URL: use sqlite:///path/to/file.db "
            "or postgresql://user:password@host/dbname"
        )
    scheme = urlparse(url).scheme
    if scheme in SQLITE_SCHEMES:
        path = url.split("://", 1)[1]
        path = path[1:] if path.startswith("/") else path
        if not path:
            raise DatabaseError(f"database URL {url!r} names no file: use sqlite:///dangwu.db")
        if path != ":memory:":
            parent = Path(path).expanduser().resolve().parent
            if not parent.is_dir():
                raise DatabaseError(f"database URL {url!r}: directory {parent} does not exist")
        return peewee.SqliteDatabase(
            path,
            pragmas={
                "journal_mode": "wal",
                "foreign_keys": 1,
                "busy_timeout": busy_timeout_ms,
                "synchronous": "normal",
            },
        )
    if scheme in POSTGRES_SCHEMES:
        try:
            import psycopg2  # noqa: F401
        except ImportError:
            raise DatabaseError(
                "PostgreSQL needs the psycopg2 driver: pip install 'dangwu-core[postgresql]'"
            ) from None
        params = parse_url(url)
        name = params.pop("database", None)
        if not name:
            raise DatabaseError(f"database URL {_redact(url)!r} names no database")
        return peewee.PostgresqlDatabase(name, **params)
    raise DatabaseError(
        f"database URL {_redact(url)!r}: unsupported scheme {scheme!r} "
        "(use sqlite:/// or postgresql://)"
    )


SQLITE_HEADER = b"SQLite format 3\x00"


def sqlite_file(db: peewee.Database) -> Path | None:
    """The file of a SQLite database (None for PostgreSQL and ``:memory:``)."""
    if not isinstance(db, peewee.SqliteDatabase) or db.database == ":memory:":
        return None
    return Path(db.database).expanduser()


def check_sqlite_file(db: peewee.Database, *, create: bool) -> None:
    """Refuse a SQLite file that is missing (unless ``create``), a directory, or not SQLite.

    A mistyped path must not become a new, empty database: only the commands that create
    the schema (``dangwu init``, ``dangwu db upgrade``, ``dangwu demo``) pass ``create``.

    :raises DatabaseError: naming the file and what is wrong with it.
    """
    path = sqlite_file(db)
    if path is None:
        return
    if not path.exists():
        if create:
            return
        raise DatabaseError(
            f"database file {path} does not exist: check the path, or create the database "
            "with `dangwu init` or `dangwu db upgrade`"
        )
    if path.is_dir():
        raise DatabaseError(f"database file {path} is a directory")
    try:
        with open(path, "rb") as handle:
            head = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise DatabaseError(f"database file {path} is not readable: {exc.strerror}") from None
    if head and head != SQLITE_HEADER:  # an empty file is an empty SQLite database
        raise DatabaseError(f"database file {path} is not a SQLite database")


def connect(url: str, busy_timeout_ms: int = 5000, *, create: bool = True) -> peewee.Database:
    """Open the database named by ``url``, check that it answers, and bind the models to it.

    :param create: whether a missing SQLite file may be created (see
        :func:`check_sqlite_file`).
    :raises DatabaseError: see :func:`open_database`; a SQLite file that is missing (unless
        ``create``) or is not a SQLite database; or the server refuses the connection.
    """
    db = open_database(url, busy_timeout_ms)
    check_sqlite_file(db, create=create)
    try:
        db.connect(reuse_if_open=True)
        db.execute_sql("SELECT 1")
    except peewee.DatabaseError as exc:
        db.close()
        message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise DatabaseError(f"cannot open database {_redact(url)!r}: {message}") from None
    if database.obj is not None and database.obj is not db and not database.obj.is_closed():
        database.obj.close()
    database.initialize(db)
    return db


def is_postgres(db: peewee.Database | None = None) -> bool:
    db = db or database.obj
    return isinstance(db, peewee.PostgresqlDatabase)


def atomic():
    """A transaction (or savepoint when nested): everything inside commits or nothing does.

    On SQLite an outermost transaction takes the write lock at once (``BEGIN IMMEDIATE``), so
    two writers queue on the busy timeout instead of failing when a read turns into a write.
    """
    db = database.obj
    if isinstance(db, peewee.SqliteDatabase) and not db.in_transaction():
        return db.atomic(lock_type="IMMEDIATE")
    return database.atomic()


@contextlib.contextmanager
def connection():
    """Ensure a connection for the block; close it after if this block opened it."""
    opened = database.connect(reuse_if_open=True)
    try:
        yield database
    finally:
        if opened:
            database.close()


#: A kept connection idle for longer than this is closed and opened afresh by the next request.
IDLE_SECONDS = 300.0


class _Kept(threading.local):
    """This thread's kept connection: the database it belongs to and when it was last used."""

    db: peewee.Database | None = None
    used: float = 0.0


_kept = _Kept()


def request_connection() -> None:
    """Give the current thread an open connection for a request, reusing the one it kept.

    A connection is opened (and its PRAGMAs set) only when the thread has none, when it
    belongs to a database the proxy no longer points at, when the driver knows it is broken,
    or when it has been idle for :data:`IDLE_SECONDS`.
    """
    db = database.obj
    now = time.monotonic()
    old = _kept.db
    if old is not None and (old is not db or now - _kept.used > IDLE_SECONDS or _broken(old)):
        _discard(old)
        if old is db:
            _kept.db = None
    db.connect(reuse_if_open=True)
    _kept.db, _kept.used = db, now


def end_request(failed: BaseException | None = None) -> None:
    """End a request's use of the thread's connection: keep it for the next request.

    A transaction the request left open is rolled back (the next request starts clean); the
    connection is closed when it is an in-memory database's (nothing to keep), when the
    request failed on the connection itself, or when the driver says it is broken.
    """
    db = database.obj
    if db is None or db.is_closed():
        return
    if isinstance(db, peewee.SqliteDatabase) and db.database == ":memory:":
        return  # closing it would drop the whole database
    if isinstance(failed, peewee.InterfaceError | peewee.OperationalError) or _broken(db):
        _discard(db)
        _kept.db = None
        return
    _rollback_leftover(db)


def _broken(db: peewee.Database) -> bool:
    if db.is_closed():
        return False
    conn = db._state.conn
    if is_postgres(db):
        from psycopg2.extensions import TRANSACTION_STATUS_UNKNOWN

        return bool(conn.closed) or conn.get_transaction_status() == TRANSACTION_STATUS_UNKNOWN
    return False


def _rollback_leftover(db: peewee.Database) -> None:
    if db.in_transaction():
        return  # a block of this thread's own is still open: not ours to end
    conn = db._state.conn
    if is_postgres(db):
        from psycopg2.extensions import TRANSACTION_STATUS_IDLE

        leftover = conn.get_transaction_status() != TRANSACTION_STATUS_IDLE
    else:
        leftover = conn.in_transaction
    if leftover:
        conn.rollback()


def _discard(db: peewee.Database) -> None:
    """Close this thread's connection to ``db``, whatever state it is in."""
    if db.is_closed():
        return
    if db.in_transaction():
        return  # the thread's own code holds it (a test inside a transaction)
    try:
        db.close()
    except peewee.DatabaseError:
        db._state.reset()
