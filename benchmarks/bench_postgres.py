"""The reads of ``make bench`` on PostgreSQL, when TEST_POSTGRESQL_URL names a server.

Each generated unit (the same SQLite file as the SQLite run) is loaded into a fresh database
beside the one the URL names: ``dangwu db upgrade`` creates the schema, the rows are copied
table by table (``execute_values`` in big batches, booleans converted, sequences moved past the
copied ids), ``dangwu search reindex`` builds the search index, and ``dangwu serve`` is measured
on every page as on SQLite (the bare app and Datasette read SQLite only). The database is
dropped at the end.
"""

from __future__ import annotations

import os
import sqlite3
import uuid
from pathlib import Path
from urllib.parse import urlparse, urlunparse

import bench_reads
import bench_unit
from soak_server import POSTGRES_URL_VARIABLE, dangwu

#: The tables the generator writes, parents first.
TABLES = [
    "organization",
    "organization_closure",
    "person",
    "catalog",
    "category",
    "catalog_item",
    "disclosure",
    "disclosure_version",
    "event",
    "unit_state",
]
BATCH = 5000


def load(sqlite_path: Path, connection) -> dict:
    """Copy the generated rows of ``sqlite_path`` into the migrated, empty PostgreSQL database."""
    from psycopg2.extras import execute_values

    source = sqlite3.connect(sqlite_path)
    counts = {}
    try:
        with connection.cursor() as cursor:
            for table in TABLES:
                columns = [r[1] for r in source.execute(f'PRAGMA table_info("{table}")')]
                cursor.execute(
                    "SELECT column_name, data_type FROM information_schema.columns"
                    " WHERE table_name = %s",
                    (table,),
                )
                booleans = {n for n, kind in cursor.fetchall() if kind == "boolean"}
                flags = [c in booleans for c in columns]
                names = ", ".join(f'"{c}"' for c in columns)
                rows = source.execute(f'SELECT {names} FROM "{table}"')  # nosec B608  # ours
                counts[table] = 0
                while batch := rows.fetchmany(BATCH):
                    if any(flags):
                        batch = [_booleans(r, flags) for r in batch]
                    execute_values(
                        cursor,
                        f'INSERT INTO "{table}" ({names}) VALUES %s',  # nosec B608  # ours
                        batch,
                        page_size=BATCH,
                    )
                    counts[table] += len(batch)
                if "id" in columns:
                    cursor.execute(
                        f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'),"
                        f' (SELECT COALESCE(MAX(id), 0) + 1 FROM "{table}"), false)'  # nosec B608
                    )
        connection.commit()
    finally:
        source.close()
    return counts


def _booleans(row: tuple, flags: list[bool]) -> tuple:
    return tuple(bool(v) if f and v is not None else v for v, f in zip(row, flags, strict=True))


def run(args, directory: Path) -> dict:
    """Every read size on PostgreSQL: ``{"version": ..., "sizes": {size: figures}}``."""
    import psycopg2

    server = os.environ.get(POSTGRES_URL_VARIABLE, "")
    found: dict = {"sizes": {}}
    try:
        admin = psycopg2.connect(server)
    except psycopg2.Error as exc:
        return {"error": f"cannot connect: {exc}".strip()}
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SHOW server_version")
        found["version"] = cursor.fetchone()[0]
    try:
        for size in args.sizes:
            found["sizes"][str(size)] = _size(size, args, directory, admin, server)
    except Exception as exc:  # the SQLite figures stand; say why PostgreSQL has none
        found["error"] = f"{type(exc).__name__}: {exc}"[:1000]
    finally:
        admin.close()
    return found


def _size(size: int, args, directory: Path, admin, server: str) -> dict:
    import psycopg2

    path, meta = bench_unit.unit(args.cache_dir, size, seed=args.seed, orgs=args.orgs)
    name = f"dangwu_bench_{uuid.uuid4().hex[:12]}"
    with admin.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    url = urlunparse(urlparse(server)._replace(path=f"/{name}"))
    work = directory / f"pg-{size}"
    work.mkdir()
    try:
        dangwu(url, "db", "upgrade")
        connection = psycopg2.connect(url)
        try:
            counts = load(path, connection)
        finally:
            connection.close()
        print(f"[bench] PostgreSQL {size}: loaded {counts}")
        result = {"unit": {**meta, "rows": counts}, "search_only": False}
        if args.skip_reindex:
            result["reindex"] = {"completed": False, "stopped": "skipped (--skip-reindex)"}
        else:
            result["reindex"] = bench_reads.reindex(
                url, None, timeout=args.reindex_timeout, wal_cap=0
            )
        servers = bench_reads.start_servers(url, path, args.threads, work, baselines=False)
        try:
            result["pages"] = bench_reads.measure(servers, bench_reads.pages(meta), args)
            result["memory"] = {n: s.memory() for n, s in servers.items()}
        finally:
            for one in servers.values():
                one.stop()
        return result
    finally:
        with admin.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = %s AND pid <> pg_backend_pid()",
                (name,),
            )
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
