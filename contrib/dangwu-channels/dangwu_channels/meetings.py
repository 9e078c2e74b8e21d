"""会议、文件、简报: a record-only channel (003 §7: 适宜在党内公开的，通过有关会议、文件、简报…).

Nothing is sent: the office records where and when an item was read out at a meeting or
circulated as a document or briefing, and to whom (:class:`~dangwu_core.toolkit.ChannelRecord`),
as evidence for supervision and for the ledgers (台帐): :func:`ledger` is the register
``channel-records`` (党务公开会议文件简报记录簿) that the admin's 台帐 page offers.

A record names a channel the item's scope may go by (the channels' rule, ``check_fit``), a
day that has come, a place and an audience; recording is an audit event.
"""

from __future__ import annotations

import datetime as dt

from dangwu_core.toolkit import (
    ChannelRecord,
    Disclosure,
    Ledger,
    Organization,
    PermissionDenied,
    Person,
    ValidationError,
    allowed,
    atomic,
    organization_condition,
    record_event,
    today,
)
from dangwu_core.toolkit import subtree as subtree_of

#: The action that lets a person record an item's reading-out or circulation.
RECORD = "channels.record"
#: The channels recorded here (what is not sent but read out or handed round).
RECORDED = ("meeting", "document", "briefing", "official_letter", "interview", "hearing")
KEY = "channel-records"
TITLE = "党务公开会议文件简报记录簿"
HEADERS = ["序号", "日期", "形式", "会议或文件", "公开事项", "对象", "人数", "记录人", "备注"]


def record(
    unit,
    disclosure: Disclosure,
    person,
    *,
    channel: str,
    occurred_on: dt.date,
    place: str,
    audience: str,
    attendance: int | None = None,
    note: str = "",
) -> ChannelRecord:
    """Record that ``disclosure`` was read out or circulated on ``channel``.

    :raises PermissionDenied: ``person`` may not take :data:`RECORD` on its organization.
    :raises ValidationError: a channel not recorded here or not fit for the item's scope, a
        day still to come, no place or no audience, a negative attendance.
    """
    if not allowed(
        person, RECORD, disclosure.organization_id, permissions=unit.registry.permissions
    ):
        raise PermissionDenied("you may not record how this organization's items were disclosed")
    known = [c for c in RECORDED if c in unit.registry.channels]
    if channel not in known:
        raise ValidationError(f"channel must be one of {', '.join(known)}", "channel")
    unit.registry.channels.check_fit(disclosure.scope, [channel])
    if occurred_on > today():
        raise ValidationError(
            "a record is of what happened: the day is still to come", "occurred_on"
        )
    place, audience = (place or "").strip(), (audience or "").strip()
    if not place:
        raise ValidationError("say where it was read out or how it was circulated", "place")
    if not audience:
        raise ValidationError("say to whom it was read out or circulated", "audience")
    if attendance is not None and attendance < 0:
        raise ValidationError("attendance cannot be negative", "attendance")
    with atomic():
        entry = ChannelRecord.create(
            disclosure=disclosure,
            organization=disclosure.organization_id,
            channel=channel,
            occurred_on=occurred_on,
            place=place[:200],
            audience=audience[:2000],
            attendance=attendance,
            note=(note or "").strip()[:2000],
            recorded_by=person,
        )
        record_event(
            "channel.record",
            "disclosure",
            disclosure.id,
            actor=person,
            organization=disclosure.organization_id,
            payload={
                "channel_record": entry.id,
                "channel": channel,
                "occurred_on": occurred_on.isoformat(),
                "place": entry.place,
            },
        )
    return entry


def records(unit, person, *, limit: int = 100) -> list[ChannelRecord]:
    """The records of the organizations where ``person`` may take :data:`RECORD`, newest
    first."""
    return list(
        ChannelRecord.select(ChannelRecord, Disclosure, Organization)
        .join(Disclosure)
        .switch(ChannelRecord)
        .join(Organization, on=(ChannelRecord.organization == Organization.id))
        .where(
            organization_condition(
                person, RECORD, ChannelRecord.organization, permissions=unit.registry.permissions
            )
        )
        .order_by(ChannelRecord.occurred_on.desc(), ChannelRecord.id.desc())
        .limit(limit)
    )


def ledger(unit, organization: Organization, start, end, *, subtree=False, within=None):
    """党务公开会议文件简报记录簿: every record of the period (by the day it happened)."""
    ids = [o.id for o in subtree_of(organization)] if subtree else [organization.id]
    query = (
        ChannelRecord.select(ChannelRecord, Disclosure)
        .join(Disclosure)
        .where(
            ChannelRecord.organization.in_(ids)
            & (ChannelRecord.occurred_on >= start)
            & (ChannelRecord.occurred_on <= end)
        )
        .order_by(ChannelRecord.occurred_on, ChannelRecord.id)
    )
    if within is not None:
        query = query.where(ChannelRecord.organization.in_(within))
    labels = {c.name: c.label for c in unit.registry.channels}
    people = {
        p.id: p.name
        for p in Person.select(Person.id, Person.name).where(
            Person.id.in_({r.recorded_by_id for r in query} or {-1})
        )
    }
    book = Ledger(
        KEY, TITLE, organization, start, end, HEADERS, widths=[6, 12, 10, 28, 36, 30, 8, 10, 24]
    )
    for number, r in enumerate(query, start=1):
        book.rows.append(
            [
                number,
                r.occurred_on.isoformat(),
                labels.get(r.channel, r.channel),
                r.place,
                r.disclosure.title,
                r.audience,
                "" if r.attendance is None else r.attendance,
                people.get(r.recorded_by_id, ""),
                r.note,
            ]
        )
    return book
