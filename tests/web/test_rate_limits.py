"""Rate limits counted in the database (issue 13, item 7): keyed on the client, shared by every
process serving the unit, atomic under concurrency on SQLite and PostgreSQL.

Item 7 was one visitor's five opinions blocking feedback for the whole public (behind the
shipped nginx every request came from one address): each client has its own count, and a
count lives in the database, not in one process's memory.
"""

from __future__ import annotations

import datetime as dt
import re
import threading

from dangwu_core.app import create_app
from dangwu_core.clock import FixedClock, use_clock
from dangwu_core.db import database
from dangwu_core.models import Feedback, Throttle
from dangwu_core.web import ratelimit

CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def _from(app, address: str):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def _opinion(client):
    token = CSRF.search(client.get("/org/TS/feedback").get_data(as_text=True)).group(1)
    return client.post(
        "/org/TS/feedback", data={"body": "意见", "anonymous": "y", "csrf_token": token}
    )


def test_one_clients_sixth_opinion_is_refused_and_another_client_is_not_blocked(app):
    attempts, _seconds = ratelimit.DEFAULT_LIMITS["feedback"]
    one, two = _from(app, "203.0.113.1"), _from(app, "203.0.113.2")
    before = Feedback.select().count()
    assert [_opinion(one).status_code for _ in range(attempts)] == [201] * attempts
    refused = _opinion(one)
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    assert _opinion(two).status_code == 201
    assert Feedback.select().count() - before == attempts + 1


def test_the_count_is_shared_by_every_process_serving_the_unit(demo):
    """Two applications on one database (two processes of a deployment) share one count."""
    first, second = create_app(unit=demo), create_app(unit=demo)
    for app in (first, second):
        app.config["TESTING"] = True
        app.config["DANGWU_RATE_LIMITS"] = {"feedback": (2, 600)}
    assert _opinion(_from(first, "203.0.113.1")).status_code == 201
    assert _opinion(_from(second, "203.0.113.1")).status_code == 201
    assert _opinion(_from(first, "203.0.113.1")).status_code == 429
    assert _opinion(_from(second, "203.0.113.1")).status_code == 429
    assert _opinion(_from(second, "203.0.113.7")).status_code == 201


def test_concurrent_attempts_are_each_counted(any_unit):
    """Sixteen threads (each its own connection) at once: exactly the limit gets through."""
    results: list[int] = []
    barrier = threading.Barrier(16)

    def attempt() -> None:
        try:
            barrier.wait(timeout=60)
            results.append(ratelimit.hit("feedback", "203.0.113.1", 5, 600))
        finally:
            database.close()

    threads = [threading.Thread(target=attempt) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert len(results) == 16
    assert results.count(0) == 5 and all(0 < wait <= 600 for wait in results if wait)
    row = Throttle.get((Throttle.bucket == "feedback") & (Throttle.key == "203.0.113.1"))
    assert row.hits == 16


def test_a_window_ends_and_ended_windows_are_purged(any_unit):
    start = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    clock = FixedClock(start)
    with use_clock(clock):
        assert [ratelimit.hit("request", "a", 2, 60) for _ in range(2)] == [0, 0]
        assert ratelimit.hit("request", "a", 2, 60) == 60
        clock.advance(seconds=45)
        assert ratelimit.hit("request", "a", 2, 60) == 15  # the window does not move
        assert ratelimit.hit("request", "b", 2, 600) == 0
        clock.advance(seconds=15)
        assert ratelimit.hit("request", "a", 2, 60) == 0  # a new window
        clock.advance(seconds=60)
        assert ratelimit.purge() == 1  # a's window has ended, b's has not
        assert [(t.bucket, t.key) for t in Throttle.select()] == [("request", "b")]
