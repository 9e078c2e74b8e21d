"""The load of ``make bench``: ``wrk`` when installed, else a small Python keep-alive client.

Both hold ``connections`` keep-alive connections to one URL for ``duration`` seconds and return
a :class:`Load`: requests, req/s, p50/p95/p99 latency, errors and the status codes seen.
``wrk`` (Debian package ``wrk``) is the instrument of the issue's table: a C load generator that
a Python client on the same two cores cannot match, so the report names the client used. The
Python client is the fallback and what the tiny version of ``make test`` runs (one thread per
connection, ``http.client``).
"""

from __future__ import annotations

import http.client
import json
import shutil
import statistics
import subprocess
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

#: wrk's Lua hooks: the status of every response, the percentiles as one JSON line at the end.
WRK_SCRIPT = r"""
local statuses = {}
response = function(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end
done = function(summary, latency, requests)
  local codes = {}
  for code, n in pairs(statuses) do codes[#codes + 1] = string.format('"%d": %d', code, n) end
  io.write(string.format(
    'BENCH-JSON {"requests": %d, "seconds": %f, "p50": %f, "p95": %f, "p99": %f, ' ..
    '"errors": %d, "statuses": {%s}}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1e3,
    latency:percentile(95) / 1e3, latency:percentile(99) / 1e3,
    summary.errors.connect + summary.errors.read + summary.errors.write +
    summary.errors.timeout, table.concat(codes, ", ")))
end
"""


@dataclass
class Load:
    """What one load run measured (latencies in milliseconds)."""

    client: str
    requests: int
    seconds: float
    p50: float
    p95: float
    p99: float
    errors: int
    statuses: dict = field(default_factory=dict)

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def as_dict(self) -> dict:
        return {**asdict(self), "rps": round(self.rps, 2)}


def wrk_available() -> bool:
    return shutil.which("wrk") is not None


def run(
    url: str,
    *,
    duration: float,
    connections: int = 8,
    headers: dict | None = None,
    client: str = "auto",
) -> Load:
    """Load ``url`` for ``duration`` seconds with ``connections`` keep-alive connections."""
    if client == "auto":
        client = "wrk" if wrk_available() else "python"
    if client == "wrk":
        return _wrk(url, duration, connections, headers or {})
    return _python(url, duration, connections, headers or {})


def _wrk(url: str, duration: float, connections: int, headers: dict) -> Load:
    with tempfile.TemporaryDirectory(prefix="dangwu-wrk-") as directory:
        script = Path(directory) / "report.lua"
        script.write_text(WRK_SCRIPT, encoding="utf-8")
        command = ["wrk", "--latency", "-t", str(min(2, connections)), "-c", str(connections)]
        command += ["-d", f"{max(1, round(duration))}s", "-s", str(script), "--timeout", "30s"]
        for name, value in headers.items():
            command += ["-H", f"{name}: {value}"]
        result = subprocess.run(
            [*command, url], capture_output=True, text=True, timeout=duration + 60, check=True
        )
    line = next(x for x in result.stdout.splitlines() if x.startswith("BENCH-JSON "))
    figures = json.loads(line.removeprefix("BENCH-JSON "))
    return Load(client="wrk", **figures)


def _python(url: str, duration: float, connections: int, headers: dict) -> Load:
    parts = urlsplit(url)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    latencies: list[list[float]] = [[] for _ in range(connections)]
    statuses: list[dict] = [{} for _ in range(connections)]
    errors = [0] * connections
    start = time.perf_counter()
    deadline = start + duration

    def worker(n: int) -> None:
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        while time.perf_counter() < deadline:
            began = time.perf_counter()
            try:
                connection.request("GET", target, headers=headers)
                response = connection.getresponse()
                response.read()
            except (OSError, http.client.HTTPException):
                errors[n] += 1
                connection.close()
                connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
                continue
            latencies[n].append((time.perf_counter() - began) * 1000)
            statuses[n][str(response.status)] = statuses[n].get(str(response.status), 0) + 1
        connection.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - start
    every = sorted(x for one in latencies for x in one)
    merged: dict[str, int] = {}
    for one in statuses:
        for code, n in one.items():
            merged[code] = merged.get(code, 0) + n
    return Load(
        client="python",
        requests=len(every),
        seconds=seconds,
        p50=_percentile(every, 50),
        p95=_percentile(every, 95),
        p99=_percentile(every, 99),
        errors=sum(errors),
        statuses=merged,
    )


def _percentile(values: list[float], percent: float) -> float:
    if not values:
        return 0.0
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(percent) - 1]


def fetch(url: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    """One GET: status, headers (lower-case names) and body."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
    try:
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        connection.request("GET", target, headers=headers or {})
        response = connection.getresponse()
        body = response.read()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, body
    finally:
        connection.close()
