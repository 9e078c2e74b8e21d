"""Benchmark: the supervision dashboard over a tree of 10,000 organizations, next to one
hand-written SQL aggregate of the same figures.

``make bench`` (not part of ``make test``). In one run, on one SQLite file:

1. a tree of ORGS organizations with PER_ORG obligations each over a year, open requests and
   feedback past their deadlines (``supervision_tree.build_tree``, written in bulk);
2. ``dangwu``: ``supervision.dashboard(root, period)`` — every figure per organization, the
   trend by month, the ranking and the names of the ranked (six queries);
3. ``baseline``: ONE hand-written SQL statement (plain ``sqlite3``) computing the same totals
   over the subtree through the closure table.

It checks that both give the same totals, then prints the best of RUNS timings and their
ratio. The dashboard does more than the baseline (per organization and per month, for the
ranking, the trend and the drill-downs), so a ratio of a few times is expected.
"""

from __future__ import annotations

import argparse
import datetime as dt
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
from dangwu_core.unit import Unit

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


def best_of(runs: int, function):
    timings, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = function()
        timings.append(time.perf_counter() - started)
    return min(timings), statistics.median(timings), result


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orgs", type=int, default=10_000)
    parser.add_argument("--per-org", type=int, default=12)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "bench.db"
        unit = Unit.start(load_settings(environ={}, database_url=f"sqlite:///{path}"))
        unit.upgrade()
        started = time.perf_counter()
        root = build_tree(args.orgs, per_org=args.per_org)
        built = time.perf_counter() - started
        period = supervision.Period(dt.date(2026, 1, 1), dt.date(2026, 12, 31), dt.date(2026, 7, 1))
        ours, ours_median, board = best_of(args.runs, lambda: supervision.dashboard(root, period))
        connection = sqlite3.connect(path)
        params = {
            "root": root.id,
            "today": period.today.isoformat(),
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
        }
        plain, plain_median, row = best_of(
            args.runs, lambda: connection.execute(BASELINE, params).fetchone()
        )
        connection.close()
        unit.db.close()
    expected = [getattr(board.totals, f) for f in FIGURES]
    if list(row) != expected:
        print(f"MISMATCH: dashboard {expected} != baseline {list(row)}", file=sys.stderr)
        return 1
    print(
        f"supervision dashboard: {args.orgs} organizations, "
        f"{board.totals.total} obligations (tree written in {built:.1f} s), best of {args.runs}"
    )
    print(
        f"  dangwu supervision.dashboard  {ours * 1000:8.1f} ms  (median {ours_median * 1000:.1f})"
    )
    print(
        f"  one hand-written SQL          {plain * 1000:8.1f} ms  (median {plain_median * 1e3:.1f})"
    )
    print(f"  ratio                         {ours / plain:8.2f}x")
    print("  figures: " + ", ".join(f"{f}={v}" for f, v in zip(FIGURES, expected, strict=True)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
