"""Benchmark: the annual report and the accountability cases of a large unit (2,500 branches,
~633,000 obligations), next to one plain sqlite3 aggregate of the same figures.

``make bench`` (not part of ``make test``). The unit (``large_unit.build_large_unit``) is
written once in bulk and kept in a cache directory (``--cache-dir``, default
``$DANGWU_BENCH_CACHE`` or the system's temporary directory) between runs. Each measured call
runs in a subprocess of its own, so its peak memory is its own:

* ``baseline``: ONE hand-written SQL statement (plain ``sqlite3``) computing the subtree's
  totals through the closure table, in a process that has imported and started what the
  others have (same interpreter, same modules, same unit);
* ``annual report``: ``reports.annual_report(root, year)`` and ``reports.report_html`` — what
  the admin's 年度报告 page computes;
* ``accountability``: the admin's 责任追究 page: the count of cases of every kind and the
  first page of cases over the whole subtree;
* ``all cases streamed``: every case of the subtree, one by one (informational, no goal).

Time is the best of ``--runs`` processes (wall clock, and the process's CPU time: on a
machine shared with other work the CPU time says what the call costs); memory is the peak
resident set of the process during the call (``VmHWM`` after resetting it through
``/proc/self/clear_refs``), printed whole and as what the call added to the process. Time and
peak memory are printed as ratios to the baseline's, and the goals (under 2 s, under 200 MiB
added) are checked: a goal missed, or figures that differ from the baseline's, exit 1. When
the machine is busier than its CPUs (load average), the time goal is judged on CPU time and
the output says so.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bench_supervision import BASELINE, FIGURES

YEAR = 2026
TODAY = dt.date(2026, 7, 1)
GOAL_SECONDS = 2.0
GOAL_MIB = 200
#: Bump when large_unit.py writes something else: a cached file of another layout is rebuilt.
LAYOUT = 1
MIB = 1024 * 1024


def _status_kib(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise KeyError(field)


def _reset_peak() -> bool:
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def _start(path: Path):
    from dangwu_core.settings import load_settings
    from dangwu_core.unit import Unit

    return Unit.start(load_settings(environ={}, database_url=f"sqlite:///{path}"))


def _root():
    from dangwu_core.models import Organization

    return Organization.get(Organization.code == "LRG")


def _baseline(path: Path, root, period) -> dict:
    import sqlite3

    connection = sqlite3.connect(path)
    params = {
        "root": root.id,
        "today": period.today.isoformat(),
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
    }
    row = connection.execute(BASELINE, params).fetchone()
    connection.close()
    return dict(zip(FIGURES, row, strict=True))


def _annual_report(path: Path, root, period) -> dict:
    from dangwu_core import reports

    report = reports.annual_report(root, YEAR, today=period.today)
    body = reports.report_html(report)
    totals = report.subtree.totals
    return {
        **{f: getattr(totals, f) for f in FIGURES},
        "own cases": len(report.cases),
        "published": len(report.published),
        "body characters": len(body),
    }


def _cases(path: Path, root, period) -> dict:
    try:
        from dangwu_core import accountability
    except ImportError:  # the code before issue 13: every case as a list, the view's 500
        from dangwu_core import supervision

        everything = supervision.accountability(root, period)
        counts = dict.fromkeys(supervision.CASE_KINDS, 0)
        for case in everything:
            counts[case.kind] += 1
        shown = everything[:500]
    else:
        cases = accountability.cases(root, period)
        counts = cases.counts()
        shown = cases.page(0, 500)
    return {**counts, "shown": len(shown)}


def _all_cases(path: Path, root, period) -> dict:
    try:
        from dangwu_core import accountability
    except ImportError:
        from dangwu_core import supervision

        found = supervision.accountability(root, period)
    else:
        found = accountability.cases(root, period)
    count = 0
    for _case in found:
        count += 1
    return {"cases": count}


MEASURES = {
    "baseline": ("one plain sqlite3 aggregate", _baseline, False),
    "annual": ("annual report of the unit", _annual_report, True),
    "cases": ("accountability: counts + page 1", _cases, True),
    "stream": ("all cases streamed (no goal)", _all_cases, False),
}


def measure(name: str, path: Path) -> dict:
    """Run one measured call here (in the subprocess) and return its figures."""
    from dangwu_core import supervision

    unit = _start(path)
    unit.connect()
    root = _root()
    period = supervision.Period(dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31), TODAY)
    before = _status_kib("VmRSS")
    exact = _reset_peak()
    started, cpu = time.perf_counter(), time.process_time()
    figures = MEASURES[name][1](path, root, period)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    if exact:
        peak = _status_kib("VmHWM")
    else:
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    unit.db.close()
    return {
        "seconds": seconds,
        "cpu": cpu,
        "rss_before": before * 1024,
        "rss_peak": peak * 1024,
        "exact_peak": exact,
        "figures": figures,
    }


def _run(name: str, path: Path, runs: int) -> dict:
    results = []
    for _ in range(runs):
        output = subprocess.run(
            [sys.executable, __file__, "--measure", name, "--database", str(path)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        results.append(json.loads(output.splitlines()[-1]))
    best = min(results, key=lambda r: r["seconds"])
    best["cpu"] = min(r["cpu"] for r in results)
    best["rss_peak"] = max(r["rss_peak"] for r in results)
    best["added"] = max(r["rss_peak"] - r["rss_before"] for r in results)
    return best


def _database(args) -> Path:
    directory = Path(
        args.cache_dir or os.environ.get("DANGWU_BENCH_CACHE") or tempfile.gettempdir()
    )
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"dangwu-bench-large-unit-v{LAYOUT}-{args.branches}-{args.per_org}.db"
    if path.exists() and not args.rebuild:
        unit = _start(path)
        unit.upgrade()
        unit.db.close()
        return path
    from large_unit import build_large_unit

    partial = path.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    started = time.perf_counter()
    unit = _start(partial)
    unit.upgrade()
    build_large_unit(args.branches, per_org=args.per_org, year=YEAR)
    unit.db.execute_sql("ANALYZE")
    unit.db.close()
    partial.replace(path)
    print(f"(built {path} in {time.perf_counter() - started:.1f} s; cached for the next run)")
    return path


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--branches", type=int, default=2500)
    parser.add_argument("--per-org", type=int, default=253)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cache-dir", default=None)
    parser.add_argument("--rebuild", action="store_true", help="write the cached unit again")
    parser.add_argument("--measure", choices=sorted(MEASURES), help=argparse.SUPPRESS)
    parser.add_argument("--database", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure:
        print(json.dumps(measure(args.measure, args.database), default=str))
        return 0
    path = _database(args)
    results = {
        name: _run(name, path, args.runs if goal or name == "baseline" else 1)
        for name, (_label, _function, goal) in MEASURES.items()
    }
    load, cpus = os.getloadavg()[0], os.cpu_count() or 1
    busy = load > cpus
    base = results["baseline"]
    report = results["annual"]["figures"]
    failed = False
    expected = {f: base["figures"][f] for f in FIGURES}
    if {f: report[f] for f in FIGURES} != expected:
        print(f"MISMATCH: annual report {report} != baseline {expected}", file=sys.stderr)
        failed = True
    cases = results["cases"]["figures"]
    if (cases["late"], cases["missing"]) != (expected["late"], expected["overdue"]):
        print(f"MISMATCH: cases {cases} != baseline {expected}", file=sys.stderr)
        failed = True
    print(
        f"annual report and accountability: {args.branches} branches, "
        f"{expected['total']} obligations, best of {args.runs} processes each"
    )
    print(
        f"  {'':34} {'time':>8} {'x base':>7} {'CPU':>8} {'peak RSS':>10} {'added':>9}"
        f" {'x base':>7}"
    )
    for name, (label, _function, goal) in MEASURES.items():
        r = results[name]
        line = (
            f"  {label:34} {r['seconds'] * 1000:6.0f}ms {r['seconds'] / base['seconds']:6.1f}x"
            f" {r['cpu'] * 1000:6.0f}ms {r['rss_peak'] / MIB:7.1f}MiB {r['added'] / MIB:6.1f}MiB"
            f" {r['rss_peak'] / base['rss_peak']:6.1f}x"
        )
        if goal:
            fast = r["seconds"] < GOAL_SECONDS or (busy and r["cpu"] < GOAL_SECONDS)
            held = fast and r["added"] < GOAL_MIB * MIB
            failed |= not held
            line += "  goal " + ("held" if held else "MISSED")
            if busy and r["seconds"] >= GOAL_SECONDS:
                line += " (on CPU time)"
        print(line)
    print(
        f"  goals: under {GOAL_SECONDS:.0f} s and under {GOAL_MIB} MiB added to the process's"
        " resident memory (peak RSS counts the interpreter and the loaded app as well)"
    )
    if busy:
        print(
            f"  the machine was busy (load {load:.1f} on {cpus} CPUs): wall times include"
            " waiting for a CPU, so a time goal may hold on the call's CPU time"
        )
    print("  figures: " + ", ".join(f"{f}={v}" for f, v in expected.items()))
    print("  cases: " + ", ".join(f"{k}={v}" for k, v in cases.items()))
    print(
        "  report: "
        + ", ".join(f"{k}={report[k]}" for k in ("own cases", "published", "body characters"))
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
