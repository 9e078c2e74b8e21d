"""党务公开日: monthly periodic items are due on the first Friday of their month (003 §8(二)).

003 §8(二): 定期公开……每月公开一次，将每月第一周星期五（即群众工作日）定为全县党务公开日.
Two things the sentence leaves open are decided here:

**Which Friday is "the Friday of the first week".** The first Friday whose date lies in the
month — always the 1st to the 7th. A month that starts on a Saturday (or Sunday) has no
Friday in its first calendar week; its first week of working days starts on the following
Monday, so its disclosure day is Friday the 7th (or the 6th). August 2026 starts on a
Saturday: 7 August. The day is never taken from the previous month.

**A disclosure day inside an official holiday.** The day moves to the first working day after
the holiday (顺延), as Chinese deadlines that end on a statutory holiday do; it never moves
back into the previous month. Working days are the unit's calendar's: the State Council
schedule, make-up working days (调休) included. 2 October 2026 lies inside National Day (1–7
October): due 8 October. 2 January 2026 lies inside New Year (1–3 January): due Sunday
4 January, a make-up working day. 1 May 2026 (Labour Day, 1–5 May): due 6 May.

**Which period's day.** The obligation of month M falls due on month M's disclosure day: the
month's routine work is put up on its 党务公开日.

**Other cadences.** 000 三's quarterly and half-yearly items (每季度或半年更换一次) and yearly
items name no day: they keep core's rule, the last working day of their period.

The rule applies to the monthly items of the catalogs listed in
``villages.disclosure_day_catalogs`` (the county standard by default) while
``villages.due_date_policy`` is ``disclosure_day``; everything else is left to core.
"""

from __future__ import annotations

import datetime as dt

from dangwu_core.toolkit import Cadence, TimeLimit

from .settings import DISCLOSURE_DAY, PERIOD_END

FRIDAY = 4


def first_friday(year: int, month: int) -> dt.date:
    """The first Friday dated in ``month`` (the 1st–7th): 每月第一周星期五."""
    first = dt.date(year, month, 1)
    return first + dt.timedelta(days=(FRIDAY - first.weekday()) % 7)


def disclosure_day(year: int, month: int, calendar) -> dt.date:
    """The month's 党务公开日: its first Friday, or the first working day after a holiday."""
    return calendar.next_workday_on_or_after(first_friday(year, month)).date


def applies(item, settings) -> bool:
    """True when ``item`` follows the disclosure day under the unit's settings."""
    policy = settings["villages.due_date_policy"]
    if policy not in (DISCLOSURE_DAY, PERIOD_END):
        raise ValueError(
            f"villages.due_date_policy is {policy!r}: use {DISCLOSURE_DAY!r} or {PERIOD_END!r}"
        )
    if policy != DISCLOSURE_DAY:
        return False
    if item.time_limit != TimeLimit.PERIODIC or item.cadence != Cadence.MONTHLY:
        return False
    catalog = getattr(item, "catalog", None)
    return getattr(catalog, "code", None) in settings["villages.disclosure_day_catalogs"]


def due_date(item, period, calendar, settings) -> dt.date | None:
    """The due date of a monthly item of a listed catalog; None for everything else."""
    if not applies(item, settings):
        return None
    return disclosure_day(period.start.year, period.start.month, calendar)
