"""The injectable clock: every date-dependent rule asks it, never ``datetime.now()``.

Timestamps are stored as naive UTC datetimes; dates that people reason about (due dates,
periods, deadlines, display windows) are local dates in the unit's time zone.

Tests and demos move time with :func:`use_clock`::

    with use_clock(FixedClock(datetime(2026, 10, 9, 1, 0, tzinfo=UTC))):
        ...
"""

from __future__ import annotations

import contextlib
import datetime as dt
from contextvars import ContextVar
from zoneinfo import ZoneInfo

UTC = dt.UTC
DEFAULT_TIMEZONE = "Asia/Shanghai"


class Clock:
    """The real clock."""

    def __init__(self, timezone: str = DEFAULT_TIMEZONE):
        self.tz = ZoneInfo(timezone)

    def now(self) -> dt.datetime:
        """The current instant, timezone-aware in UTC."""
        return dt.datetime.now(UTC)

    def utcnow(self) -> dt.datetime:
        """The current instant as a naive UTC datetime, as stored in the database."""
        return self.now().replace(tzinfo=None)

    def local_now(self) -> dt.datetime:
        return self.now().astimezone(self.tz)

    def today(self) -> dt.date:
        """Today's date in the unit's time zone."""
        return self.local_now().date()


class FixedClock(Clock):
    """A clock that stands still at ``instant`` until moved with :meth:`advance` or :meth:`set`."""

    def __init__(self, instant: dt.datetime, timezone: str = DEFAULT_TIMEZONE):
        super().__init__(timezone)
        self.set(instant)

    def set(self, instant: dt.datetime) -> None:
        if instant.tzinfo is None:
            instant = instant.replace(tzinfo=self.tz)
        self._instant = instant.astimezone(UTC)

    def advance(self, **delta: float) -> None:
        self._instant += dt.timedelta(**delta)

    def now(self) -> dt.datetime:
        return self._instant


# The process-wide clock (every thread sees it) and a per-context override for tests.
_process_clock: Clock = Clock()
_override: ContextVar[Clock | None] = ContextVar("dangwu_clock", default=None)


def get_clock() -> Clock:
    """The clock in effect: the override of :func:`use_clock`, else the process clock."""
    return _override.get() or _process_clock


def set_clock(clock: Clock) -> None:
    """Make ``clock`` the process clock (the unit sets one in its time zone when it starts)."""
    global _process_clock
    _process_clock = clock


@contextlib.contextmanager
def use_clock(clock: Clock):
    """Use ``clock`` in this context (thread or task) inside the ``with`` block."""
    token = _override.set(clock)
    try:
        yield clock
    finally:
        _override.reset(token)


def utcnow() -> dt.datetime:
    """Naive UTC now, from the clock in effect: the default of every timestamp column."""
    return get_clock().utcnow()


def today() -> dt.date:
    return get_clock().today()
