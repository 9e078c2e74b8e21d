"""提醒: the reminder outbox — enqueued by ``dangwu tick`` and demands, delivered by channels.

A :class:`~dangwu_core.models.Reminder` is one message for one person (or, when nobody holds
the role it is meant for, for the organization's office: ``recipient`` None). Enqueueing is
idempotent on the reminder's ``key`` (``INSERT … ON CONFLICT DO NOTHING``), so running the
tick again, or twice at once, queues nothing twice. A channel plugin (SMS, e-mail...) reads
:func:`pending` and calls :func:`mark_sent` or :func:`mark_failed` for each row it handled.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import peewee

from .clock import utcnow
from .models import (
    OrganizationClosure,
    Person,
    Reminder,
    ReminderStatus,
    RoleAssignment,
)

_CHUNK = 200


@dataclass
class Draft:
    """A reminder to enqueue: for ``recipient`` (a person id, or None for the office)."""

    kind: str
    organization: int
    subject_type: str
    subject_id: int | None
    message: str
    recipient: int | None = None
    due_on: dt.date | None = None
    payload: dict[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> str:
        due = self.due_on.isoformat() if self.due_on else "-"
        who = self.recipient if self.recipient is not None else "office"
        return f"{self.kind}:{self.subject_type}:{self.subject_id}:{who}:{due}"[:200]


def holders(organization: int, roles: Iterable[str], department: str = "") -> list[int]:
    """Ids of the people holding one of ``roles`` on ``organization`` (directly or reaching
    down from an ancestor). With ``department``, those acting for it when any does (谁承办谁
    提出), else all of them."""
    closure = OrganizationClosure
    rows = list(
        RoleAssignment.select(RoleAssignment.person, RoleAssignment.department)
        .join(closure, on=(closure.ancestor == RoleAssignment.organization))
        .where(
            (closure.descendant == organization)
            & ((closure.depth == 0) | RoleAssignment.reaches_down)
            & RoleAssignment.role.in_(list(roles))
        )
        .tuples()
    )
    matching = {p for p, d in rows if department and d == department}
    return sorted(matching or {p for p, _ in rows})


def fan_out(draft: Draft, people: Iterable[int]) -> list[Draft]:
    """One copy of ``draft`` per person; one for the office when there is nobody."""
    people = list(people)
    if not people:
        return [draft]
    return [Draft(**{**draft.__dict__, "recipient": person}) for person in people]


def enqueue(drafts: Iterable[Draft]) -> int:
    """Insert the reminders not queued yet (by key); return how many were new."""
    rows = [
        {
            "key": d.key,
            "kind": d.kind,
            "organization": d.organization,
            "recipient": d.recipient,
            "subject_type": d.subject_type,
            "subject_id": d.subject_id,
            "message": d.message,
            "payload": d.payload,
            "due_on": d.due_on,
            "status": ReminderStatus.PENDING.value,
            "channel": "",
            "created_at": utcnow(),
        }
        for d in drafts
    ]
    if not rows:
        return 0
    keys = [r["key"] for r in rows]
    before = _existing(keys)
    fresh = [r for r in {r["key"]: r for r in rows}.values() if r["key"] not in before]
    for chunk in peewee.chunked(fresh, _CHUNK):
        Reminder.insert_many(chunk).on_conflict_ignore().execute()
    return len(_existing(keys)) - len(before)


def _existing(keys: list[str]) -> set[str]:
    found: set[str] = set()
    for chunk in peewee.chunked(keys, _CHUNK):
        found.update(r.key for r in Reminder.select(Reminder.key).where(Reminder.key.in_(chunk)))
    return found


def pending(channel_limit: int = 500) -> list[Reminder]:
    """Reminders waiting for delivery, oldest first (for channel plugins)."""
    return list(
        Reminder.select()
        .where(Reminder.status == ReminderStatus.PENDING.value)
        .order_by(Reminder.created_at, Reminder.id)
        .limit(channel_limit)
    )


def mark_sent(reminder: Reminder, channel: str) -> None:
    Reminder.update(
        status=ReminderStatus.SENT.value,
        sent_at=utcnow(),
        channel=channel,
        attempts=Reminder.attempts + 1,
    ).where(Reminder.id == reminder.id).execute()


def mark_failed(reminder: Reminder, channel: str) -> None:
    Reminder.update(
        status=ReminderStatus.FAILED.value, channel=channel, attempts=Reminder.attempts + 1
    ).where(Reminder.id == reminder.id).execute()


def mark_sent_ids(ids: Iterable[int], channel: str) -> int:
    """Mark the reminders ``ids`` sent on ``channel`` (a digest carrying them went out)."""
    ids = [int(i) for i in ids]
    done = 0
    for chunk in peewee.chunked(ids, _CHUNK):
        done += (
            Reminder.update(
                status=ReminderStatus.SENT.value,
                sent_at=utcnow(),
                channel=channel,
                attempts=Reminder.attempts + 1,
            )
            .where(Reminder.id.in_(list(chunk)) & (Reminder.status == ReminderStatus.PENDING.value))
            .execute()
        )
    return done


def for_person(person: Person | int) -> peewee.ModelSelect:
    """A person's reminders, newest first."""
    return (
        Reminder.select()
        .where(Reminder.recipient == getattr(person, "id", person))
        .order_by(Reminder.created_at.desc(), Reminder.id.desc())
    )
