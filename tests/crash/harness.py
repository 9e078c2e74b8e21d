"""Kill -9 the real ``dangwu`` command in the middle of an operation.

:func:`kill_during` starts ``dangwu ARGS...`` (the same ``dangwu_core.cli.main`` as the
console script, in a fresh interpreter) with a crash point armed (:mod:`.crashpoint`): the
n-th call of a named function stops the command, inside its transaction, and says so on
stderr; the harness then sends SIGKILL, waits for the process to die and returns. The test
then checks that the database is consistent, that nothing is half visible through the
services, and that ``dangwu audit verify`` passes.

A new crash test is a few lines: pick the function the operation calls in the middle of its
work (an audit record, a delivery write, a file step) and assert what must hold after
(the names below are illustrative: those issues will name their own functions)::

    # issue 17: a publication with its outbox
    kill_during(url, "crashtest-fire", str(d.id), "publish", "lixy",
                target="dangwu_core.channels.enqueue_delivery", nth=1)
    # issue 21: an archive export
    kill_during(url, "archive", "export", "2026", str(out),
                target="dangwu_core.archive._write_bag_file", nth=3)
    assert_consistent(url)

``after=True`` stops right after the call returns instead of before it.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from .crashpoint import ENV, MARKER

HERE = Path(__file__).parent
BOOT = (
    f"import sys; sys.path.insert(0, {str(HERE)!r}); import crashpoint; crashpoint.arm(); "
    "crashpoint.register_test_commands(); from dangwu_core.cli import main; main(sys.argv[1:])"
)


def environment(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DANGWU_")}
    env.update(extra)
    return env


def dangwu(url: str, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run ``dangwu --database URL ARGS...`` to its end (crash point disarmed)."""
    return subprocess.run(
        [sys.executable, "-c", BOOT, "--database", url, *args],
        cwd=cwd,
        env=environment(),
        capture_output=True,
        text=True,
        timeout=300,
        stdin=subprocess.DEVNULL,
    )


def kill_during(
    url: str,
    *args: str,
    target: str,
    nth: int = 1,
    match: str | None = None,
    after: bool = False,
    cwd: Path | None = None,
    timeout: float = 180,
) -> str:
    """Run ``dangwu --database URL ARGS...``, SIGKILL it at the crash point; return its
    stderr up to the marker.

    :raises AssertionError: the command ended (or timed out) before reaching the point.
    """
    spec = {"target": target, "nth": nth, "match": match, "after": after}
    process = subprocess.Popen(
        [sys.executable, "-c", BOOT, "--database", url, *args],
        cwd=cwd,
        env=environment(**{ENV: json.dumps(spec)}),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: list[str] = []
    reached = threading.Event()

    def read() -> None:
        for line in process.stderr:
            lines.append(line)
            if line.startswith(MARKER):
                reached.set()
                return

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    deadline = time.monotonic() + timeout
    while not reached.is_set() and process.poll() is None and time.monotonic() < deadline:
        reached.wait(0.05)
    if not reached.is_set():
        process.kill()
        process.wait()
        reader.join(5)
        raise AssertionError(
            f"dangwu {' '.join(args)} did not reach {target} (call {nth}); exit "
            f"{process.returncode}:\n{''.join(lines)}"
        )
    os.kill(process.pid, signal.SIGKILL)
    assert process.wait(30) == -signal.SIGKILL
    process.stderr.close()
    return "".join(lines)


def assert_audit_intact(url: str) -> None:
    result = dangwu(url, "audit", "verify")
    assert result.returncode == 0 and "intact" in result.stdout, (result.stdout, result.stderr)
