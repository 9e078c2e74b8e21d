"""Backups: a consistent copy of a running unit's database, and its restore.

* **SQLite**: SQLite's own online backup API (:meth:`sqlite3.Connection.backup`), which
  copies a consistent snapshot while the portal keeps serving; the backup is a plain SQLite
  file, checked with ``PRAGMA integrity_check`` before it replaces anything.
* **PostgreSQL**: ``pg_dump --format=custom`` (a consistent snapshot in one transaction,
  compressed) and ``pg_restore`` in a single transaction. The client tools must be on
  ``PATH`` and at least as new as the server.

A backup is written beside its destination first and renamed into place, so a failed backup
never leaves half a file under the given name. A restore refuses a database that already has
tables unless ``force`` is given: restoring is the one operation that replaces data wholesale.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess  # nosec B404  # pg_dump/pg_restore/psql by argv list, never a shell
import tempfile
from dataclasses import dataclass
from pathlib import Path

import peewee

from .db import open_database
from .errors import DangwuError

SQLITE, POSTGRESQL = "sqlite", "postgresql"
SQLITE_MAGIC = b"SQLite format 3\x00"
PGDUMP_MAGIC = b"PGDMP"
#: The table every dangwu database has (the migration history): what makes a file ours.
MARKER_TABLE = "schema_migration"


class BackupError(DangwuError):
    """A backup or restore that cannot be done; the message says why in one line."""


@dataclass(frozen=True)
class BackupResult:
    path: Path
    kind: str  # SQLITE or POSTGRESQL
    size: int


# --- what a file and a database are ----------------------------------------------------------


def backup_kind(path: Path) -> str:
    """The kind of backup in ``path`` (SQLITE or POSTGRESQL).

    :raises BackupError: the file is missing, unreadable, or neither a SQLite database nor a
        ``pg_dump`` custom-format archive.
    """
    path = Path(path)
    if not path.exists():
        raise BackupError(f"backup file {path} does not exist")
    if path.is_dir():
        raise BackupError(f"backup file {path} is a directory")
    try:
        with open(path, "rb") as handle:
            head = handle.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise BackupError(f"backup file {path} is not readable: {exc.strerror}") from None
    if head.startswith(SQLITE_MAGIC):
        return SQLITE
    if head.startswith(PGDUMP_MAGIC):
        return POSTGRESQL
    raise BackupError(
        f"{path} is not a dangwu backup: neither a SQLite database nor a pg_dump "
        "custom-format archive (make one with `dangwu backup FILE`)"
    )


def database_kind(db: peewee.Database) -> str:
    return POSTGRESQL if isinstance(db, peewee.PostgresqlDatabase) else SQLITE


def user_tables(url: str) -> list[str]:
    """The tables of the database at ``url`` (an empty or missing SQLite file has none)."""
    db = open_database(url)
    if isinstance(db, peewee.SqliteDatabase) and not _sqlite_path(db).exists():
        return []
    try:
        db.connect()
    except peewee.OperationalError as exc:
        message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise BackupError(f"cannot open the database: {message}") from None
    try:
        return sorted(db.get_tables())
    finally:
        db.close()


def _sqlite_path(db: peewee.SqliteDatabase) -> Path:
    return Path(db.database).expanduser()


def _sqlite_error(exc: sqlite3.Error) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def _replace_atomically(path: Path, write) -> int:
    """Call ``write(tmp)`` on a temporary file beside ``path``, then rename it to ``path``."""
    path = Path(path)
    if not path.parent.is_dir():
        raise BackupError(f"cannot write {path}: directory {path.parent} does not exist")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=path.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        write(tmp_path)
        os.replace(tmp_path, path)
    finally:
        tmp_path.unlink(missing_ok=True)
    return path.stat().st_size


# --- backup -----------------------------------------------------------------------------------


def backup(url: str, path: str | os.PathLike, *, force: bool = False) -> BackupResult:
    """Write a consistent backup of the database at ``url`` to ``path``.

    :param force: replace ``path`` if it exists (refused otherwise).
    :raises BackupError: ``path`` exists, the database has no dangwu schema, or the copy
        failed (the message names the cause).
    """
    path = Path(path)
    if path.exists() and not force:
        raise BackupError(f"{path} already exists; pass --force to replace it")
    if path.is_dir():
        raise BackupError(f"{path} is a directory")
    db = open_database(url)
    if MARKER_TABLE not in user_tables(url):
        raise BackupError(
            "the database has no dangwu schema to back up (run `dangwu init` or `dangwu db "
            "upgrade` first)"
        )
    if isinstance(db, peewee.PostgresqlDatabase):
        size = _replace_atomically(path, lambda tmp: _pg_dump(db, tmp))
        return BackupResult(path, POSTGRESQL, size)
    size = _replace_atomically(path, lambda tmp: _sqlite_backup(_sqlite_path(db), tmp))
    return BackupResult(path, SQLITE, size)


def _sqlite_backup(source: Path, target: Path) -> None:
    try:
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            dst = sqlite3.connect(target)
            try:
                src.backup(dst)  # one step: a consistent snapshot, even with writers
                dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
                _check_integrity(dst, target)
            finally:
                dst.close()
        finally:
            src.close()
    except sqlite3.Error as exc:
        raise BackupError(f"cannot back up {source}: {_sqlite_error(exc)}") from None


def _check_integrity(conn: sqlite3.Connection, path: Path) -> None:
    result = conn.execute("PRAGMA integrity_check").fetchone()[0]
    if result != "ok":
        raise BackupError(f"{path} is damaged: integrity check says {result!r}")


# --- restore ----------------------------------------------------------------------------------


def restore(url: str, path: str | os.PathLike, *, force: bool = False) -> str:
    """Restore the backup in ``path`` into the database at ``url``; return its kind.

    :param force: restore over a database that already has tables (its data is replaced).
    :raises BackupError: the file is missing or not a dangwu backup of the database's kind,
        or the database is not empty and ``force`` is not given. Nothing is changed then.
    """
    path = Path(path)
    kind = backup_kind(path)
    db = open_database(url)
    target = database_kind(db)
    if kind != target:
        raise BackupError(
            f"{path} is a {_label(kind)} backup and the database is {_label(target)}: "
            "restore it into a database of the same kind"
        )
    tables = user_tables(url)
    if tables and not force:
        raise BackupError(
            f"the database is not empty ({len(tables)} tables); pass --force to replace "
            "its contents with the backup"
        )
    if kind == POSTGRESQL:
        _pg_restore(db, path, clean=bool(tables))
    else:
        _sqlite_restore(path, _sqlite_path(db))
    return kind


def _label(kind: str) -> str:
    return {SQLITE: "SQLite", POSTGRESQL: "PostgreSQL"}[kind]


def _sqlite_restore(backup_path: Path, target: Path) -> None:
    try:
        src = sqlite3.connect(f"file:{backup_path}?mode=ro", uri=True)
        try:
            _check_integrity(src, backup_path)
            names = {row[0] for row in src.execute("SELECT name FROM sqlite_master")}
            if MARKER_TABLE not in names:
                raise BackupError(
                    f"{backup_path} is a SQLite database but not a dangwu backup "
                    f"(it has no {MARKER_TABLE} table)"
                )
            dst = sqlite3.connect(target)
            try:
                # The backup API replaces every page of the target in one step, under its lock.
                src.backup(dst)
                dst.execute("PRAGMA journal_mode=WAL")
            finally:
                dst.close()
        finally:
            src.close()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"cannot restore {backup_path}: {_sqlite_error(exc)}") from None


# --- PostgreSQL's client tools ----------------------------------------------------------------


def _pg_tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise BackupError(
            f"{name} is not installed: install PostgreSQL's client tools "
            "(Debian: apt-get install postgresql-client)"
        )
    return found


def _pg_env(db: peewee.PostgresqlDatabase) -> dict[str, str]:
    """libpq's environment for ``db``: the password never appears on a command line."""
    env = dict(os.environ)
    params = db.connect_params
    for key, variable in (
        ("host", "PGHOST"),
        ("port", "PGPORT"),
        ("user", "PGUSER"),
        ("password", "PGPASSWORD"),
    ):
        if params.get(key) not in (None, ""):
            env[variable] = str(params[key])
    env["PGDATABASE"] = db.database
    return env


def _run_pg(argv: list[str], env: dict[str, str], what: str) -> None:
    result = subprocess.run(argv, env=env, capture_output=True, text=True)  # nosec B603  # argv of PostgreSQL's own tools (no shell); the connection in env
    if result.returncode != 0:
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        raise BackupError(f"{what} failed: {lines[0] if lines else f'exit {result.returncode}'}")


def _pg_dump(db: peewee.PostgresqlDatabase, target: Path) -> None:
    argv = [_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges"]
    _run_pg([*argv, f"--file={target}"], _pg_env(db), "pg_dump")


def _pg_restore(db: peewee.PostgresqlDatabase, path: Path, *, clean: bool) -> None:
    argv = [
        _pg_tool("pg_restore"),
        "--no-owner",
        "--no-privileges",
        "--single-transaction",
        "--exit-on-error",
        f"--dbname={db.database}",
    ]
    if clean:
        argv += ["--clean", "--if-exists"]
    _run_pg([*argv, str(path)], _pg_env(db), "pg_restore")
