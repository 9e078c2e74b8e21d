"""Benchmark: install a catalog into many organizations, next to a plain sqlite3 baseline.

``make bench`` (not part of ``make test``). In one run, on one SQLite file with dangwu's
pragmas (WAL, synchronous=NORMAL, foreign keys on):

1. ``dangwu``: ``unit.install_catalog(...)`` of an ITEMS-item catalog applying to ORGS village
   branches: validation, catalog rows, audit events, the filing, and the year's obligations;
2. ``baseline``: the same obligation rows written by a bare ``sqlite3`` ``executemany`` into a
   copy of the obligation table (same columns, constraints and indexes), in one transaction.

It prints both times and their ratio (the issue's aim: at most 3x). Needs the villages plugin
(its organization types); ``make install`` provides it.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

from dangwu_core.clock import FixedClock, use_clock
from dangwu_core.db import atomic
from dangwu_core.models import Obligation, Organization, OrganizationClosure
from dangwu_core.settings import load_settings
from dangwu_core.unit import Unit

TOWN = "BENCH"
#: One of each shape an item can take; a catalog cycles through them.
SHAPES = [
    {"time_limit": "long_term", "display_months": 6, "scope": "public", "channels": ["website"]},
    {"time_limit": "periodic", "cadence": "quarterly", "scope": "party"},
    {"time_limit": "long_term", "scope": "party"},
    {"time_limit": "periodic", "cadence": "monthly", "scope": "public", "channels": ["website"]},
    {"time_limit": "periodic", "cadence": "half_yearly", "scope": "party"},
    {"time_limit": "periodic", "cadence": "yearly", "scope": "party"},
    {"time_limit": "staged", "phases": ["事前", "事中", "事后"], "scope": "public"},
    {"time_limit": "immediate", "due_within_days": 2, "display_days": 5, "scope": "public"},
    {"time_limit": "long_term", "scope": "unit"},
    {"time_limit": "periodic", "cadence": "quarterly", "scope": "public"},
]


def catalog(items: int) -> dict:
    rows = []
    for number in range(items):
        shape = copy.deepcopy(SHAPES[number % len(SHAPES)])
        shape.setdefault(
            "channels", ["website"] if shape["scope"] == "public" else ["party_portal"]
        )
        rows.append(
            {"code": f"B-{number:03d}", "title": f"公开事项{number}", "category": "c", **shape}
        )
    return {
        "issuer": {"code": TOWN, "name": "中共基准镇委员会"},
        "code": "bench",
        "title": "基准目录",
        "version": "1.0.0",
        "effective_date": "2026-01-01",
        "applies_to": ["village_branch"],
        "categories": [{"code": "c", "name": "类别"}],
        "items": rows,
    }


def organizations(unit: Unit, count: int) -> None:
    town = unit.create_organization(code=TOWN, name="中共基准镇委员会", type="town_committee")
    kind = unit.registry.organization_types.get("village_branch")
    now = dt.datetime(2026, 3, 10)
    with atomic():
        rows = [
            {
                "code": f"B{n:05d}",
                "name": f"第{n}村党支部",
                "type": "village_branch",
                "sector": kind.sector,
                "kind": kind.kind,
                "parent": town.id,
                "depth": 1,
                "sort_order": n,
                "created_at": now,
            }
            for n in range(count)
        ]
        for start in range(0, count, 500):
            Organization.insert_many(rows[start : start + 500]).execute()
        ids = [
            i
            for (i,) in Organization.select(Organization.id)
            .where(Organization.parent == town)
            .tuples()
        ]
        links = [(i, i, 0) for i in ids] + [(town.id, i, 1) for i in ids]
        fields = [
            OrganizationClosure.ancestor,
            OrganizationClosure.descendant,
            OrganizationClosure.depth,
        ]
        for start in range(0, len(links), 5000):
            OrganizationClosure.insert_many(links[start : start + 5000], fields=fields).execute()


def baseline(path: Path) -> tuple[float, int]:
    """The same rows, by a plain sqlite3 executemany into a copy of the obligation table."""
    con = sqlite3.connect(path, isolation_level=None)
    for pragma in ("journal_mode=wal", "synchronous=normal", "foreign_keys=1"):
        con.execute(f"PRAGMA {pragma}")
    table = Obligation._meta.table_name
    ddl = [
        sql
        for (sql,) in con.execute(
            "SELECT sql FROM sqlite_master WHERE tbl_name = ? AND sql IS NOT NULL "
            "ORDER BY type DESC",
            (table,),
        )
    ]
    for sql in ddl:
        con.execute(sql.replace(f'"{table}"', '"bench_copy"').replace(f'"{table}_', '"bench_copy_'))
    columns = (
        "organization_id, catalog_item_id, period_label, period_start, period_end, due_date, "
        "due_provisional, created_at"
    )
    tails = con.execute(
        f"SELECT DISTINCT {columns.split(', ', 1)[1]} FROM {table} "
        "ORDER BY catalog_item_id, period_start"
    ).fetchall()
    orgs = [i for (i,) in con.execute(f"SELECT DISTINCT organization_id FROM {table} ORDER BY 1")]
    sql = (
        f"INSERT INTO bench_copy ({columns}, status, closed_reason) "
        f"VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', '')"
    )
    start = time.perf_counter()
    con.execute("BEGIN IMMEDIATE")
    cursor = con.executemany(sql, ((org, *tail) for org in orgs for tail in tails))
    con.execute("COMMIT")
    elapsed = time.perf_counter() - start
    con.close()
    return elapsed, cursor.rowcount


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orgs", type=int, default=10_000)
    parser.add_argument("--items", type=int, default=200)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "bench.db"
        unit = Unit.start(load_settings(environ={}, database_url=f"sqlite:///{path}"))
        if "village_branch" not in unit.registry.organization_types:
            print("the villages plugin is not installed: run `make install`", file=sys.stderr)
            return 1
        unit.upgrade()
        with use_clock(FixedClock(dt.datetime(2026, 3, 10, 9))):
            organizations(unit, args.orgs)
            manifest = catalog(args.items)
            start = time.perf_counter()
            unit.install_catalog(manifest, allow_unsigned=True)
            ours = time.perf_counter() - start
        rows = Obligation.select().count()
        unit.db.close()
        plain, copied = baseline(path)
        assert copied == rows, (copied, rows)
    print(
        f"catalog install: {args.items} items into {args.orgs:,} organizations, "
        f"{rows:,} obligations"
    )
    print(f"  dangwu install_catalog      {ours:8.2f} s")
    print(f"  sqlite3 executemany (rows)  {plain:8.2f} s")
    print(f"  ratio                       {ours / plain:8.2f}x   (aim: <= 3x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
