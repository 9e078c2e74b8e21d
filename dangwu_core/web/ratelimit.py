"""Rate limits for forms, submissions and logins, counted in the database.

Each (bucket, key) has one row of :class:`~dangwu_core.models.Throttle`: the attempts of its
current window. :func:`hit` counts one more attempt with a single upsert (``INSERT … ON
CONFLICT DO UPDATE``, atomic on SQLite and PostgreSQL) and answers whether it is allowed, so
every process and thread serving the unit shares one count. A window starts at the first
attempt and lasts its bucket's seconds; rows of ended windows are deleted lazily (at most once
a minute per process, :func:`purge`).

The key is the client's address (``request.remote_addr``: the real client once ProxyFix,
configured by the ``trusted_proxies`` setting, has read the proxy's headers); logins are also
limited per username (bucket ``login_account``), whoever asks, known or not. Limits can be
changed per app in ``app.config["DANGWU_RATE_LIMITS"]`` (bucket → (attempts, seconds)).
"""

from __future__ import annotations

import hashlib
import math
import time

from flask import current_app, request
from peewee import Case

from ..clock import UTC, utcnow
from ..db import atomic
from ..models import Throttle

#: bucket -> (attempts, per seconds)
DEFAULT_LIMITS: dict[str, tuple[int, int]] = {
    "feedback": (5, 600),
    "request": (5, 600),
    "receipt": (30, 600),
    "login": (20, 600),
    "login_account": (20, 600),
    "rating": (10, 600),
}
#: Seconds between two purges of ended windows (per process).
PURGE_EVERY = 60
KEY_LENGTH = 200


def _now() -> int:
    return math.floor(utcnow().replace(tzinfo=UTC).timestamp())


def stored_key(key: str) -> str:
    """``key`` as stored: itself when it is short printable text, else a digest of it (a
    username typed with a NUL or a lone surrogate is still counted, and refused by nothing)."""
    key = key or "-"
    if (
        len(key) <= KEY_LENGTH
        and key.isprintable()
        and not any(0xD800 <= ord(c) <= 0xDFFF for c in key)
    ):
        return key
    return "sha256:" + hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def hit(bucket: str, key: str, attempts: int, seconds: int) -> int:
    """Count one attempt of ``bucket`` by ``key``; 0 when allowed, else the seconds until
    the window ends (at least 1). Refused attempts count too, without moving the window."""
    now = _now()
    ends = now + seconds
    key = stored_key(key)
    ended = Throttle.window_ends <= now
    this = (Throttle.bucket == bucket) & (Throttle.key == key)
    with atomic():
        (
            Throttle.insert(bucket=bucket, key=key, hits=1, window_ends=ends)
            .on_conflict(
                conflict_target=[Throttle.bucket, Throttle.key],
                update={
                    # Both read the row as it was: a window that has ended starts again.
                    Throttle.hits: Case(None, [(ended, 1)], Throttle.hits + 1),
                    Throttle.window_ends: Case(None, [(ended, ends)], Throttle.window_ends),
                },
            )
            .execute()
        )
        hits, window_ends = (
            Throttle.select(Throttle.hits, Throttle.window_ends).where(this).scalar(as_tuple=True)
        )
    if hits <= attempts:
        return 0
    return max(window_ends - now, 1)


def purge(now: int | None = None) -> int:
    """Delete the rows of ended windows; return how many."""
    now = _now() if now is None else now
    return Throttle.delete().where(Throttle.window_ends <= now).execute()


def limit(bucket: str) -> tuple[int, int]:
    """(attempts, seconds) of ``bucket`` in this app."""
    limits = {**DEFAULT_LIMITS, **current_app.config.get("DANGWU_RATE_LIMITS", {})}
    return limits[bucket]


def retry_after(bucket: str, key: str | None = None) -> int:
    """0 when this request may go on; else the seconds the client should wait (answer 429).

    ``key`` defaults to the client's address.
    """
    state = current_app.extensions["dangwu_limiter"]
    if time.monotonic() - state["purged"] >= PURGE_EVERY:
        state["purged"] = time.monotonic()
        purge()
    attempts, seconds = limit(bucket)
    if key is None:
        key = request.remote_addr or "-"
    return hit(bucket, key, attempts, seconds)


def init_app(app) -> None:
    app.extensions["dangwu_limiter"] = {"purged": float("-inf")}
