"""The supervision benchmark (``benchmarks/bench_supervision.py``) run tiny: its hand-written
baseline computes the dashboard's *same* figures (every organization's row, every month, the
ranking), the two are compared equal, and the dashboard's statement count does not grow with
the tree (003 §9(五): an upper organization supervises its whole subtree; issue 15 "in a
constant number of queries"). Nothing is timed here: the timings are only reported."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


@pytest.fixture(scope="module")
def bench():
    sys.path.insert(0, str(BENCHMARKS))
    try:
        spec = importlib.util.spec_from_file_location(
            "bench_supervision", BENCHMARKS / "bench_supervision.py"
        )
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        yield module
    finally:
        sys.path.remove(str(BENCHMARKS))


def test_the_benchmark_compares_the_same_figures_in_a_constant_number_of_queries(
    bench, database_url
):
    """10 and 200 organizations: the same figures on both sides, the same statement count
    for the dashboard, on SQLite (and PostgreSQL when provided)."""
    kind = "postgresql" if database_url.startswith("postgres") else "sqlite"
    small = bench.measure(database_url, kind, orgs=10, per_org=3, runs=1)
    # A second tree twenty times larger beside the first, under its own root.
    large = bench.measure(database_url, kind, orgs=200, per_org=3, runs=1, code="LARGE")
    for result in (small, large):
        assert result["results_equal"], result["mismatch"]
        assert result["baseline_queries"] == 6
    assert small["organizations"] == 10 and large["organizations"] == 200
    assert large["totals"]["total"] > small["totals"]["total"] > 0
    assert small["dashboard_queries"] == large["dashboard_queries"] <= 6


def test_a_difference_in_any_figure_is_caught(bench, sqlite_url, monkeypatch):
    """The comparison looks at every organization's row, not only the totals: a dashboard
    that lost one organization's late count would fail the run."""
    from dangwu_core import supervision

    real = supervision.dashboard

    def off_by_one(root, period=None, **kwargs):
        board = real(root, period, **kwargs)
        some = next(iter(board.rows.values()))
        some.late += 1
        return board

    monkeypatch.setattr(supervision, "dashboard", off_by_one)
    result = bench.measure(sqlite_url, "sqlite", orgs=10, per_org=3, runs=1)
    assert not result["results_equal"] and result["mismatch"].startswith("rows[")


def test_json_holds_the_figures(bench, tmp_path):
    target = tmp_path / "supervision.json"
    assert bench.main(["--orgs", "10", "--per-org", "2", "--runs", "3", "--json", str(target)]) == 0
    written = json.loads(target.read_text())["supervision"][0]
    assert written["database"] == "sqlite" and written["results_equal"] is True
    assert len(written["dashboard_ms"]["all"]) == len(written["baseline_ms"]["all"]) == 3
    assert written["dashboard_queries"] == 6 and written["baseline_queries"] == 6
