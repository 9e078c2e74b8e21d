"""The processes of a soak run (:mod:`soak`): a throwaway database, the demo unit built by
``dangwu demo``, a real ``dangwu serve`` (waitress on 127.0.0.1, a free port), the background
commands that run beside it, and the server's memory read from ``/proc/PID/status``.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse, urlunparse

#: The ``dangwu`` command installed beside the interpreter running the soak.
_SCRIPT = Path(sys.executable).parent / "dangwu"
DANGWU = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "dangwu_core.cli"]
POSTGRES_URL_VARIABLE = "TEST_POSTGRESQL_URL"


@dataclass(frozen=True)
class Background:
    """A ``dangwu`` command run every ``every`` seconds beside the server while the load runs."""

    name: str
    arguments: tuple[str, ...]
    every: float


def background_commands(duration: float) -> list[Background]:
    """What runs beside the server: the tick (the cron job of a unit), and the delivery worker.

    Channels delivery (issue 17, the outbox) has no worker command yet. When it lands, its
    worker joins the soak by one line here, e.g.
    ``Background("delivery", ("deliver", "--once"), every=5)``; the soak then counts its runs
    and fails on any run that exits non-zero, as it does for the tick.
    """
    tick_every = 30.0 if duration >= 300 else max(duration / 3, 5.0)
    return [
        Background("tick", ("tick", "-q"), every=tick_every),
        # Background("delivery", ("deliver", "--once"), every=5),  # issue 17
    ]


def dangwu(url: str, *arguments: str, timeout: float = 600) -> subprocess.CompletedProcess:
    """Run ``dangwu --database URL ARGUMENTS…``; raise with its output when it fails."""
    result = subprocess.run(
        [*DANGWU, "--database", url, *arguments],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=_environment(),
    )
    if result.returncode != 0:
        raise RuntimeError(
            f"dangwu {' '.join(arguments)} exited {result.returncode}: "
            f"{(result.stderr or result.stdout).strip()[-2000:]}"
        )
    return result


def _environment() -> dict[str, str]:
    """The soak's processes read their settings from the command line only."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DANGWU_")}
    env["PYTHONUNBUFFERED"] = "1"
    return env


# --- the database ----------------------------------------------------------------------------


class Database:
    """A throwaway database for one run: a SQLite file in a temporary directory, or a fresh
    PostgreSQL database beside the one ``TEST_POSTGRESQL_URL`` names (dropped at the end)."""

    def __init__(self, backend: str):
        self.backend = backend
        self._tmp = tempfile.TemporaryDirectory(prefix="dangwu-soak-")
        self.directory = Path(self._tmp.name)
        self._admin = None
        self._name = ""
        if backend == "sqlite":
            self.url = f"sqlite:///{self.directory / 'soak.db'}"
        elif backend == "postgresql":
            import psycopg2

            server = os.environ.get(POSTGRES_URL_VARIABLE, "")
            if not server:
                raise RuntimeError(f"{POSTGRES_URL_VARIABLE} is not set")
            self._name = f"dangwu_soak_{uuid.uuid4().hex[:12]}"
            self._admin = psycopg2.connect(server)
            self._admin.autocommit = True
            with self._admin.cursor() as cursor:
                cursor.execute(f'CREATE DATABASE "{self._name}"')
            self.url = urlunparse(urlparse(server)._replace(path=f"/{self._name}"))
        else:
            raise ValueError(f"unknown backend {backend!r} (sqlite or postgresql)")

    def drop(self) -> None:
        if self._admin is not None:
            with self._admin.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{self._name}" WITH (FORCE)')
            self._admin.close()
            self._admin = None
        self._tmp.cleanup()


# --- the server ------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def rss_bytes(pid: int) -> int | None:
    """The resident memory of process ``pid`` (VmRSS of /proc/PID/status), None once gone."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except (FileNotFoundError, ProcessLookupError):
        return None
    return None


class Server:
    """``dangwu serve`` on 127.0.0.1 and a free port, its output in a log file."""

    def __init__(self, url: str, directory: Path, threads: int = 8):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = directory / "serve.log"
        self._log = open(self.log_path, "w", encoding="utf-8")  # noqa: SIM115 (closed in stop)
        command = [*DANGWU, "--database", url, "serve", "--host", "127.0.0.1"]
        self.process = subprocess.Popen(
            [*command, "--port", str(self.port), "--threads", str(threads)],
            stdout=self._log,
            stderr=subprocess.STDOUT,
            env=_environment(),
        )
        self.pid = self.process.pid

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"dangwu serve exited {self.process.returncode}: {self.log()}")
            try:
                with urllib.request.urlopen(self.base + "/", timeout=5) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.2)
        raise RuntimeError(f"dangwu serve did not answer within {timeout:.0f} s: {self.log()}")

    def log(self, tail: int | None = 3000) -> str:
        """What the server printed (its last ``tail`` characters; None: all of it)."""
        self._log.flush()
        text = self.log_path.read_text(encoding="utf-8", errors="replace")
        return text[-tail:] if tail else text

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=15)
        self._log.close()


# --- beside the server: background commands and the memory sampler -------------------------


@dataclass
class BackgroundRuns:
    runs: int = 0
    failures: list[str] = field(default_factory=list)


def run_background(
    url: str, command: Background, stop: threading.Event, record: BackgroundRuns
) -> None:
    """Run ``command`` every ``command.every`` seconds until ``stop`` is set."""
    while not stop.wait(command.every):
        try:
            dangwu(url, *command.arguments, timeout=300)
        except (RuntimeError, subprocess.TimeoutExpired) as exc:
            record.failures.append(str(exc)[-500:])
        record.runs += 1


def sample_rss(pid: int, started: float, stop: threading.Event, samples: list) -> None:
    """Append (seconds since ``started``, RSS bytes) every second until ``stop`` is set."""
    while True:
        rss = rss_bytes(pid)
        if rss is not None:
            samples.append((time.monotonic() - started, rss))
        if stop.wait(1.0):
            return
