"""Backups: a consistent copy of a running unit's database, and its restore.

* **SQLite**: SQLite's own online backup API (:meth:`sqlite3.Connection.backup`), which
  copies a consistent snapshot while the portal keeps serving; the backup is a plain SQLite
  file, checked with ``PRAGMA integrity_check`` before it replaces anything.
* **PostgreSQL**: ``pg_dump --format=custom`` (a consistent snapshot in one transaction,
  compressed) and ``pg_restore`` in a single transaction. The client tools must be on
  ``PATH`` and at least as new as the server.

A backup is written beside its destination first (``.NAME.*.partial``) and renamed into place,
so a failed backup never leaves half a file under the given name; a backup killed before it
could remove its partial file leaves it behind, and the next backup to the same destination
removes it. Before the rename, the copy is compared with the source: the same tables with
the same row counts, and (SQLite) an integrity check that passes. A backup that would hold
less than its source is refused, never reported as done.

A restore refuses a database that already has tables unless ``force`` is given: restoring is
the one operation that replaces data wholesale.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess  # nosec B404  # pg_dump/pg_restore/psql by argv list, never a shell
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import peewee

from .db import check_sqlite_file, open_database
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
    check_sqlite_file(db, create=True)  # not a directory, not another kind of file
    try:
        db.connect()
        try:
            return sorted(db.get_tables())
        finally:
            db.close()
    except peewee.DatabaseError as exc:
        message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise BackupError(f"cannot open the database: {message}") from None


def _sqlite_path(db: peewee.SqliteDatabase) -> Path:
    return Path(db.database).expanduser()


def _sqlite_error(exc: sqlite3.Error) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def sqlite_uri(path: Path, mode: str = "ro") -> str:
    """The ``file:`` URI of ``path`` for :func:`sqlite3.connect` (``uri=True``).

    The path is percent-encoded: a ``?``, ``#`` or ``%`` in it would otherwise start the
    URI's query or fragment, or be decoded, and SQLite would open (or create) another file.
    """
    absolute = Path(path).expanduser().resolve()
    return f"file:{quote(str(absolute), safe='/')}?mode={mode}"


PARTIAL_SUFFIX = ".partial"


def partial_files(path: Path) -> list[Path]:
    """The partial files a backup to ``path`` writes (left behind only by a killed backup)."""
    path = Path(path)
    if not path.parent.is_dir():
        return []
    prefix = f".{path.name}."
    return sorted(
        child
        for child in path.parent.iterdir()
        if child.name.startswith(prefix) and child.name.endswith(PARTIAL_SUFFIX)
    )


def _replace_atomically(path: Path, write) -> int:
    """Call ``write(tmp)`` on a temporary file beside ``path``, then rename it to ``path``.

    Partial files of earlier backups to ``path`` that were killed are removed first.
    """
    path = Path(path)
    if not path.parent.is_dir():
        raise BackupError(f"cannot write {path}: directory {path.parent} does not exist")
    for stale in partial_files(path):
        stale.unlink(missing_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=PARTIAL_SUFFIX, dir=path.parent)
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
    check_sqlite_file(db, create=False)
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


def _row_counts(conn: sqlite3.Connection) -> dict[str, int]:
    names = [
        row[0]
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    # table names come from sqlite_master, quoted; the query takes no values
    count = 'SELECT count(*) FROM "{}"'
    return {name: conn.execute(count.format(name)).fetchone()[0] for name in names}


def _compare(source: dict[str, int], copy: dict[str, int], target: Path) -> None:
    """Refuse a copy that does not hold the source's tables and rows."""
    if MARKER_TABLE not in copy:
        raise BackupError(
            f"the copy in {target} has no {MARKER_TABLE} table ({len(copy)} tables): "
            "nothing was backed up"
        )
    for table, rows in sorted(source.items()):
        if copy.get(table) != rows:
            found = "missing" if table not in copy else f"{copy[table]} rows"
            raise BackupError(
                f"the copy differs from the database: table {table} has {rows} rows, "
                f"the copy {found}"
            )
    extra = sorted(set(copy) - set(source))
    if extra:
        raise BackupError(f"the copy differs from the database: extra table {extra[0]}")


def _sqlite_backup(source: Path, target: Path) -> None:
    try:
        src = sqlite3.connect(sqlite_uri(source), uri=True)
        try:
            dst = sqlite3.connect(target)
            try:
                # One step: a consistent snapshot, even with writers. The counts are read in
                # one read transaction of the source, the snapshot the backup copied.
                src.execute("BEGIN")
                counts = _row_counts(src)
                src.backup(dst)
                src.execute("COMMIT")
                dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
                _check_integrity(dst, target)
                _compare(counts, _row_counts(dst), target)
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
        src = sqlite3.connect(sqlite_uri(backup_path), uri=True)
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
    """Dump ``db`` to ``target`` and check that the archive holds every row of the dump's
    snapshot: the rows are counted in a transaction whose snapshot pg_dump then uses."""
    argv = [_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges"]
    db.connect(reuse_if_open=True)
    try:
        cursor = db.cursor()
        cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        try:
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
            counts = {}
            for (table,) in cursor.fetchall():
                # table names come from pg_tables, quoted; the query takes no values
                cursor.execute(f'SELECT count(*) FROM "{table}"')  # nosec B608
                counts[table] = cursor.fetchone()[0]
            _run_pg([*argv, f"--snapshot={snapshot}", f"--file={target}"], _pg_env(db), "pg_dump")
        finally:
            cursor.execute("ROLLBACK")
    finally:
        db.close()
    _compare(counts, _pg_archive_counts(target), target)


def _pg_archive_counts(path: Path) -> dict[str, int]:
    """Rows per table in a custom-format archive, read back with ``pg_restore --data-only``
    (every table's data is a ``COPY`` block of one line per row)."""
    argv = [_pg_tool("pg_restore"), "--data-only", "--file=-", str(path)]
    counts: dict[str, int] = {}
    # argv of PostgreSQL's own tool (no shell)
    with subprocess.Popen(  # nosec B603
        argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=dict(os.environ)
    ) as process:
        table = None
        for raw in process.stdout:
            if table is None:
                if raw.startswith(b"COPY "):
                    name = raw.split(b" ", 2)[1].decode("utf-8").split(".")[-1].strip('"')
                    table = name
                    counts[table] = 0
            elif raw == b"\\.\n":
                table = None
            else:
                counts[table] += 1
        error = process.stderr.read().decode("utf-8", "replace")
    if process.returncode != 0:
        lines = [line for line in error.splitlines() if line.strip()]
        raise BackupError(
            f"pg_restore cannot read {path}: {lines[0] if lines else process.returncode}"
        )
    return counts


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
