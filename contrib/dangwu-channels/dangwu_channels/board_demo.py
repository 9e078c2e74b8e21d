"""The channels' part of any demo unit (the ``dangwu_on_demo_built`` hook): a 公开栏 sheet
posted on each disclosure day, those whose time is up taken down, the latest of them still up
past its taking-down day (it waits on the 工作台), an e-screen, and a meeting record.

It works on whichever sector's demo was built: it picks the organization with the most public
items on the portal, and people who may act there (the permission registry decides).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from dangwu_core.toolkit import Account, Disclosure, Person, Scope, allowed, current_version, today

from . import board, kiosk, meetings

#: The demo screen's token (a known address, as the demo's passwords are known):
#: /channels/screen/dws_demo-screen/
DEMO_SCREEN_TOKEN = kiosk.PREFIX + "demo-screen"


def _someone(unit, action: str, organization) -> Person | None:
    """The first person who may take ``action`` there by a role (the unit's superuser last)."""
    superusers = {a.person_id for a in Account.select().where(Account.is_superuser)}
    people = sorted(Person.select(), key=lambda p: (p.id in superusers, p.id))
    for person in people:
        if allowed(person, action, organization, permissions=unit.registry.permissions):
            return person
    return None


def _post_the_year(unit, builder, organization, items, poster) -> None:
    """A sheet posted on each month's disclosure day; those past their taking-down day taken
    down then, except the latest of them, still up and overdue (it waits on the 工作台)."""
    now = today()
    months = sorted({d.published_at.date().replace(day=1) for d in items if d.published_at})
    postings = []
    for first in months:
        day = board.the_day(unit, organization, first)
        with builder.on(max(min(day, now), first)):
            if board.sheet_items(unit, organization, first):
                postings.append(board.post(unit, organization, first, poster, note="党务公开栏"))
    due = [p for p in postings if p.take_down_due < now]
    for posting in due[:-1]:
        with builder.on(posting.take_down_due):
            board.take_down(unit, posting, poster)


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
        _post_the_year(unit, builder, organization, items, poster)
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
                place="党员大会（党员活动室）",
                audience="全体党员",
                attendance=23,
                note=f"宣读《{current_version(item).title}》",
            )
