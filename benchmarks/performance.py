"""The report of ``make bench``: the machine, the versions, and ``docs/performance.md``.

:func:`targets` evaluates issue 15's "Done when" one by one against a run's figures (met,
missed, or not measured, with the measured value); :func:`markdown` writes the page, the missed
targets first, each with its cause where the figures show it (a search index not built) and
otherwise a marker for the lead to fill in.
"""

from __future__ import annotations

import contextlib
import importlib.metadata
import json
import os
import platform
import sqlite3
import subprocess
from pathlib import Path

CAUSE_MARKER = "**Cause: TO FILL (lead)**"
READ_PAGES = ["api_list", "api_detail", "html_detail", "home", "organization"]
PAGE_NAMES = {
    "api_list": "API list",
    "api_detail": "API detail",
    "html_detail": "HTML detail",
    "home": "home",
    "organization": "organization page",
}


def machine() -> dict:
    found = {"cores": os.cpu_count(), "kernel": platform.release(), "cpu": "", "ram_bytes": None}
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                found["cpu"] = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                found["ram_bytes"] = int(line.split()[1]) * 1024
    except OSError:
        pass
    return found


def _version(distribution: str) -> str | None:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return None


def versions(datasette: Path) -> dict:
    found = {
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "waitress": _version("waitress"),
        "flask": _version("flask"),
        "dangwu-core": _version("dangwu-core"),
        "datasette": None,
        "wrk": None,
    }
    if datasette.exists():
        out = subprocess.run([str(datasette), "--version"], capture_output=True, text=True)
        found["datasette"] = out.stdout.strip().split()[-1] if out.stdout.strip() else None
    try:
        out = subprocess.run(["wrk", "--version"], capture_output=True, text=True)
        found["wrk"] = (out.stdout or out.stderr).split("[")[0].strip() or None
    except OSError:
        pass
    return found


# --- the targets -----------------------------------------------------------------------------


def _target(name: str, status: str, measured: str, cause: str = "") -> dict:
    return {"target": name, "status": status, "measured": measured, "cause": cause}


def _read_sizes(results: dict) -> list[int]:
    return sorted(int(s) for s, r in results["sizes"].items() if not r["search_only"])


def _search_cause(size_result: dict) -> str:
    reindex = size_result.get("reindex", {})
    if not reindex.get("completed"):
        return f"search index not built (reindex {reindex.get('stopped') or 'failed'})"
    return ""


def targets(results: dict) -> list[dict]:
    """Issue 15's "Done when", each: target, status (met/missed/not measured), measured, cause."""
    found = []
    sizes = _read_sizes(results)
    big = 100_000 if 100_000 in sizes else (sizes[-1] if sizes else None)
    small = 10_000 if 10_000 in sizes else (sizes[0] if sizes else None)
    at = results["sizes"].get(str(big), {}) if big else {}
    for page in READ_PAGES:
        figures = at.get("pages", {}).get(page, {})
        for other, floor in (("bare", 0.7), ("datasette", 1.0)):
            name = f"{PAGE_NAMES[page]} at {big or '100k'}: ≥ {floor}× {other} (req/s)"
            ratio = figures.get(f"vs_{other}")
            if ratio is None:
                ran = bool(results.get("versions", {}).get("datasette"))
                if other == "datasette" and ran and figures and "datasette" not in figures:
                    continue  # Datasette serves no such page (the "–")
                missing = "Datasette not installed (.venv-bench)" if not ran else "–"
                found.append(
                    _target(name, "not measured", missing if other == "datasette" else "–")
                )
            else:
                found.append(_target(name, "met" if ratio >= floor else "missed", f"{ratio}×"))
    if big is None or small is None or big == small:
        name = "every page's time per request at 100k ≤ 1.5× at 10k"
        found.append(_target(name, "not measured", "needs two sizes (--sizes 10k,100k)"))
    for page in READ_PAGES + [p for p in at.get("pages", {}) if p.startswith("search")]:
        label = PAGE_NAMES.get(page, page)
        name = f"{label}: time per request at {big} ≤ 1.5× at {small}"
        if big is None or small is None or big == small:
            continue
        one = results["sizes"][str(small)]["pages"].get(page, {}).get("dangwu", {})
        two = at["pages"].get(page, {}).get("dangwu", {})
        if not one.get("rps") or not two.get("rps"):
            found.append(_target(name, "not measured", "–"))
            continue
        growth = round(one["rps"] / two["rps"], 2)
        found.append(_target(name, "met" if growth <= 1.5 else "missed", f"{growth}×"))
    for size in sizes:
        for page, figures in results["sizes"][str(size)]["pages"].items():
            if not figures.get("cached"):
                continue
            cheaper = figures.get("304_cheaper")
            name = (
                f"{PAGE_NAMES.get(page, page)} at {size}: a 304 ≥ 5× cheaper than the full answer"
            )
            statuses = figures.get("dangwu_304", {}).get("statuses", {})
            if cheaper is None:
                found.append(_target(name, "not measured", "–"))
            elif set(statuses) - {"304"}:
                found.append(_target(name, "missed", f"{cheaper}× (answers {statuses})",
                                     "the conditional request did not answer 304"))  # fmt: skip
            else:
                found.append(_target(name, "met" if cheaper >= 5 else "missed", f"{cheaper}×"))
    found += _search_targets(results)
    if at:
        memory = at.get("memory", {})
        ours, bare = memory.get("dangwu", {}).get("VmHWM"), memory.get("bare", {}).get("VmHWM")
        name = f"server peak RSS at {big} ≤ 2× the bare app's"
        if ours and bare:
            ratio = round(ours / bare, 2)
            measured = f"{ratio}× ({ours / 2**20:.0f} MiB vs {bare / 2**20:.0f} MiB)"
            found.append(_target(name, "met" if ratio <= 2 else "missed", measured))
        else:
            found.append(_target(name, "not measured", "–"))
    found += _supervision_targets(results)
    return found


def _search_targets(results: dict) -> list[dict]:
    found = []
    million = results["sizes"].get("1000000")
    for page in [p for p in (million or {}).get("pages", {}) if p.startswith("search")] or [
        "search"
    ]:
        name = f"{page} at 1M: p95 < 50 ms (one reader; under the load in the tables)"
        figures = (million or {}).get("pages", {}).get(page, {}).get("dangwu_alone")
        if not figures:
            found.append(_target(name, "not measured", "1M not in --search-sizes"))
            continue
        p95, partial = figures["p95"], _search_cause(million)
        if partial:  # fast over a partial index proves nothing
            found.append(_target(name, "missed", f"{p95:.1f} ms over a partial index", partial))
        else:
            found.append(_target(name, "met" if p95 < 50 else "missed", f"{p95:.1f} ms"))
    sizes = sorted(int(s) for s in results["sizes"])
    for size in sizes:
        reindex = results["sizes"][str(size)].get("reindex", {})
        name = f"search index at {size} ≤ 3× the text"
        ratio = reindex.get("index_to_text")
        if not reindex.get("completed") or ratio is None:
            found.append(
                _target(name, "not measured", "–", _search_cause(results["sizes"][str(size)]))
            )
        else:
            found.append(_target(name, "met" if ratio <= 3 else "missed", f"{ratio}×"))
    hundred = results["sizes"].get("100000")
    name = "reindex of 100k completes with the WAL never above 64 MiB"
    if not hundred or "peak_wal_bytes" not in hundred.get("reindex", {}):
        found.append(_target(name, "not measured", "100k not measured"))
    else:
        reindex = hundred["reindex"]
        wal = reindex["peak_wal_bytes"] / 2**20
        ok = reindex["completed"] and wal <= 64
        measured = (
            f"{'completed' if reindex['completed'] else reindex['stopped']}, WAL {wal:.0f} MiB"
        )
        found.append(_target(name, "met" if ok else "missed", measured))
    name = "reindex of 100k at ≥ 2,000 documents/s (the issue's What to build)"
    rate = (hundred or {}).get("reindex", {}).get("documents_per_second")
    if not rate:
        found.append(_target(name, "not measured", "100k reindex not completed"))
    else:
        found.append(_target(name, "met" if rate >= 2000 else "missed", f"{rate:,.0f}/s"))
    return found


def _supervision_targets(results: dict) -> list[dict]:
    found = []
    supervision = results.get("supervision")
    name = "supervision over 10,000 organizations ≤ 1.5× the same-work SQL"
    if not supervision:
        return [_target(name, "not measured", "--no-supervision")]
    ratio, queries = _supervision_figures(supervision)
    if ratio is None:
        found.append(_target(name, "not measured", supervision.get("note") or "no ratio"))
    else:
        orgs = supervision["orgs"]
        status = "met" if ratio <= 1.5 and orgs >= 10_000 else "missed"
        if orgs < 10_000:
            status = "not measured"
        found.append(_target(name, status, f"{ratio}× over {orgs} organizations"))
    name = "supervision in a constant number of queries"
    if isinstance(queries, dict) and queries:
        measured = ", ".join(f"{k}: {v}" for k, v in queries.items())
        constant = len({str(v) for v in queries.values()}) == 1
        found.append(_target(name, "met" if constant else "missed", measured))
    elif queries is not None:
        found.append(_target(name, "not measured", f"{queries} (one tree size only)"))
    else:
        found.append(_target(name, "not measured", "bench_supervision.py reports no query count"))
    if supervision.get("returncode"):
        cause = (supervision.get("stderr") or supervision.get("stdout") or "")[-300:]
        found.append(_target("bench_supervision.py ran", "missed", "failed", cause))
    pg = results.get("postgresql")
    found.append(
        _target(
            "the PostgreSQL run included when available",
            "met" if pg and not pg.get("error") else "not measured",
            "included"
            if pg and not pg.get("error")
            else (pg or {}).get("error", "no TEST_POSTGRESQL_URL"),
        )
    )
    return found


def _found(data, word: str):
    """The first value under a key naming ``word`` in ``data`` (nested dicts walked in order)."""
    if isinstance(data, dict):
        for key, value in data.items():
            if word in str(key).lower() and value is not None:
                return value
        for value in data.values():
            found = _found(value, word)
            if found is not None:
                return found
    return None


def _supervision_figures(supervision: dict):
    """The ratio (and the queries by tree size, when given) from the JSON, else from the text."""
    data = supervision.get("json") or {}
    ratio = _found(data, "ratio")
    ratio = round(float(ratio), 2) if isinstance(ratio, int | float) else None
    queries = _found(data, "queries")
    if ratio is None:
        for line in supervision.get("stdout", "").splitlines():
            if line.strip().startswith("ratio"):
                with contextlib.suppress(ValueError):
                    ratio = float(line.split()[-1].rstrip("x×"))
    return ratio, queries


# --- the page --------------------------------------------------------------------------------


def _cell(figures: dict | None, key: str = "rps") -> str:
    if not figures or figures.get(key) is None:
        return "–"
    value = figures[key]
    return f"{value:.1f}" if value >= 10 else f"{value:.2f}"


def markdown(results: dict) -> str:
    settings, versions, machine_ = results["settings"], results["versions"], results["machine"]
    lines = ["# Performance (`make bench`)", ""]
    lines += [
        f"Measured {results['started']} – {results['finished']} (UTC) by `make bench` "
        "(`benchmarks/bench_reads.py`); the figures are also in `docs/performance.json`. "
        "Regenerate with `make bench` (see the README); this page is written by "
        "`benchmarks/performance.py`, do not edit it by hand except the causes marked "
        f"{CAUSE_MARKER}.",
        "",
    ]
    missed = [t for t in results["targets"] if t["status"] == "missed"]
    lines += ["## Targets missed", ""]
    if not missed:
        lines += ["None: every target measured was met.", ""]
    for t in missed:
        lines.append(f"- {t['target']}: measured {t['measured']}. {t['cause'] or CAUSE_MARKER}")
    lines += ["", "## Machine and versions", ""]
    ram = machine_.get("ram_bytes") or 0
    client = "wrk --latency" if settings["client"] == "wrk" else "the built-in Python client"
    pg = results.get("postgresql") or {}
    lines += [
        f"- {machine_['cores']} cores, {ram / 2**30:.1f} GiB RAM, {machine_['cpu']}, "
        f"Linux {machine_['kernel']}",
        "- " + ", ".join(f"{k} {v}" for k, v in versions.items() if v),
        f"- PostgreSQL: {pg.get('version') or 'not run'}",
        f"- load average before {_load(results['load_before'])}, after "
        f"{_load(results['load_after'])}",
        f"- load: {client}, {settings['connections']} connections, {settings['duration']} s a "
        f"run after {settings['warmup']} s of warm-up, {settings['runs']} runs alternating the "
        f"servers, medians; every server {settings['threads']} threads",
        "- time per request: 1000 / (req/s) ms, the server's cost at capacity; the bare app "
        "and Datasette answer the same pages for an anonymous reader (`benchmarks/bare_app.py`)",
        "",
    ]
    lines += ['## Targets (issue 15, "Done when")', "", "| target | status | measured |"]
    lines.append("|---|---|---|")
    for t in results["targets"]:
        lines.append(f"| {t['target']} | {t['status']} | {t['measured']} |")
    for size, result in sorted(results["sizes"].items(), key=lambda kv: int(kv[0])):
        lines += _size_section(int(size), result)
    lines += _growth(results)
    lines += _supervision_section(results.get("supervision"))
    if pg:
        lines += ["", "## PostgreSQL", ""]
        if pg.get("error"):
            lines.append(f"Not measured: {pg['error']}")
        for size, result in sorted(pg.get("sizes", {}).items(), key=lambda kv: int(kv[0])):
            lines += _size_section(int(size), result, title="PostgreSQL, ")
    return "\n".join(lines) + "\n"


def _load(values) -> str:
    return " / ".join(f"{v:.2f}" for v in values)


def _reindex_line(reindex: dict) -> str:
    if reindex.get("completed"):
        parts = ["completed"]
    else:
        parts = [f"NOT completed ({reindex.get('stopped') or 'failed'})"]
    if reindex.get("seconds") is not None:
        parts.append(f"{reindex['seconds']} s")
    if reindex.get("documents_per_second"):
        parts.append(f"{reindex['documents_per_second']} documents/s")
    if reindex.get("peak_wal_bytes") is not None:
        parts.append(f"peak WAL {reindex['peak_wal_bytes'] / 2**20:.1f} MiB (sampled)")
    if reindex.get("text_bytes"):
        parts.append(
            f"index {reindex['index_bytes'] / 2**20:.1f} MiB for "
            f"{reindex['text_bytes'] / 2**20:.1f} MiB of text ({reindex.get('index_to_text')}×)"
        )
    return "Search reindex (`dangwu search reindex`): " + ", ".join(parts) + "."


TABLE_HEAD = [
    "| page | dangwu req/s | p50 / p99 ms | bare req/s | Datasette req/s | vs bare "
    "| vs Datasette | 304 req/s | 304 cheaper |",
    "|---|---|---|---|---|---|---|---|---|",
]


def _size_section(size: int, result: dict, title: str = "") -> list[str]:
    unit = result["unit"]
    built = f"built in {unit['build_seconds']} s" if unit.get("build_seconds") else "built"
    cached = " (from the cache)" if unit.get("cached") else ""
    lines = ["", f"## {title}{size:,} disclosures", ""]
    lines.append(
        f"{unit['organizations']:,} organizations, {unit['public']:,} published and public, "
        f"{unit['events']:,} events; unit {built}{cached}"
        + ("; search pages only" if result.get("search_only") else "")
        + "."
    )
    if result.get("reindex"):
        lines += ["", _reindex_line(result["reindex"])]
    if result.get("same_json"):
        same = ", ".join(
            f"{PAGE_NAMES.get(p, p)} {'yes' if v else 'NO'}" for p, v in result["same_json"].items()
        )
        lines += ["", f"The bare app answers the same JSON as dangwu: {same}."]
    lines += ["", *TABLE_HEAD]
    for page, f in result.get("pages", {}).items():
        ours = f.get("dangwu", {})
        lines.append(
            f"| {PAGE_NAMES.get(page, page)} | {_cell(ours)} | {_cell(ours, 'p50')} / "
            f"{_cell(ours, 'p99')} | {_cell(f.get('bare'))} | {_cell(f.get('datasette'))} | "
            f"{f.get('vs_bare', '–')} | {f.get('vs_datasette', '–')} | "
            f"{_cell(f.get('dangwu_304'))} | {f.get('304_cheaper', '–')} |"
        )
    alone = [
        f"{page.removeprefix('search ')} p50 {a['p50']:.1f} / p95 {a['p95']:.1f} / "
        f"p99 {a['p99']:.1f} ms"
        for page, f in result.get("pages", {}).items()
        if (a := f.get("dangwu_alone"))
    ]
    if alone:
        lines += ["", "Search latency, one reader alone: " + "; ".join(alone) + "."]
    checks = result.get("search_check")
    if checks:
        found = "; ".join(f"{c['query']} {c['total']} / {c['like']}" for c in checks)
        lines += ["", f"Search totals (API) / a LIKE count over the public disclosures: {found}."]
    memory = result.get("memory", {})
    if memory:
        found = "; ".join(
            f"{name} {m.get('VmHWM', 0) / 2**20:.0f} / {m.get('VmRSS', 0) / 2**20:.0f} MiB"
            for name, m in memory.items()
        )
        lines += ["", f"Memory after the load (peak VmHWM / VmRSS): {found}."]
    return lines


def _growth(results: dict) -> list[str]:
    sizes = _read_sizes(results)
    if len(sizes) < 2:
        return []
    small, big = sizes[0], sizes[-1]
    lines = ["", f"## Growth {small:,} → {big:,}: time per request (ms at capacity)", ""]
    lines += ["| page | dangwu | bare | Datasette |", "|---|---|---|---|"]
    one, two = results["sizes"][str(small)]["pages"], results["sizes"][str(big)]["pages"]
    for page in two:
        cells = []
        for server in ("dangwu", "bare", "datasette"):
            a, b = one.get(page, {}).get(server), two.get(page, {}).get(server)
            if a and b and a.get("rps") and b.get("rps"):
                cells.append(
                    f"{1000 / a['rps']:.2f} → {1000 / b['rps']:.2f} ({a['rps'] / b['rps']:.2f}×)"
                )
            else:
                cells.append("–")
        lines.append(f"| {PAGE_NAMES.get(page, page)} | " + " | ".join(cells) + " |")
    return lines


def _supervision_section(supervision: dict | None) -> list[str]:
    if not supervision:
        return []
    lines = ["", "## Supervision (`benchmarks/bench_supervision.py`)", ""]
    if supervision.get("note"):
        lines += [supervision["note"] + ".", ""]
    if supervision.get("json"):
        lines += ["```json", _json(supervision["json"]), "```"]
    else:
        lines += [
            "```",
            supervision.get("stdout") or supervision.get("stderr") or "(no output)",
            "```",
        ]
    return lines


def _json(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1)[:4000]
