"""Core's due-date policy: a periodic item is due on the last working day of its period.

Registered ``trylast`` so any sector plugin answers first (003 §8(二) fixes the first Friday
of each month as a county's 党务公开日: a sector plugin says so in a few lines).

Provisional-ness is not part of the answer (the hook returns a plain date): the obligation
engine marks a due date provisional when the calendar has no official schedule for a year
between the period's start and the due date (``WorkCalendar.provisional_between``).
"""

from dangwu_core import hookimpl


@hookimpl(trylast=True)
def dangwu_due_date(item, period, calendar):
    return calendar.last_workday_on_or_before(period.end).date
