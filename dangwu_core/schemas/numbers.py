"""Integers as the database holds them and as arguments arrive: the one parser and the bounds.

Every integer a request names (an id in ``?disclosure=`` or the admin's ``?id=``, a ``?page=``,
a ``?year=``, a ``lock_version`` in a JSON body) is read here, by :func:`parse_int` for query
and form arguments and by :class:`BoundedInteger` in marshmallow schemas:

* only ASCII digits count (``str.isdigit`` accepts ``²`` and ``١``, which ``int`` refuses or
  reads as another number; ``int`` also takes ``" 1_0 "``);
* every value stays inside the database's integer range (:data:`MAX_INT`, PostgreSQL's
  ``integer``; SQLite overflows past 2**63), so a 25-digit number is a refusal, not a crash;
* years stay inside :data:`YEARS`, the one range every surface accepts (``datetime`` refuses
  year 10000, and a report for year 99999 means nothing).
"""

from __future__ import annotations

import re

from marshmallow import fields, validate

#: The largest value of a database integer column (ids, lock versions, counters).
MAX_INT = 2**31 - 1
#: The years a request may name (periods, reports, dashboards): inclusive bounds.
MIN_YEAR, MAX_YEAR = 1900, 2999
YEARS = range(MIN_YEAR, MAX_YEAR + 1)

_DIGITS = re.compile(r"-?[0-9]{1,19}")


def parse_int(raw: object, low: int = 1, high: int = MAX_INT) -> int | None:
    """``raw`` (a query or form value) as an int in ``low..high``, or None when it is not one:
    not a string of ASCII digits (an optional leading ``-``), or out of range."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        value = raw
    elif isinstance(raw, str) and _DIGITS.fullmatch(raw):
        value = int(raw)
    else:
        return None
    return value if low <= value <= high else None


def range_message(low: int, high: int) -> str:
    return f"must be a whole number from {low} to {high} (ASCII digits)"


class BoundedInteger(fields.Integer):
    """An integer field bounded to ``low..high`` (by default 1 to :data:`MAX_INT`) whose text
    form is ASCII digits only; JSON numbers must be integers (``1e400`` and ``1.5`` refused)."""

    def __init__(self, low: int = 1, high: int = MAX_INT, **kwargs) -> None:
        kwargs.setdefault("validate", validate.Range(min=low, max=high))
        super().__init__(**kwargs)
        self.low, self.high = low, high

    def _validated(self, value):
        if isinstance(value, bool) or (isinstance(value, str) and not _DIGITS.fullmatch(value)):
            raise self.make_error("invalid")
        if isinstance(value, float) and not value.is_integer():
            raise self.make_error("invalid")
        return super()._validated(value)


def Id(**kwargs) -> BoundedInteger:
    """A database id: 1 to :data:`MAX_INT`."""
    return BoundedInteger(1, MAX_INT, **kwargs)


def Year(**kwargs) -> BoundedInteger:
    """A year inside :data:`YEARS`."""
    return BoundedInteger(MIN_YEAR, MAX_YEAR, **kwargs)
