"""The audit trail: append-only, hash-chained events, and their verification.

Every state change in dangwu calls :func:`record` inside the transaction that makes the
change, so the change and its event commit together or not at all. Each event stores the hash
of the one before it and a hash of its own content; the hash of the newest event is also kept
in ``unit_state`` (``audit.head``), so removing the newest rows is detected as well.
Nothing in dangwu updates or deletes an Event.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from .db import atomic, database, is_postgres
from .models import Event, Organization, Person, UnitState

GENESIS = "0" * 64
HEAD_KEY = "audit.head"
_PG_LOCK_KEY = 0x64616E67  # 'dang': serializes appends to the chain on PostgreSQL


def _canonical(event: Event, prev_hash: str) -> bytes:
    at = event.at
    if isinstance(at, dt.datetime):
        at = at.replace(tzinfo=None).isoformat(timespec="microseconds")
    content = {
        "prev": prev_hash,
        "at": str(at),
        "actor": event.actor_id,
        "organization": event.organization_id,
        "subject_type": event.subject_type,
        "subject_id": event.subject_id,
        "action": event.action,
        "from": event.from_state,
        "to": event.to_state,
        "reason": event.reason,
        "payload": event.payload,
    }
    return json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def compute_hash(event: Event, prev_hash: str) -> str:
    return hashlib.sha256(_canonical(event, prev_hash)).hexdigest()


def _id(obj: Any) -> int | None:
    return getattr(obj, "id", obj)


def record(
    action: str,
    subject_type: str,
    subject_id: int | None = None,
    *,
    actor: Person | int | None = None,
    organization: Organization | int | None = None,
    from_state: str = "",
    to_state: str = "",
    reason: str = "",
    payload: dict | None = None,
) -> Event:
    """Append one event to the chain (inside the caller's transaction) and return it."""
    with atomic():
        if is_postgres():
            database.execute_sql("SELECT pg_advisory_xact_lock(%s)", (_PG_LOCK_KEY,))
        head = UnitState.get_or_none(UnitState.key == HEAD_KEY)
        prev_hash = head.value["hash"] if head and head.value else GENESIS
        event = Event(
            actor=_id(actor),
            organization=_id(organization),
            subject_type=subject_type,
            subject_id=subject_id,
            action=action,
            from_state=from_state or "",
            to_state=to_state or "",
            reason=reason or "",
            payload=payload or {},
            prev_hash=prev_hash,
        )
        event.hash = compute_hash(event, prev_hash)
        event.save(force_insert=True)
        value = {"id": event.id, "hash": event.hash}
        if head is None:
            UnitState.create(key=HEAD_KEY, value=value)
        else:
            UnitState.update(value=value).where(UnitState.key == HEAD_KEY).execute()
        return event


@dataclass(frozen=True)
class Problem:
    """One break in the chain: the event id where it shows, and what is wrong."""

    event_id: int | None
    message: str

    def __str__(self) -> str:
        where = f"event #{self.event_id}" if self.event_id is not None else "audit trail"
        return f"{where}: {self.message}"


def verify() -> list[Problem]:
    """Walk the whole chain; return every problem found (an empty list means intact).

    Ids may have gaps (PostgreSQL's sequences skip the ids of rolled-back inserts): the
    chain is followed by ``prev_hash``, not by id. An event whose ``prev_hash`` names an
    earlier event than the one before it shows that the events in between were inserted;
    one whose ``prev_hash`` names no event at all shows that its predecessor was deleted.
    """
    problems: list[Problem] = []
    prev_hash = GENESIS
    prev_id = 0
    last: Event | None = None
    seen: dict[str, int] = {GENESIS: 0}  # hash -> id of every event walked so far
    walked: list[int] = []
    for event in Event.select().order_by(Event.id).iterator():
        if event.prev_hash != prev_hash:
            if event.prev_hash in seen:
                after = seen[event.prev_hash]
                for inserted in (i for i in walked if i > after):
                    problems.append(
                        Problem(
                            inserted,
                            f"it was inserted into the chain (event #{event.id} follows "
                            f"{f'#{after}' if after else 'the start of the chain'} directly)",
                        )
                    )
            elif prev_id:
                problems.append(
                    Problem(event.id, f"the event(s) before it (after #{prev_id}) were deleted")
                )
            else:
                problems.append(Problem(event.id, "the oldest event(s) before it were deleted"))
        if compute_hash(event, event.prev_hash) != event.hash:
            problems.append(Problem(event.id, "its content was changed after it was recorded"))
        seen.setdefault(event.hash, event.id)
        walked.append(event.id)
        prev_hash, prev_id, last = event.hash, event.id, event
    head = UnitState.get_or_none(UnitState.key == HEAD_KEY)
    head_value = head.value if head else None
    if head_value and (last is None or head_value["hash"] != last.hash):
        if head_value["hash"] in seen:
            head_id = seen[head_value["hash"]]
            for appended in (i for i in walked if i > head_id):
                problems.append(
                    Problem(appended, f"it was appended outside dangwu (after #{head_id})")
                )
        else:
            problems.append(
                Problem(None, f"the newest events (up to #{head_value['id']}) were deleted")
            )
    elif head_value is None and last is not None:
        problems.append(Problem(None, "the chain's head record is missing"))
    return problems
