"""The audit trail: append-only, hash-chained events, and their verification.

Every state change in dangwu calls :func:`record` inside the transaction that makes the
change, so the change and its event commit together or not at all. Each event stores the hash
of the one before it and a hash of its own content; the hash of the newest event is also kept
in ``unit_state`` (``audit.head``), so removing the newest rows is detected as well.
Nothing in dangwu updates or deletes an Event.

Plugins read events through :func:`event_record` (one event) and :func:`events_of` (an
object's events): an :class:`EventRecord` has documented fields (the transition, the review
findings, the collective decision...), so no plugin parses the stored payload.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import peewee

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


# --- Reading events: the documented shape plugins rely on -----------------------------------


@dataclass(frozen=True)
class ReviewFinding:
    """One aspect of a review (审核, 004 五(二)): ``necessity``, ``accuracy``, ``legality`` or
    ``secrecy``; whether it passed, and the reviewer's opinion."""

    aspect: str
    passed: bool
    opinion: str


@dataclass(frozen=True)
class CollectiveDecision:
    """The collective decision recorded for an important item (004 五(三)): the meeting, its
    date (ISO ``YYYY-MM-DD``, as entered) and what it decided."""

    meeting: str
    date: str
    decision: str


@dataclass(frozen=True)
class EventRecord:
    """One audit event as a plugin reads it; built by :func:`event_record`.

    :ivar id: the event's id (its place in the chain).
    :ivar action: what happened, ``<subject>.<verb>`` (``disclosure.publish``,
        ``organization.create``, a plugin's ``myplugin.disclose_at_member``...).
    :ivar subject_type: the kind of object (``disclosure``, ``organization``...).
    :ivar subject_id: its id, or None.
    :ivar at: when, an aware UTC ``datetime`` (convert with the unit's time zone to show it).
    :ivar actor_id: who (a Person id), or None when the unit itself acted.
    :ivar actor_name: their name, or ``""``.
    :ivar organization_id: the organization the event belongs to, or None.
    :ivar from_state: the workflow state before (``""`` for events that are no transition).
    :ivar to_state: the workflow state after (``""`` likewise).
    :ivar reason: the comment, opinion or reason given (``""`` if none).
    :ivar transition: the workflow transition fired (``""`` if the event is no transition).
    :ivar workflow: the workflow definition's name (``""`` if no transition).
    :ivar system: who fired a transition as the unit itself (``"dangwu tick"``), else ``""``.
    :ivar findings: the review findings recorded with a review transition, by aspect (empty
        when none were recorded).
    :ivar collective_decision: the collective decision recorded with an approval, or None.
    :ivar payload: the whole stored payload, read-only (a plugin's own events keep their
        fields here; core's fields above are the documented way to read core's).
    """

    id: int
    action: str
    subject_type: str
    subject_id: int | None
    at: dt.datetime
    actor_id: int | None
    actor_name: str
    organization_id: int | None
    from_state: str
    to_state: str
    reason: str
    transition: str
    workflow: str
    system: str
    findings: Mapping[str, ReviewFinding]
    collective_decision: CollectiveDecision | None
    payload: Mapping[str, Any]

    @property
    def is_transition(self) -> bool:
        """Whether the event recorded a workflow transition."""
        return bool(self.transition)


def _findings(raw: Any) -> dict[str, ReviewFinding]:
    if not isinstance(raw, Mapping):
        return {}
    out = {}
    for aspect, value in raw.items():
        if isinstance(value, str):  # recorded as a bare opinion: it passed
            value = {"passed": True, "opinion": value}
        if isinstance(value, Mapping):
            out[str(aspect)] = ReviewFinding(
                str(aspect), bool(value.get("passed", True)), str(value.get("opinion", ""))
            )
    return out


def _decision(raw: Any) -> CollectiveDecision | None:
    if not isinstance(raw, Mapping):
        return None
    return CollectiveDecision(
        str(raw.get("meeting", "")), str(raw.get("date", "")), str(raw.get("decision", ""))
    )


def event_record(event: Event) -> EventRecord:
    """The documented, read-only view of ``event`` (an :class:`~dangwu_core.models.Event`).

    Plugins read core's events through this rather than through ``event.payload``: the stored
    payload may change between releases, these fields keep their meaning. Reading
    ``actor_name`` loads the actor unless it was selected with the event (:func:`events_of`
    does).
    """
    payload = dict(event.payload or {})
    at = event.at
    if isinstance(at, dt.datetime):
        at = at.replace(tzinfo=dt.UTC) if at.tzinfo is None else at.astimezone(dt.UTC)
    actor_name = ""
    if event.actor_id is not None:
        actor_name = event.actor.name
    return EventRecord(
        id=event.id,
        action=event.action,
        subject_type=event.subject_type,
        subject_id=event.subject_id,
        at=at,
        actor_id=event.actor_id,
        actor_name=actor_name,
        organization_id=event.organization_id,
        from_state=event.from_state or "",
        to_state=event.to_state or "",
        reason=event.reason or "",
        transition=str(payload.get("transition", "")),
        workflow=str(payload.get("workflow", "")),
        system=str(payload.get("system", "")),
        findings=MappingProxyType(_findings(payload.get("findings"))),
        collective_decision=_decision(payload.get("collective_decision")),
        payload=MappingProxyType(payload),
    )


def events_of(subject_type: str, subject_id: int) -> list[EventRecord]:
    """Every event of one object (``"disclosure"``, its id), oldest first, as records.

    One query: the actors are selected with the events.
    """
    query = (
        Event.select(Event, Person)
        .join(Person, peewee.JOIN.LEFT_OUTER, on=Event.actor)
        .where((Event.subject_type == subject_type) & (Event.subject_id == subject_id))
        .order_by(Event.at, Event.id)
    )
    return [event_record(event) for event in query]
