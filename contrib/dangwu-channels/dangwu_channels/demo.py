"""The channels' part of any demo unit (the ``dangwu_on_demo_built`` hook): a 公开栏 sheet
posted and taken down, one posted and still up past its taking-down day (it waits on the
工作台), the current month's posted, an e-screen, and a meeting record.

It works on whichever sector's demo was built: it picks the organization with the most public
items on the portal, and people who may act there (the permission registry decides).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from dangwu_core.toolkit import Disclosure, Person, Scope, allowed, current_version, today

from . import board, kiosk, meetings

#: The demo screen's token (a known address, as the demo's passwords are known):
#: /channels/screen/dws_demo-screen/
DEMO_SCREEN_TOKEN = kiosk.PREFIX + "demo-screen"


def _someone(unit, action: str, organization) -> Person | None:
    for person in Person.select().order_by(Person.id):
        if allowed(person, action, organization, permissions=unit.registry.permissions):
            return person
    return None


def add(unit, builder) -> None:
    public = list(unit.listed_disclosures(None).order_by(Disclosure.published_at))
    if not public:
        return
    counts = Counter(d.organization_id for d in public)
    organization_id = counts.most_common(1)[0][0]
    items = [d for d in public if d.organization_id == organization_id]
    organization = items[0].organization
    poster = _someone(unit, board.POST, organization)
    if poster is not None:
        months = sorted({d.published_at.date().replace(day=1) for d in items if d.published_at})
        now = today()
        for number, first in enumerate(months[-3:]):
            day = board.the_day(unit, organization, first)
            posted_on = max(min(day, now), first)
            with builder.on(posted_on):
                if not board.sheet_items(unit, organization, first):
                    continue
                posting = board.post(unit, organization, first, poster, note="村（社区）党务公开栏")
            if number == 0 and posting.take_down_due <= now:
                with builder.on(posting.take_down_due):
                    board.take_down(unit, posting, poster)
    manager = _someone(unit, kiosk.MANAGE, organization)
    if manager is not None:
        kiosk.issue(unit, organization, "党群服务中心大厅触摸屏", manager, secret=DEMO_SCREEN_TOKEN)
    recorder = _someone(unit, meetings.RECORD, organization)
    inside = (
        list(
            Disclosure.select()
            .where(
                (Disclosure.organization == organization.id)
                & (Disclosure.scope != Scope.PUBLIC.value)
                & Disclosure.published_at.is_null(False)
            )
            .order_by(Disclosure.published_at)
            .limit(1)
        )
        or items[:1]
    )
    if recorder is not None and inside:
        item = inside[0]
        channel = "meeting" if item.scope != Scope.SPECIFIC.value else "interview"
        if item.scope == Scope.PUBLIC.value:
            channel = "hearing"
        on = max(item.published_at.date(), dt.date(today().year, 1, 1))
        with builder.on(min(on + dt.timedelta(days=2), today())):
            meetings.record(
                unit,
                item,
                recorder,
                channel=channel,
                occurred_on=today(),
                place="支部党员大会（党员活动室）",
                audience="全体党员",
                attendance=23,
                note=f"宣读《{current_version(item).title}》",
            )
