"""``make bench``'s read benchmark (issue 15): dangwu next to a bare Flask app and Datasette.

For each size (``--sizes``, disclosures in the generated unit of :mod:`bench_unit`):

1. the cached unit is copied to a working file and its search index built by
   ``dangwu search reindex`` (the real code path), sampling the WAL's size; a reindex that
   passes ``--wal-cap-mib`` or ``--reindex-timeout`` is stopped and reported as such;
2. three servers on 127.0.0.1 and free ports, with the same thread count: ``dangwu serve``
   (waitress), the bare app (:mod:`bare_app`, waitress) and Datasette 0.65 (from the bench
   environment ``.venv-bench``, the same file, immutable, compared with ``_nosuggest=1`` and
   the same page size) when installed;
3. every page (API list, API detail, HTML detail, home, organization page, search for
   2-character words and phrases) under load (:mod:`loadgen`: wrk, or the Python client),
   ``--runs`` times, the servers alternated run by run, after a warm-up; each cached page of
   dangwu once more with the ETag it answered (If-None-Match: a 304);
4. the servers' peak and current memory after the load (VmHWM, VmRSS of /proc/PID/status).

``--search-sizes`` are sizes measured for search only (the 1M unit). Then the supervision
benchmark (``bench_supervision.py``), the same reads on PostgreSQL when TEST_POSTGRESQL_URL is
set (:mod:`bench_postgres`), and the report (:mod:`performance`): a JSON file and
``docs/performance.md``, with the issue's targets evaluated one by one.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_unit
import loadgen
import performance
from soak_server import DANGWU, Server, _environment, free_port

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DATASETTE = ROOT / ".venv-bench" / "bin" / "datasette"
SEARCH_WORDS = ["党费", "换届", "公示"]
SEARCH_PHRASES = ["发展党员", "民主评议党员"]
#: The pages the issue's "Done when" holds against the bare app (and Datasette where it has one).
READ_PAGES = ["api_list", "api_detail", "html_detail", "home", "organization"]


@dataclass(frozen=True)
class Page:
    name: str
    paths: dict  # server name -> path
    search: bool = False


def pages(meta: dict, *, search_only: bool = False) -> list[Page]:
    detail, root = meta["detail_id"], meta["root_code"]
    listing = "/bench/disclosure.json?_nosuggest=1&_size=20&state=published&scope=public"
    found = [
        Page(
            f"search {q}",
            {"dangwu": "/search?q=" + urllib.parse.quote(q)},
            search=True,
        )
        for q in SEARCH_WORDS + SEARCH_PHRASES
    ]
    if search_only:
        return found
    return [
        Page(
            "api_list",
            {
                "dangwu": "/api/v1/disclosures",
                "bare": "/api/v1/disclosures",
                "datasette": listing + "&_sort_desc=published_at",
            },
        ),
        Page(
            "api_detail",
            {
                "dangwu": f"/api/v1/disclosures/{detail}",
                "bare": f"/api/v1/disclosures/{detail}",
                "datasette": f"/bench/disclosure/{detail}.json?_nosuggest=1",
            },
        ),
        Page("html_detail", {"dangwu": f"/disclosures/{detail}", "bare": f"/disclosures/{detail}"}),
        Page("home", {"dangwu": "/", "bare": "/"}),
        Page("organization", {"dangwu": f"/org/{root}", "bare": f"/org/{root}"}),
        *found,
    ]


# --- servers ---------------------------------------------------------------------------------


class Process(Server):
    """A server on 127.0.0.1 and a free port, started and stopped (``Server.stop``) by the
    harness: ``dangwu serve``, the bare app or Datasette."""

    def __init__(self, name: str, command: list[str], port: int, directory: Path, env=None):
        self.name, self.port = name, port
        self.base = f"http://127.0.0.1:{port}"
        self.log_path = directory / f"{name}.log"
        self._log = open(self.log_path, "w", encoding="utf-8")  # noqa: SIM115 (closed in stop)
        self.process = subprocess.Popen(
            command, stdout=self._log, stderr=subprocess.STDOUT, env=env or _environment()
        )

    def wait_ready(self, path: str, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited: {self.log_path.read_text()[-2000:]}")
            try:
                if loadgen.fetch(self.base + path)[0] < 500:
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"{self.name} did not answer within {timeout:.0f} s")

    def memory(self) -> dict:
        """VmHWM (peak) and VmRSS of the server process, in bytes."""
        found = {}
        with open(f"/proc/{self.process.pid}/status", encoding="ascii") as status:
            for line in status:
                key = line.split(":")[0]
                if key in ("VmHWM", "VmRSS"):
                    found[key] = int(line.split()[1]) * 1024
        return found


def start_servers(url: str, path: Path, threads: int, directory: Path, *, baselines: bool):
    servers = {}
    port = free_port()
    servers["dangwu"] = Process(
        "dangwu",
        [*DANGWU, "--database", url, "serve", "--port", str(port), "--threads", str(threads)],
        port,
        directory,
    )
    if baselines:
        port = free_port()
        servers["bare"] = Process(
            "bare",
            [
                sys.executable,
                str(HERE / "bare_app.py"),
                str(path),
                "--port",
                str(port),
                "--threads",
                str(threads),
            ],
            port,
            directory,
        )
        if DATASETTE.exists():
            port = free_port()
            servers["datasette"] = Process(
                "datasette",
                [
                    str(DATASETTE),
                    "serve",
                    "-i",
                    str(path),
                    "--port",
                    str(port),
                    "--setting",
                    "num_sql_threads",
                    str(threads),
                    "--setting",
                    "default_page_size",
                    "20",
                    "--setting",
                    "sql_time_limit_ms",
                    "30000",
                ],
                port,
                directory,
                env={k: v for k, v in os.environ.items() if not k.startswith("DANGWU_")},
            )
    try:
        for server in servers.values():
            server.wait_ready("/")
    except Exception:
        for server in servers.values():
            server.stop()
        raise
    return servers


# --- the search index ------------------------------------------------------------------------


def _bytes_used(path: Path) -> int:
    with sqlite3.connect(path) as connection:
        pages = connection.execute("PRAGMA page_count").fetchone()[0]
        free = connection.execute("PRAGMA freelist_count").fetchone()[0]
        size = connection.execute("PRAGMA page_size").fetchone()[0]
    return (pages - free) * size


def _checkpoint(path: Path) -> None:
    connection = sqlite3.connect(path)
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    finally:
        connection.close()


def text_bytes(path: Path) -> int:
    """The UTF-8 size of the titles and texts of the published disclosures (what is indexed)."""
    with sqlite3.connect(path) as connection:
        return connection.execute(
            "SELECT COALESCE(SUM(LENGTH(CAST(v.title AS BLOB)) + LENGTH(CAST(v.body AS BLOB))), 0)"
            " FROM disclosure d JOIN disclosure_version v"
            " ON v.disclosure_id = d.id AND v.number = d.current_version"
            " WHERE d.state = 'published'"
        ).fetchone()[0]


def reindex(url: str, path: Path | None, *, timeout: float, wal_cap: int) -> dict:
    """Run ``dangwu search reindex``; documents/s, peak WAL (sampled), index size vs text."""
    before = _bytes_used(path) if path else None
    wal = Path(f"{path}-wal") if path else None
    process = subprocess.Popen(
        [*DANGWU, "--database", url, "search", "reindex"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=_environment(),
    )
    started, peak, stopped = time.perf_counter(), 0, ""
    while process.poll() is None:
        if wal is not None and wal.exists():
            peak = max(peak, wal.stat().st_size)
        elapsed = time.perf_counter() - started
        if wal_cap and peak > wal_cap:
            stopped = f"WAL above {wal_cap // 2**20} MiB after {elapsed:.0f} s"
        elif elapsed > timeout:
            stopped = f"not done after {timeout:.0f} s"
        if stopped:
            process.terminate()
            process.wait(timeout=30)
            break
        time.sleep(0.1)
    seconds = time.perf_counter() - started
    output = process.stdout.read() if process.stdout else ""
    numbers = [int(w) for w in output.split() if w.isdigit()]
    result = {
        "completed": not stopped and process.returncode == 0,
        "stopped": stopped or (f"exited {process.returncode}" if process.returncode else ""),
        "seconds": round(seconds, 2),
        "documents": numbers[-1] if numbers and not stopped else None,
        "peak_wal_bytes": peak if wal is not None else None,
        "output": output.strip()[-500:],
    }
    if result["documents"]:
        result["documents_per_second"] = round(result["documents"] / seconds, 1)
    if path:
        _checkpoint(path)
        result["index_bytes"] = _bytes_used(path) - before
        result["text_bytes"] = text_bytes(path)
        if result["text_bytes"]:
            result["index_to_text"] = round(result["index_bytes"] / result["text_bytes"], 2)
    return result


def same_json(servers: dict, page_list: list[Page]) -> dict:
    """Whether the bare app answers each API page with the very JSON dangwu answers."""
    found = {}
    for page in page_list:
        if page.name.startswith("api_") and "bare" in page.paths and "bare" in servers:
            ours = json.loads(loadgen.fetch(servers["dangwu"].base + page.paths["dangwu"])[2])
            bare = json.loads(loadgen.fetch(servers["bare"].base + page.paths["bare"])[2])
            found[page.name] = ours == bare
    return found


def search_check(base: str, path: Path) -> list[dict]:
    """Each query's total from the API next to a ``LIKE`` count over the public disclosures."""
    checks = []
    with sqlite3.connect(path) as connection:
        for q in SEARCH_WORDS + SEARCH_PHRASES:
            status, _, body = loadgen.fetch(f"{base}/api/v1/search?q={urllib.parse.quote(q)}")
            total = json.loads(body).get("total") if status == 200 else None
            like = connection.execute(
                "SELECT COUNT(*) FROM disclosure d JOIN disclosure_version v"
                " ON v.disclosure_id = d.id AND v.number = d.current_version"
                " WHERE d.state = 'published' AND d.scope = 'public'"
                " AND (v.title LIKE ?1 OR v.body LIKE ?1)",
                (f"%{q}%",),
            ).fetchone()[0]
            checks.append({"query": q, "status": status, "total": total, "like": like})
    return checks


# --- measuring -------------------------------------------------------------------------------


def _median(runs: list[dict]) -> dict:
    keys = ("rps", "p50", "p95", "p99")
    found = {k: round(statistics.median(r[k] for r in runs), 3) for k in keys}
    found["ms_per_request"] = round(1000 / found["rps"], 3) if found["rps"] else None
    found["runs"] = runs
    statuses: dict[str, int] = {}
    for run in runs:
        for code, n in run["statuses"].items():
            statuses[code] = statuses.get(code, 0) + n
    found["statuses"] = statuses
    return found


def measure(servers: dict, page_list: list[Page], args) -> dict:
    """Every page on every server that has it, ``args.runs`` times, servers alternated."""
    order = list(servers)
    etags, runs = {}, {}
    for page in page_list:
        for name, path in page.paths.items():
            if name not in servers:
                continue
            url = servers[name].base + path
            _, headers, _ = loadgen.fetch(url)
            if name == "dangwu" and "etag" in headers:
                etags[page.name] = headers["etag"]
            if args.warmup:
                loadgen.run(url, duration=args.warmup, connections=args.connections,
                            client=args.client)  # fmt: skip
    for run in range(args.runs):
        rotated = order[run % len(order) :] + order[: run % len(order)]
        for page in page_list:
            for name in rotated:
                if name not in page.paths:
                    continue
                url = servers[name].base + page.paths[name]
                load = loadgen.run(url, duration=args.duration, connections=args.connections,
                                   client=args.client)  # fmt: skip
                runs.setdefault(page.name, {}).setdefault(name, []).append(load.as_dict())
                if name == "dangwu" and page.name in etags:
                    load = loadgen.run(url, duration=args.duration, connections=args.connections,
                                       headers={"If-None-Match": etags[page.name]},
                                       client=args.client)  # fmt: skip
                    runs[page.name].setdefault("dangwu_304", []).append(load.as_dict())
    for page in page_list:
        if page.search and "dangwu" in servers:  # one reader alone: the latency a reader sees
            url = servers["dangwu"].base + page.paths["dangwu"]
            for _ in range(args.runs):
                load = loadgen.run(url, duration=args.duration, connections=1, client=args.client)
                runs[page.name].setdefault("dangwu_alone", []).append(load.as_dict())
    results = {}
    for page in page_list:
        figures = {name: _median(r) for name, r in runs.get(page.name, {}).items()}
        figures["cached"] = page.name in etags
        figures["search"] = page.search
        dangwu = figures.get("dangwu", {}).get("rps")
        for other in ("bare", "datasette"):
            if dangwu and other in figures and figures[other]["rps"]:
                figures[f"vs_{other}"] = round(dangwu / figures[other]["rps"], 3)
        if dangwu and "dangwu_304" in figures:
            figures["304_cheaper"] = round(figures["dangwu_304"]["rps"] / dangwu, 3)
        results[page.name] = figures
    return results


def measure_size(size: int, args, directory: Path, *, search_only: bool) -> dict:
    path, meta = bench_unit.unit(args.cache_dir, size, seed=args.seed, orgs=args.orgs)
    work_dir = directory / str(size)
    work_dir.mkdir()
    work = work_dir / "bench.db"
    shutil.copyfile(path, work)
    url = f"sqlite:///{work}"
    print(f"[bench] {size}: unit {'cached' if meta['cached'] else 'built'} ({path.name})")
    result = {"unit": meta, "search_only": search_only}
    if args.skip_reindex:
        result["reindex"] = {"completed": False, "stopped": "skipped (--skip-reindex)"}
    else:
        result["reindex"] = reindex(
            url, work, timeout=args.reindex_timeout, wal_cap=args.wal_cap_mib * 2**20
        )
        print(f"[bench] {size}: reindex {result['reindex']}")
    servers = start_servers(url, work, args.threads, work_dir, baselines=not search_only)
    try:
        result["servers"] = sorted(servers)
        page_list = pages(meta, search_only=search_only)
        result["same_json"] = same_json(servers, page_list)
        result["pages"] = measure(servers, page_list, args)
        result["memory"] = {name: s.memory() for name, s in servers.items()}
        if not search_only:
            result["search_check"] = search_check(servers["dangwu"].base, work)
    finally:
        for server in servers.values():
            server.stop()
    shutil.rmtree(work_dir, ignore_errors=True)
    return result


def supervision(args, directory: Path) -> dict:
    """``bench_supervision.py``'s figures: its JSON where it writes one (--json), else its text."""
    script = HERE / "bench_supervision.py"
    help_text = subprocess.run(
        [sys.executable, str(script), "--help"], capture_output=True, text=True, check=False
    ).stdout
    command = [sys.executable, str(script), "--orgs", str(args.supervision_orgs)]
    target = directory / "supervision.json"
    has_json = "--json" in help_text
    if has_json:
        command += ["--json", str(target)]
    completed = subprocess.run(command, capture_output=True, text=True, check=False)
    found = {
        "orgs": args.supervision_orgs,
        "returncode": completed.returncode,
        "stdout": completed.stdout.strip()[-3000:],
        "stderr": completed.stderr.strip()[-2000:],
        "json": None,
        "note": "" if has_json else "bench_supervision.py has no --json yet: its text only",
    }
    if has_json and target.exists():
        found["json"] = json.loads(target.read_text(encoding="utf-8"))
    return found


def _size(text: str) -> int:
    text = text.strip().lower()
    factor = {"k": 1000, "m": 1_000_000}.get(text[-1:], 1)
    return int(float(text.rstrip("km")) * factor)


def _sizes(text: str) -> list[int]:
    return [_size(t) for t in text.split(",") if t.strip()]


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sizes", type=_sizes, default=_sizes("10k,100k"), help="e.g. 10k,100k")
    p.add_argument("--search-sizes", type=_sizes, default=_sizes("1m"), help="search only")
    p.add_argument("--cache-dir", type=Path, default=Path(os.environ.get("TMPDIR", "/tmp")))
    p.add_argument("--seed", type=int, default=15)
    p.add_argument("--orgs", type=int, default=1000)
    p.add_argument("--threads", type=int, default=8, help="every server's threads")
    p.add_argument("--connections", type=int, default=8)
    p.add_argument("--duration", type=float, default=10, help="seconds of load per run")
    p.add_argument("--warmup", type=float, default=3, help="seconds of load before measuring")
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--client", choices=["auto", "wrk", "python"], default="auto")
    p.add_argument("--reindex-timeout", type=float, default=900)
    p.add_argument("--wal-cap-mib", type=int, default=4096, help="stop a reindex past it")
    p.add_argument("--skip-reindex", action="store_true")
    p.add_argument("--supervision-orgs", type=int, default=10_000)
    p.add_argument("--no-supervision", action="store_true")
    p.add_argument("--no-postgresql", action="store_true")
    p.add_argument("--json", type=Path, default=ROOT / "docs" / "performance.json")
    p.add_argument("--markdown", type=Path, default=ROOT / "docs" / "performance.md")
    return p


def _stop(signum, frame):
    raise SystemExit(128 + signum)  # the servers are stopped on the way out


def main(argv=None) -> int:
    args = parser().parse_args(argv)
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _stop)
    if args.client == "auto":
        args.client = "wrk" if loadgen.wrk_available() else "python"
    if args.client == "wrk":
        args.duration, args.warmup = max(1, round(args.duration)), round(args.warmup)
    results = {
        "started": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": performance.machine(),
        "versions": performance.versions(DATASETTE),
        "load_before": os.getloadavg(),
        "settings": {
            "client": args.client,
            "threads": args.threads,
            "connections": args.connections,
            "duration": args.duration,
            "warmup": args.warmup,
            "runs": args.runs,
            "seed": args.seed,
            "datasette": DATASETTE.exists(),
        },
        "sizes": {},
    }
    with tempfile.TemporaryDirectory(prefix="dangwu-bench-", dir=args.cache_dir) as directory:
        for size in args.sizes:
            results["sizes"][str(size)] = measure_size(
                size, args, Path(directory), search_only=False
            )
        for size in args.search_sizes:
            if size not in args.sizes:
                results["sizes"][str(size)] = measure_size(
                    size, args, Path(directory), search_only=True
                )
        if not args.no_supervision:
            results["supervision"] = supervision(args, Path(directory))
        if not args.no_postgresql and os.environ.get("TEST_POSTGRESQL_URL"):
            import bench_postgres

            results["postgresql"] = bench_postgres.run(args, Path(directory))
    results["load_after"] = os.getloadavg()
    results["finished"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    results["targets"] = performance.targets(results)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    args.markdown.write_text(performance.markdown(results), encoding="utf-8")
    print(f"[bench] wrote {args.json} and {args.markdown}")
    missed = [t for t in results["targets"] if t["status"] == "missed"]
    print(f"[bench] targets: {len(missed)} missed of {len(results['targets'])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
