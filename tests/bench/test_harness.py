"""The tiny version of ``make bench`` (issue 15, "``make test`` runs a tiny version to prove it
works"): the harness of ``benchmarks/bench_reads.py`` end to end on a unit of 200 disclosures,
one second of load a page with the built-in Python client, real servers (``dangwu serve``, the
bare app, Datasette when the bench environment has it), the supervision benchmark on a small
tree, and PostgreSQL when TEST_POSTGRESQL_URL is set.

It proves the instrument works: every page measured on every server that serves it, every
ratio computed, every target of the issue evaluated, the report written. It asserts no timing.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

import bench_reads
import bench_unit

CACHED = {"api_list", "api_detail", "html_detail", "home", "organization"}


def test_the_tiny_bench_measures_every_page_and_writes_the_report(tmp_path):
    """One test (its servers and load share the machine with the other tests): the harness
    end to end, then each of its promises in turn."""
    run = _run(tmp_path)
    _every_page_is_measured_on_every_server_that_serves_it(run)
    _a_304_is_measured_against_the_full_answer_on_every_cached_page(run)
    _memory_reindex_and_search_index_are_reported(run)
    _every_target_of_the_issue_is_evaluated_and_the_report_written(run)
    _a_second_run_takes_the_unit_from_the_cache(run)


def _run(directory):
    argv = ["--sizes", "200", "--search-sizes", "", "--orgs", "40", "--duration", "1"]
    argv += ["--warmup", "0", "--runs", "1", "--client", "python", "--supervision-orgs", "100"]
    argv += ["--cache-dir", str(directory), "--threads", "2", "--connections", "2"]
    argv += ["--json", str(directory / "performance.json")]
    argv += ["--markdown", str(directory / "performance.md")]
    assert bench_reads.main(argv) == 0
    results = json.loads((directory / "performance.json").read_text(encoding="utf-8"))
    return results, (directory / "performance.md").read_text(encoding="utf-8"), directory


def _every_page_is_measured_on_every_server_that_serves_it(run):
    results, _, _ = run
    size = results["sizes"]["200"]
    names = {p.name: p for p in bench_reads.pages(size["unit"])}
    assert set(size["pages"]) == set(names)
    # The baseline is fair only while it answers what dangwu answers: adapt bare_app.py else.
    assert size["same_json"] == {"api_list": True, "api_detail": True}
    assert any(p.search for p in names.values())
    with_datasette = results["settings"]["datasette"]
    for name, figures in size["pages"].items():
        for server in names[name].paths:
            if server == "datasette" and not with_datasette:
                continue
            assert figures[server]["rps"] > 0, (name, server, figures[server])
            assert set(figures[server]["statuses"]) == {"200"}, (name, server)
        if "bare" in names[name].paths:
            assert figures["vs_bare"] > 0, name
        if with_datasette and "datasette" in names[name].paths:
            assert figures["vs_datasette"] > 0, name
        if figures["search"]:
            assert figures["dangwu_alone"]["p95"] > 0, name


def _a_304_is_measured_against_the_full_answer_on_every_cached_page(run):
    results, _, _ = run
    pages = results["sizes"]["200"]["pages"]
    assert {name for name, figures in pages.items() if figures["cached"]} >= CACHED
    for name in CACHED:
        assert set(pages[name]["dangwu_304"]["statuses"]) == {"304"}, name
        assert pages[name]["304_cheaper"] > 0, name


def _memory_reindex_and_search_index_are_reported(run):
    results, _, _ = run
    size = results["sizes"]["200"]
    for server in size["servers"]:
        assert size["memory"][server]["VmHWM"] >= size["memory"][server]["VmRSS"] > 0
    reindex = size["reindex"]
    assert reindex["completed"], reindex
    assert reindex["documents"] > 0 and reindex["documents_per_second"] > 0
    assert reindex["index_bytes"] > 0 and reindex["text_bytes"] > 0
    assert [
        c["query"] for c in size["search_check"]
    ] == bench_reads.SEARCH_WORDS + bench_reads.SEARCH_PHRASES


def _every_target_of_the_issue_is_evaluated_and_the_report_written(run):
    results, page, _ = run
    targets = results["targets"]
    assert {t["status"] for t in targets} <= {"met", "missed", "not measured"}
    text = " ".join(t["target"] for t in targets)
    for family in ("× bare", "× datasette", "time per request", "304", "p95 < 50 ms",
                   "≤ 3× the text", "WAL", "peak RSS", "supervision", "PostgreSQL"):  # fmt: skip
        assert family in text, family
    assert page.startswith("# Performance")
    missed = page.split("## Targets missed", 1)[1].split("\n## ", 1)[0]
    for target in targets:
        assert target["target"] in page
        if target["status"] == "missed":
            assert target["target"] in missed
    for heading in ("## Machine and versions", "## 200 disclosures", "## Supervision"):
        assert heading in page
    assert results["versions"]["sqlite"] and results["machine"]["cores"]
    if os.environ.get("TEST_POSTGRESQL_URL"):
        assert "error" not in results["postgresql"], results["postgresql"]
        assert set(results["postgresql"]["sizes"]["200"]["pages"]) == set(
            results["sizes"]["200"]["pages"]
        )


def _a_second_run_takes_the_unit_from_the_cache(run):
    _, _, directory = run
    path, meta = bench_unit.unit(directory, 200, orgs=40)
    assert meta["cached"] and path.exists()
    assert meta["size"] == 200 and meta["public"] > meta["size"] // 2
