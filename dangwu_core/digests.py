"""提醒汇总: the reminders of one person, one message a day, through the outbox.

``dangwu tick`` queues reminders (:mod:`dangwu_core.reminders`), one per obligation, request
or feedback and person. :func:`write_digests` (run by the worker and the tick's pass) gathers
each person's pending reminders into one delivery a day — on the first enabled sender that
can reach the person (``sender.address_of(person)``: an e-mail address, a mobile number) —
keyed ``digest:<person>:<day>``, so a second run the same day writes nothing. When the digest
is sent, its reminders are marked sent (:func:`dangwu_core.outbox.deliver`). Reminders for an
organization's office (no recipient) and for people no channel reaches stay pending, listed on
the person's 工作台 as before.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from . import outbox
from .clock import today
from .db import atomic
from .models import Person, Reminder, ReminderStatus
from .senders import DeliveryDraft, Sender

if TYPE_CHECKING:
    from .context import UnitContext

#: The most reminders one digest lists (the rest wait for the next day's).
DIGEST_SIZE = 50
SUBJECT = "reminder_digest"


def write_digests(unit: UnitContext, senders=None) -> int:
    """Write today's digest for every person with pending reminders; return how many.

    :param senders: the senders to reach people through, in order of preference; by default
        the unit's enabled ones.
    """
    if senders is None:
        senders = outbox.enabled_senders(unit)
    senders = [s for s in senders if _reaches_people(s)]
    if not senders:
        return 0
    day = today().isoformat()
    pending = (
        Reminder.select(
            Reminder.id,
            Reminder.recipient,
            Reminder.message,
            Reminder.kind,
            Reminder.organization,
            Reminder.due_on,
        )
        .where(
            (Reminder.status == ReminderStatus.PENDING.value) & Reminder.recipient.is_null(False)
        )
        .order_by(Reminder.recipient, Reminder.due_on, Reminder.id)
    )
    by_person: dict[int, list[Reminder]] = defaultdict(list)
    for reminder in pending:
        if len(by_person[reminder.recipient_id]) < DIGEST_SIZE:
            by_person[reminder.recipient_id].append(reminder)
    if not by_person:
        return 0
    keys = {person: f"digest:{person}:{day}" for person in by_person}
    done = outbox._existing(list(keys.values()))
    people = {
        p.id: p
        for p in Person.select().where(Person.id.in_([p for p in by_person if keys[p] not in done]))
    }
    written = 0
    with atomic():
        for person_id, person in people.items():
            for sender in senders:
                address = sender.address_of(person, unit.settings)
                if not address:
                    continue
                items = by_person[person_id]
                written += outbox.write(
                    sender.code,
                    [
                        DeliveryDraft(
                            key=keys[person_id],
                            kind="digest",
                            recipient=address,
                            person=person_id,
                            organization=items[0].organization_id,
                            subject_type=SUBJECT,
                            subject_id=person_id,
                            payload={
                                "day": day,
                                "name": person.name,
                                "reminders": [r.id for r in items],
                                "lines": [
                                    {
                                        "kind": r.kind,
                                        "message": r.message,
                                        "due_on": r.due_on.isoformat() if r.due_on else "",
                                    }
                                    for r in items
                                ],
                            },
                        )
                    ],
                )
                break
    return written


def _reaches_people(sender) -> bool:
    return getattr(type(sender), "address_of", None) not in (None, Sender.address_of)
