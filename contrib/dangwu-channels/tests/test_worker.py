"""The worker as a real process: killed with SIGKILL in the middle of a batch it loses no
delivery and, the receiving platform honouring the idempotency key, delivers none twice; it
stops gracefully on SIGTERM after the delivery in hand; on SQLite a second worker says the
first holds the lock and exits non-zero; on PostgreSQL two workers deliver each message
exactly once (issue 17, done-when line 2)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from town import SECRET, publish

from dangwu_core.testing import postgres_url
from dangwu_core.toolkit import Delivery, DeliveryAttempt, Subscriber

DANGWU = str(Path(sys.executable).with_name("dangwu"))


def subscribe(ns, name="区政务公开平台"):
    return Subscriber.create(
        name=name, platform="government", url=ns.far["hook_url"], secret=SECRET
    )


def start_worker(ns, *options, **environment):
    env = {**os.environ, "PYTHONUNBUFFERED": "1", **environment}
    process = subprocess.Popen(
        [DANGWU, "--database", ns.url, "worker", "--idle", "0.1", *options],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    line = process.stderr.readline()
    assert "delivering" in line, line + process.stderr.read()
    return process


def states() -> Counter:
    return Counter(d.state for d in Delivery.select())


def wait_until_all_sent(total: int, processes, limit: float = 120.0) -> None:
    """Poll the database until every delivery is sent (a bound so a bug cannot hang the
    run; nothing asserts how long it took)."""
    deadline = time.monotonic() + limit
    while states()[("sent")] < total:
        for process in processes:
            assert process.poll() is None, process.stderr.read()
        assert time.monotonic() < deadline, f"not all sent: {states()}"
        time.sleep(0.1)


def stop(process) -> str:
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    return err


def test_kill_9_in_the_middle_of_a_batch_loses_nothing_and_delivers_nothing_twice(
    delivering, database_url
):
    """Issue 17: a worker killed (SIGKILL) while it sends the third delivery of its batch; a
    new worker takes over what was claimed and finishes; every delivery is sent, and the
    platform, which drops a second request with a key it has seen, applies each once."""
    ns = delivering(url=database_url)
    subscribe(ns)
    for number in range(6):
        publish(ns, f"第{number + 1}号公开事项")
    keys = {d.key for d in Delivery.select()}
    assert len(keys) == 6
    platform = ns.far["platform"]
    platform.hold_at = 3
    platform.hold.clear()

    # A short lease (1 s): on PostgreSQL, where other workers may run, what the killed worker
    # claimed waits for its lease to run out; on SQLite the next worker takes it at once.
    first = start_worker(ns, "--batch", "5", DANGWU_OUTBOX__LEASE_SECONDS="1")
    assert platform.held.wait(60), "the worker never reached the third delivery"
    os.kill(first.pid, signal.SIGKILL)
    first.wait(timeout=60)
    platform.hold.set()
    assert states() == Counter({"sent": 2, "sending": 3, "pending": 1})

    second = start_worker(ns, "--batch", "5")
    wait_until_all_sent(6, [second])
    stop(second)

    received = Counter(platform.keys())
    assert set(received) == keys  # nothing lost
    twice = {k for k, n in received.items() if n > 1}
    held = platform.requests[2]["key"]
    assert twice <= {held}  # only the one in flight at the kill was resent, with its key
    applied = {r["key"] for r in platform.requests if r["signed"]}
    assert applied == keys  # the platform applies each key once
    attempts = list(
        DeliveryAttempt.select()
        .join(Delivery)
        .where(Delivery.key == held)
        .order_by(DeliveryAttempt.number)
    )
    assert [a.ok for a in attempts] == [None, True]  # the killed attempt is recorded, unfinished


def test_sigterm_finishes_the_delivery_in_hand_and_gives_back_the_rest(delivering, sqlite_url):
    ns = delivering(url=sqlite_url)
    subscribe(ns)
    for number in range(3):
        publish(ns, f"第{number + 1}号公开事项")
    platform = ns.far["platform"]
    platform.hold_at = 1
    platform.hold.clear()
    worker = start_worker(ns, "--batch", "3")
    assert platform.held.wait(60)
    worker.send_signal(signal.SIGTERM)
    time.sleep(0.2)  # the signal arrives while the request is in flight (not asserted on)
    platform.hold.set()
    _, err = worker.communicate(timeout=60)
    assert worker.returncode == 0 and "stopped" in err
    assert states() == Counter({"sent": 1, "pending": 2})
    assert DeliveryAttempt.select().count() == 1  # the two given back were never tried


def test_a_second_worker_on_sqlite_says_the_lock_is_held_and_exits_non_zero(delivering, sqlite_url):
    ns = delivering(url=sqlite_url)
    first = start_worker(ns)
    try:
        second = subprocess.run(
            [DANGWU, "--database", ns.url, "worker", "--once"],
            env=dict(os.environ),
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert second.returncode == 1
        assert "another worker" in second.stderr and f"pid {first.pid}" in second.stderr
        tick = subprocess.run(
            [DANGWU, "--database", ns.url, "tick"],
            env=dict(os.environ),
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert tick.returncode == 0, tick.stderr  # the tick leaves the sending to the worker
    finally:
        stop(first)


@pytest.mark.skipif(not postgres_url(), reason="PostgreSQL not provided (TEST_POSTGRESQL_URL)")
def test_two_workers_on_postgresql_deliver_each_message_exactly_once(delivering, database_url):
    """Issue 17: FOR UPDATE SKIP LOCKED: two workers at once never take the same delivery."""
    if not database_url.startswith("postgresql"):
        pytest.skip("several workers at once is PostgreSQL's")
    ns = delivering(url=database_url)
    for name in ("政务公开平台", "居务公开平台", "厂务公开平台"):
        subscribe(ns, name)
    for number in range(10):
        publish(ns, f"第{number + 1}号公开事项")
    total = Delivery.select().count()
    assert total == 30
    workers = [start_worker(ns, "--batch", "2"), start_worker(ns, "--batch", "2")]
    wait_until_all_sent(total, workers)
    for worker in workers:
        stop(worker)
    received = Counter(ns.far["platform"].keys())
    assert len(received) == total and set(received.values()) == {1}
    assert DeliveryAttempt.select().count() == total
