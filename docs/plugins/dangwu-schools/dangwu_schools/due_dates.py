"""A school works by terms: half-yearly items are due when the term ends, not on 30 June.

The spring term's items (the first half-year) are due on the last working day before
15 July; the autumn term's (the second half-year) on the last working day before 20 January
of the next year. Everything else is left to the next plugin, and in the end to core.
"""

import datetime as dt

from dangwu_core.toolkit import Cadence, TimeLimit


def term_end(period) -> dt.date:
    """The last day of the term that a half-year ``period`` stands for."""
    if period.start.month == 1:
        return dt.date(period.start.year, 7, 15)
    return dt.date(period.start.year + 1, 1, 20)


def due_date(item, period, calendar):
    if item.time_limit != TimeLimit.PERIODIC or item.cadence != Cadence.HALF_YEARLY:
        return None
    return calendar.last_workday_on_or_before(term_end(period)).date
