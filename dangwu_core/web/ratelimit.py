"""A small in-process rate limiter for forms and submissions, keyed by client address.

A sliding window per (bucket, address): :func:`hit` answers whether one more attempt is
allowed. Good for one process (``dangwu serve`` runs one); a deployment with several
processes puts its reverse proxy's limiter in front as well. Limits can be changed per app
in ``app.config["DANGWU_RATE_LIMITS"]`` (bucket → (attempts, seconds)).
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict, deque

from flask import current_app, request

#: bucket -> (attempts, per seconds)
DEFAULT_LIMITS: dict[str, tuple[int, int]] = {
    "feedback": (5, 600),
    "request": (5, 600),
    "receipt": (30, 600),
    "login": (20, 600),
    "rating": (10, 600),
}


class Limiter:
    def __init__(self) -> None:
        self._hits: dict[tuple[str, str], deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def hit(self, bucket: str, key: str, attempts: int, seconds: int) -> float:
        """Record an attempt; return 0 when allowed, else the seconds until one is."""
        now = time.monotonic()
        with self._lock:
            window = self._hits[(bucket, key)]
            while window and window[0] <= now - seconds:
                window.popleft()
            if len(window) >= attempts:
                return max(window[0] + seconds - now, 1.0)
            window.append(now)
            return 0.0


def retry_after(bucket: str) -> int:
    """0 when this request may go on; else the seconds the client should wait (answer 429)."""
    limiter: Limiter = current_app.extensions["dangwu_limiter"]
    limits = {**DEFAULT_LIMITS, **current_app.config.get("DANGWU_RATE_LIMITS", {})}
    attempts, seconds = limits[bucket]
    return int(limiter.hit(bucket, request.remote_addr or "-", attempts, seconds) + 0.999)


def init_app(app) -> None:
    app.extensions["dangwu_limiter"] = Limiter()
