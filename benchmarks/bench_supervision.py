"""Benchmark: the supervision dashboard over a tree of 10,000 organizations, next to
hand-written SQL computing the *same* figures.

``make bench`` (not part of ``make test``; a tiny run of it is, tests/supervision). In one run,
on a fresh SQLite file, and on a fresh PostgreSQL database when ``TEST_POSTGRESQL_URL`` is set:

1. a tree of ORGS organizations with PER_ORG obligations each over a year, open requests and
   feedback past their deadlines (``supervision_tree.build_tree``, written in bulk);
2. ``dangwu``: ``supervision.dashboard(root, period)``: every figure per organization, the
   trend by month, the ranking and the names of the ranked;
3. ``baseline``: the same figures from hand-written SQL on the bare driver (``sqlite3`` /
   ``psycopg2``): per organization and per month through the closure table, the requests and
   feedback past their deadlines per organization, the size of the tree, the names of the
   ranked; the ranking sorted in Python by the dashboard's rule.

Both results are compared field by field (every organization's row, every month, the totals,
the ranking); the timings are medians of RUNS runs; the statements each side sends are
counted (the dashboard's count does not grow with the tree). ``--json PATH`` writes the
figures for ``make bench``'s report.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from supervision_tree import build_tree

from dangwu_core import supervision
from dangwu_core.settings import load_settings
from dangwu_core.testing import counting_statements
from dangwu_core.unit import Unit

#: The nine totals alone in one statement (SQLite), kept for the reports benchmark.
BASELINE = """
SELECT
  SUM(CASE WHEN o.status <> 'closed' THEN 1 ELSE 0 END),
  SUM(CASE WHEN o.due_date <= :today AND o.status <> 'closed' THEN 1 ELSE 0 END),
  SUM(CASE WHEN o.status = 'on_time' THEN 1 ELSE 0 END),
  SUM(CASE WHEN o.status = 'late' THEN 1 ELSE 0 END),
  SUM(CASE WHEN o.status = 'overdue' OR (o.status = 'pending' AND o.due_date < :today)
      THEN 1 ELSE 0 END),
  SUM(CASE WHEN o.status = 'not_suitable' THEN 1 ELSE 0 END),
  SUM(CASE WHEN o.status = 'pending' AND o.due_date >= :today THEN 1 ELSE 0 END),
  (SELECT COUNT(*) FROM disclosure_request r JOIN organization_closure rc
     ON rc.descendant_id = r.organization_id
   WHERE rc.ancestor_id = :root AND r.status IN ('submitted', 'acknowledged')
     AND r.deadline < :today),
  (SELECT COUNT(*) FROM feedback f JOIN organization_closure fc
     ON fc.descendant_id = f.organization_id
   WHERE fc.ancestor_id = :root AND f.status IN ('received', 'assigned')
     AND f.due_date IS NOT NULL AND f.due_date < :today)
FROM obligation o JOIN organization_closure c ON c.descendant_id = o.organization_id
WHERE c.ancestor_id = :root AND o.due_date BETWEEN :start AND :end
"""
FIGURES = [
    "total",
    "due",
    "on_time",
    "late",
    "overdue",
    "not_suitable",
    "upcoming",
    "requests_overdue",
    "feedback_overdue",
]
OBLIGATION_FIGURES = FIGURES[:7]

# The same work, by hand: %(name)s placeholders (psycopg2's; turned into :name for sqlite3).
_COUNTS = """
  SUM(CASE WHEN o.status <> 'closed' THEN 1 ELSE 0 END),
  SUM(CASE WHEN o.due_date <= %(today)s AND o.status <> 'closed' THEN 1 ELSE 0 END),
  SUM(CASE WHEN o.status = 'on_time' THEN 1 ELSE 0 END),
  SUM(CASE WHEN o.status = 'late' THEN 1 ELSE 0 END),
  SUM(CASE WHEN o.status = 'overdue' OR (o.status = 'pending' AND o.due_date < %(today)s)
      THEN 1 ELSE 0 END),
  SUM(CASE WHEN o.status = 'not_suitable' THEN 1 ELSE 0 END),
  SUM(CASE WHEN o.status = 'pending' AND o.due_date >= %(today)s THEN 1 ELSE 0 END)
"""
_SUBTREE = """
FROM obligation o JOIN organization_closure c ON c.descendant_id = o.organization_id
WHERE c.ancestor_id = %(root)s AND o.due_date BETWEEN %(start)s AND %(end)s
"""
BY_ORGANIZATION = f"SELECT o.organization_id, {_COUNTS} {_SUBTREE} GROUP BY o.organization_id"
BY_MONTH = f"SELECT {{month}}, {_COUNTS} {_SUBTREE} GROUP BY 1"
MONTH = {"sqlite": "substr(o.due_date, 1, 7)", "postgresql": "to_char(o.due_date, 'YYYY-MM')"}
REQUESTS = """
SELECT r.organization_id, COUNT(*) FROM disclosure_request r
JOIN organization_closure c ON c.descendant_id = r.organization_id
WHERE c.ancestor_id = %(root)s AND r.status IN ('submitted', 'acknowledged')
  AND r.deadline < %(today)s
GROUP BY r.organization_id
"""
FEEDBACK = """
SELECT f.organization_id, COUNT(*) FROM feedback f
JOIN organization_closure c ON c.descendant_id = f.organization_id
WHERE c.ancestor_id = %(root)s AND f.status IN ('received', 'assigned')
  AND f.due_date IS NOT NULL AND f.due_date < %(today)s
GROUP BY f.organization_id
"""
ORGANIZATIONS = "SELECT COUNT(*) FROM organization_closure WHERE ancestor_id = %(root)s"
NAMES = "SELECT id, name, code FROM organization WHERE id IN ({ids})"


def _sqlite_style(sql: str) -> str:
    for name in ("root", "today", "start", "end"):
        sql = sql.replace(f"%({name})s", f":{name}")
    return sql


def _rate(on_time: int, due: int, not_suitable: int) -> float | None:
    judged = due - not_suitable
    return round(on_time / judged, 4) if judged > 0 else None


class Baseline:
    """The dashboard's figures from hand-written SQL on the bare driver connection."""

    def __init__(self, connection, kind: str, root_id: int, period: supervision.Period):
        self.connection, self.kind, self.statements = connection, kind, 0
        as_text = kind == "sqlite"
        self.params = {
            "root": root_id,
            "today": period.today.isoformat() if as_text else period.today,
            "start": period.start.isoformat() if as_text else period.start,
            "end": period.end.isoformat() if as_text else period.end,
        }

    def _run(self, sql: str, params=None) -> list[tuple]:
        self.statements += 1
        cursor = self.connection.cursor()
        if self.kind == "sqlite":
            cursor.execute(_sqlite_style(sql), self.params if params is None else params)
        else:
            cursor.execute(sql, self.params if params is None else params)
        rows = cursor.fetchall()
        cursor.close()
        return rows

    def figures(self, top: int = 10) -> dict:
        rows: dict[int, list[int]] = {}
        for org_id, *values in self._run(BY_ORGANIZATION):
            rows[org_id] = [int(v or 0) for v in values] + [0, 0]
        for position, sql in ((7, REQUESTS), (8, FEEDBACK)):
            for org_id, count in self._run(sql):
                rows.setdefault(org_id, [0] * 9)[position] = count
        months = {
            month: [int(v or 0) for v in values]
            for month, *values in self._run(BY_MONTH.format(month=MONTH[self.kind]))
        }
        (organizations,) = self._run(ORGANIZATIONS)[0]
        totals = [sum(row[i] for row in rows.values()) for i in range(9)]
        ranked = [
            (org_id, row, rate)
            for org_id, row in rows.items()
            if (rate := _rate(row[2], row[1], row[5])) is not None
        ]
        best = sorted(ranked, key=lambda r: (-r[2], r[1][4], r[0]))[:top]
        worst = sorted(ranked, key=lambda r: (r[2], -r[1][4], r[0]))[:top]
        wanted = sorted({r[0] for r in best + worst})
        names = {}
        if wanted:
            marks = ", ".join("?" if self.kind == "sqlite" else "%s" for _ in wanted)
            names = {i: (n, c) for i, n, c in self._run(NAMES.format(ids=marks), wanted)}
        return {
            "totals": totals,
            "organizations": organizations,
            "rows": dict(sorted(rows.items())),
            "by_month": dict(sorted(months.items())),
            "best": [(i, *names[i]) for i, _, _ in best],
            "worst": [(i, *names[i]) for i, _, _ in worst],
            "ranked_count": len(ranked),
        }


def dashboard_figures(board: supervision.Dashboard) -> dict:
    """The dashboard's answer in the baseline's shape, to compare them."""
    return {
        "totals": [getattr(board.totals, f) for f in FIGURES],
        "organizations": board.organizations,
        "rows": {
            org_id: [getattr(row, f) for f in FIGURES] for org_id, row in sorted(board.rows.items())
        },
        "by_month": {
            month: [getattr(row, f) for f in OBLIGATION_FIGURES]
            for month, row in board.by_month.items()
        },
        "best": [(r.organization_id, r.name, r.code) for r in board.best],
        "worst": [(r.organization_id, r.name, r.code) for r in board.worst],
        "ranked_count": board.ranked_count,
    }


def timed(runs: int, function) -> tuple[list[float], object]:
    timings, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = function()
        timings.append(time.perf_counter() - started)
    return timings, result


def measure(url: str, kind: str, orgs: int, per_org: int, runs: int, code: str = "BIG") -> dict:
    """Build the tree (its root's code ``code``) at ``url``, run both sides alternately,
    compare, return the figures."""
    unit = Unit.start(load_settings(environ={}, database_url=url))
    unit.upgrade()
    started = time.perf_counter()
    root = build_tree(orgs, per_org=per_org, code=code)
    built = time.perf_counter() - started
    period = supervision.Period(dt.date(2026, 1, 1), dt.date(2026, 12, 31), dt.date(2026, 7, 1))
    if kind == "sqlite":
        connection = sqlite3.connect(unit.db.database)
    else:
        import psycopg2

        connection = psycopg2.connect(url)
        connection.autocommit = True
    try:
        with counting_statements() as sent:
            board = supervision.dashboard(root, period)
        baseline = Baseline(connection, kind, root.id, period)
        expected = baseline.figures()
        ours_times, plain_times = [], []
        for _ in range(runs):  # alternated, so both meet the same machine
            ours, board = timed(1, lambda: supervision.dashboard(root, period))
            plain, expected = timed(1, baseline.figures)
            ours_times += ours
            plain_times += plain
    finally:
        connection.close()
        unit.db.close()
    ours_figures = dashboard_figures(board)
    equal = ours_figures == expected
    ours_median, plain_median = statistics.median(ours_times), statistics.median(plain_times)
    return {
        "database": kind,
        "organizations": orgs,
        "obligations": board.totals.total,
        "tree_written_s": round(built, 2),
        "runs": runs,
        "dashboard_ms": {"median": ours_median * 1000, "all": [t * 1000 for t in ours_times]},
        "baseline_ms": {"median": plain_median * 1000, "all": [t * 1000 for t in plain_times]},
        "ratio": ours_median / plain_median if plain_median else None,
        "dashboard_queries": len(sent),
        "baseline_queries": baseline.statements // (runs + 1),
        "results_equal": equal,
        "totals": dict(zip(FIGURES, ours_figures["totals"], strict=True)),
        "mismatch": None if equal else _first_difference(ours_figures, expected),
    }


def _first_difference(ours: dict, theirs: dict) -> str:
    for key in ours:
        if ours[key] != theirs.get(key):
            if isinstance(ours[key], dict):
                for sub in sorted(set(ours[key]) | set(theirs[key]), key=str):
                    if ours[key].get(sub) != theirs[key].get(sub):
                        return f"{key}[{sub}]: {ours[key].get(sub)} != {theirs[key].get(sub)}"
            return f"{key}: {ours[key]} != {theirs.get(key)}"
    return "?"


def _databases(directory: Path):
    yield "sqlite", f"sqlite:///{directory / 'bench.db'}", None
    if os.environ.get("TEST_POSTGRESQL_URL"):
        from dangwu_core.testing import create_postgres_database

        url, drop = create_postgres_database()
        yield "postgresql", url, drop


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orgs", type=int, default=10_000)
    parser.add_argument("--per-org", type=int, default=12)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--json", type=Path, help="write the figures to this JSON file")
    args = parser.parse_args(argv)
    results = []
    with tempfile.TemporaryDirectory() as directory:
        for kind, url, drop in _databases(Path(directory)):
            try:
                results.append(measure(url, kind, args.orgs, args.per_org, args.runs))
            finally:
                if drop is not None:
                    drop()
    for result in results:
        print(
            f"supervision dashboard on {result['database']}: {result['organizations']} "
            f"organizations, {result['obligations']} obligations "
            f"(tree written in {result['tree_written_s']:.1f} s), medians of {result['runs']}"
        )
        print(
            f"  dangwu supervision.dashboard  {result['dashboard_ms']['median']:8.1f} ms"
            f"  {result['dashboard_queries']} queries"
        )
        print(
            f"  the same figures by hand      {result['baseline_ms']['median']:8.1f} ms"
            f"  {result['baseline_queries']} queries"
        )
        print(f"  ratio                         {result['ratio']:8.2f}x")
        if not result["results_equal"]:
            print(f"  MISMATCH: {result['mismatch']}", file=sys.stderr)
    if args.json:
        args.json.write_text(json.dumps({"supervision": results}, indent=2, ensure_ascii=False))
    return 0 if all(r["results_equal"] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
