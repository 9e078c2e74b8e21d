"""The worker: delivers the outbox (:mod:`dangwu_core.outbox`) until it is told to stop.

``dangwu worker`` runs :func:`run` (a long-running process; SIGTERM or SIGINT asks it to stop,
and it stops after the delivery in hand); ``dangwu tick`` runs one bounded :func:`tick_pass`.

On PostgreSQL any number of workers run at once: each claims disjoint rows with ``FOR UPDATE
SKIP LOCKED``. On SQLite one worker holds a lock: an exclusive ``flock`` on a file beside the
database (``<database>.worker-lock``), which the operating system releases when the process
ends however it ends, so a worker killed with SIGKILL never leaves a stale lock. A second
worker says who holds it and exits non-zero (:class:`WorkerBusy`); the tick's pass skips its
sending then (the worker is doing it).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import signal
import socket
import time
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from . import digests, outbox
from .db import database, is_postgres, sqlite_file
from .errors import DangwuError

if TYPE_CHECKING:
    from .context import UnitContext


class WorkerBusy(DangwuError):
    """Another worker holds the SQLite database's worker lock."""


@contextlib.contextmanager
def worker_lock() -> Iterator[None]:
    """Hold the SQLite database's worker lock for the block (nothing on PostgreSQL)."""
    path = None if is_postgres() else sqlite_file(database.obj)
    if path is None:
        yield
        return
    lock_path = path.with_name(path.name + ".worker-lock")
    handle = open(lock_path, "a+")  # noqa: SIM115 (held for the block)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise WorkerBusy(
                f"another worker ({holder}) is delivering this SQLite database's outbox; "
                "on SQLite one worker runs at a time"
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()} on {socket.gethostname()}")
        handle.flush()
        outbox.reclaim_orphans()  # nobody else runs: what is still 'sending' was a dead worker's
        yield
    finally:
        handle.close()


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def tick_pass(unit: UnitContext) -> outbox.PassReport | None:
    """The bounded pass of ``dangwu tick``: the reminder digests, then at most
    ``outbox.tick_batch`` deliveries; None when a worker holds the SQLite lock."""
    try:
        with worker_lock():
            digests.write_digests(unit)
            return outbox.run_pass(
                unit, int(unit.settings.get("outbox.tick_batch")), worker="tick:" + worker_name()
            )
    except WorkerBusy:
        return None


class Stop:
    """Set by SIGTERM/SIGINT: the worker finishes the delivery in hand and returns."""

    def __init__(self) -> None:
        self.requested = False

    def __call__(self) -> bool:
        return self.requested

    def request(self, signum=None, frame=None) -> None:
        self.requested = True

    @contextlib.contextmanager
    def on_signals(self) -> Iterator[Stop]:
        previous = {s: signal.signal(s, self.request) for s in (signal.SIGTERM, signal.SIGINT)}
        try:
            yield self
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)


def run(
    unit: UnitContext,
    *,
    batch: int = 10,
    idle_seconds: float = 2.0,
    once: bool = False,
    stop: Stop | None = None,
    report: Callable[[outbox.PassReport], None] | None = None,
    started: Callable[[], None] | None = None,
) -> None:
    """Deliver until stopped (or, with ``once``, until nothing is due).

    :param idle_seconds: the pause when nothing is due, spent in short sleeps so a stop
        request is seen at once.
    :param started: called once the worker holds its lock and starts delivering.
    :raises WorkerBusy: on SQLite, when another worker holds the lock.
    """
    stop = stop or Stop()
    name = worker_name()
    with worker_lock():
        if started is not None:
            started()
        while not stop():
            digests.write_digests(unit)
            done = outbox.run_pass(unit, 1000, worker=name, batch=batch, should_stop=stop)
            if report is not None and done.handled:
                report(done)
            if once and not done.handled:
                return
            if not done.handled:
                waited = 0.0
                while waited < idle_seconds and not stop():
                    time.sleep(0.1)
                    waited += 0.1
