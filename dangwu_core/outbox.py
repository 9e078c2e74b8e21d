"""投递: the outbox — deliveries written with the step that causes them, sent by the worker.

Writing. A publishing, re-publishing, widening or withdrawing step (a transition of a kind in
:data:`DELIVERING_KINDS`) asks every enabled sender which deliveries it makes
(:func:`plan_transition`, called by the workflow engine inside the step's transaction) and
writes them (:func:`write`): once per key, so the same delivery is never written twice.

Sending. :func:`claim` takes due deliveries (pending, or ``sending`` whose lease ran out: a
worker died holding them) and marks them ``sending`` with a lease, one attempt row each, and
commits: on PostgreSQL with ``FOR UPDATE SKIP LOCKED``, so several workers claim disjoint rows.
:func:`deliver` calls the sender outside any transaction and records the outcome: ``sent``;
or, after a failure, ``pending`` again at ``now + backoff`` (exponential, with jitter), until
``outbox.max_attempts`` attempts make it ``dead`` (a dead letter, listed in the admin; a
:class:`~dangwu_core.senders.PermanentFailure` makes it dead at once). :func:`retry` puts a
dead letter back (an audit event). A worker killed between the send and the record leaves the
delivery ``sending``; it is claimed again when its lease runs out (at once by the next SQLite
worker, which holds the only lock) and resent with the same idempotency key, so a far end
that honours the key delivers it once.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import peewee

from . import access, audit, reminders
from .clock import utcnow
from .db import atomic, is_postgres
from .errors import NotFound, PermissionDenied, PluginError, ValidationError
from .models import Delivery, DeliveryAttempt, DeliveryState, Disclosure, Event, Person
from .models.kinds import TransitionKind
from .senders import Change, DeliveryDraft, PermanentFailure, Sender
from .settings import Setting

if TYPE_CHECKING:
    from .context import UnitContext

#: The kinds of step that make deliveries.
DELIVERING_KINDS = frozenset(
    {
        TransitionKind.PUBLISH,
        TransitionKind.REPUBLISH,
        TransitionKind.WIDEN,
        TransitionKind.WITHDRAW,
    }
)
#: The action (permission registry) that may put a dead letter back.
RETRY_ACTION = "delivery.retry"
_CHUNK = 200
_ERROR_CHARS = 2000


def _positive(value: int) -> str | None:
    return None if value >= 1 else "must be at least 1"


SETTINGS = (
    Setting(
        "outbox.max_attempts",
        5,
        "Attempts at one delivery before it becomes a dead letter (投递失败), shown in the "
        "admin with its last error and a retry button.",
        int,
        check=_positive,
    ),
    Setting(
        "outbox.backoff_seconds",
        30,
        "The wait after a delivery's first failure; each further failure doubles it "
        "(with jitter), up to outbox.backoff_max_seconds.",
        int,
        check=_positive,
    ),
    Setting(
        "outbox.backoff_max_seconds",
        6 * 3600,
        "The longest wait between two attempts at a delivery.",
        int,
        check=_positive,
    ),
    Setting(
        "outbox.lease_seconds",
        300,
        "How long a worker holds the deliveries it claimed; one still held after that (its "
        "worker died) is claimed again and resent with the same idempotency key.",
        int,
        check=_positive,
    ),
    Setting(
        "outbox.tick_batch",
        100,
        "The most deliveries one `dangwu tick` sends (the long-running `dangwu worker` sends "
        "the rest).",
        int,
        check=_positive,
    ),
)


# --- writing --------------------------------------------------------------------------


def write(channel: str, drafts: Iterable[DeliveryDraft]) -> int:
    """Write the deliveries of ``drafts`` for ``channel`` not written yet (by key); return
    how many were new. Runs inside the caller's transaction."""
    now = utcnow()
    rows = {}
    for d in drafts:
        if not d.key or not d.recipient:
            raise ValidationError(f"a {channel} delivery needs a key and a recipient", "delivery")
        rows[d.key[:200]] = {
            "key": d.key[:200],
            "channel": channel,
            "kind": d.kind,
            "recipient": d.recipient[:500],
            "person": d.person,
            "subscriber": d.subscriber,
            "organization": d.organization,
            "subject_type": d.subject_type,
            "subject_id": d.subject_id,
            "event_id": d.event_id,
            "payload": d.payload,
            "state": DeliveryState.PENDING.value,
            "attempts": 0,
            "next_attempt_at": now,
            "last_error": "",
            "created_at": now,
            "updated_at": now,
        }
    if not rows:
        return 0
    before = _existing(list(rows))
    fresh = [r for k, r in rows.items() if k not in before]
    for chunk in peewee.chunked(fresh, _CHUNK):
        Delivery.insert_many(chunk).on_conflict_ignore().execute()
    return len(fresh)


def _existing(keys: list[str]) -> set[str]:
    found: set[str] = set()
    for chunk in peewee.chunked(keys, _CHUNK):
        found.update(
            k for (k,) in Delivery.select(Delivery.key).where(Delivery.key.in_(chunk)).tuples()
        )
    return found


def enabled_senders(unit: UnitContext) -> list[Sender]:
    return [s for s in unit.registry.senders.values() if s.enabled(unit.settings)]


def plan_transition(
    unit: UnitContext, disclosure: Disclosure, kind: str, transition: str, event: Event
) -> int:
    """Write the deliveries a step of ``kind`` makes (none unless it is a delivering kind);
    called by the workflow engine inside the step's transaction. A sender that raises is named
    in a PluginError, and the step is not taken."""
    if kind not in DELIVERING_KINDS:
        return 0
    change = Change(
        unit=unit, disclosure=disclosure, kind=str(kind), transition=transition, event=event
    )
    written = 0
    for sender in enabled_senders(unit):
        try:
            drafts = list(sender.plan(change) or [])
        except Exception as exc:  # a plugin's bug: named, and the step rolls back
            raise PluginError(sender.code, "Sender.plan", f"{type(exc).__name__}: {exc}") from exc
        written += write(sender.code, drafts)
    return written


# --- sending --------------------------------------------------------------------------


@dataclass(frozen=True)
class Claimed:
    """A delivery a worker holds, and the number of its attempt."""

    delivery: Delivery
    number: int


def _setting(unit: UnitContext, name: str) -> int:
    return int(unit.settings.get(name))


def claim(unit: UnitContext, limit: int, worker: str = "") -> list[Claimed]:
    """Take up to ``limit`` due deliveries for ``worker``; commit; return them.

    Due: ``pending`` with ``next_attempt_at`` passed, or ``sending`` with its lease run out.
    On PostgreSQL the rows are locked ``FOR UPDATE SKIP LOCKED`` while they are marked, so two
    workers never take the same row.
    """
    now = utcnow()
    lease = dt.timedelta(seconds=_setting(unit, "outbox.lease_seconds"))
    claimed: list[Claimed] = []
    with atomic():
        query = (
            Delivery.select()
            .where(
                Delivery.state.in_([DeliveryState.PENDING.value, DeliveryState.SENDING.value])
                & (Delivery.next_attempt_at <= now)
            )
            .order_by(Delivery.next_attempt_at, Delivery.id)
            .limit(limit)
        )
        if is_postgres():
            query = query.for_update("FOR UPDATE SKIP LOCKED")
        for delivery in list(query):
            number = _next_attempt_number(delivery.id)
            Delivery.update(
                state=DeliveryState.SENDING.value,
                attempts=Delivery.attempts + 1,
                next_attempt_at=now + lease,
                updated_at=now,
            ).where(Delivery.id == delivery.id).execute()
            DeliveryAttempt.create(delivery=delivery.id, number=number, worker=worker[:100])
            delivery.state = DeliveryState.SENDING.value
            delivery.attempts += 1
            claimed.append(Claimed(delivery, number))
    return claimed


def _next_attempt_number(delivery_id: int) -> int:
    last = (
        DeliveryAttempt.select(peewee.fn.MAX(DeliveryAttempt.number))
        .where(DeliveryAttempt.delivery == delivery_id)
        .scalar()
    )
    return (last or 0) + 1


def backoff(unit: UnitContext, failures: int) -> dt.timedelta:
    """The wait after the ``failures``-th failure: doubling from ``outbox.backoff_seconds``,
    capped, with jitter (between half and all of it, so retries of many deliveries spread)."""
    base = _setting(unit, "outbox.backoff_seconds")
    cap = _setting(unit, "outbox.backoff_max_seconds")
    full = min(cap, base * 2 ** max(0, failures - 1))
    jitter = secrets.randbelow(1001) / 1000
    return dt.timedelta(seconds=full / 2 + jitter * full / 2)


def deliver(unit: UnitContext, claimed: Claimed) -> str:
    """Send one claimed delivery and record the outcome; return its new state."""
    delivery = claimed.delivery
    sender = unit.registry.senders.get(delivery.channel)
    error, response, permanent = "", "", False
    if sender is None:
        error, permanent = f"no sender for the channel {delivery.channel!r} is installed", True
    else:
        try:
            result = sender.send(delivery, unit.settings)
            response = str(getattr(result, "response", "") or "")
        except PermanentFailure as exc:
            error, permanent = f"{exc}" or type(exc).__name__, True
        except Exception as exc:  # any failure of the far end is retried
            error = f"{type(exc).__name__}: {exc}"
    return record(unit, claimed, error, response, permanent=permanent)


def record(
    unit: UnitContext, claimed: Claimed, error: str = "", response: str = "", *, permanent=False
) -> str:
    """Record the outcome of a claimed delivery's attempt (``error`` empty: delivered);
    return its new state. :func:`deliver` calls it with what the sender did; a demo calls it
    with the outcome it tells."""
    delivery, number = claimed.delivery, claimed.number
    error, response = error[:_ERROR_CHARS], response[:_ERROR_CHARS]
    now = utcnow()
    ours = (Delivery.id == delivery.id) & (Delivery.state == DeliveryState.SENDING.value)
    with atomic():
        DeliveryAttempt.update(finished_at=now, ok=not error, error=error, response=response).where(
            (DeliveryAttempt.delivery == delivery.id) & (DeliveryAttempt.number == number)
        ).execute()
        if not error:
            state = DeliveryState.SENT.value
            Delivery.update(state=state, sent_at=now, last_error="", updated_at=now).where(
                ours
            ).execute()
            _after_sent(delivery)
        elif permanent or delivery.attempts >= _setting(unit, "outbox.max_attempts"):
            state = DeliveryState.DEAD.value
            Delivery.update(state=state, last_error=error, updated_at=now).where(ours).execute()
        else:
            state = DeliveryState.PENDING.value
            Delivery.update(
                state=state,
                last_error=error,
                next_attempt_at=now + backoff(unit, delivery.attempts),
                updated_at=now,
            ).where(ours).execute()
    delivery.state = state
    return state


def _after_sent(delivery: Delivery) -> None:
    """A reminder digest that went out marks its reminders sent."""
    ids = delivery.payload.get("reminders") if delivery.subject_type == "reminder_digest" else None
    if ids:
        reminders.mark_sent_ids(ids, delivery.channel)


@dataclass
class PassReport:
    sent: int = 0
    retrying: int = 0
    dead: int = 0

    @property
    def handled(self) -> int:
        return self.sent + self.retrying + self.dead


def run_pass(
    unit: UnitContext, limit: int, worker: str = "", batch: int = 10, should_stop=None
) -> PassReport:
    """Claim and deliver up to ``limit`` due deliveries, ``batch`` at a time; stop early when
    ``should_stop()`` answers True (after the delivery in hand)."""
    report = PassReport()
    while report.handled < limit and not (should_stop and should_stop()):
        claimed = claim(unit, min(batch, limit - report.handled), worker)
        if not claimed:
            break
        for index, item in enumerate(claimed):
            if should_stop and should_stop():
                _release(claimed[index:])
                return report
            state = deliver(unit, item)
            if state == DeliveryState.SENT.value:
                report.sent += 1
            elif state == DeliveryState.DEAD.value:
                report.dead += 1
            else:
                report.retrying += 1
    return report


def _release(items: list[Claimed]) -> None:
    """Give back claimed deliveries not attempted (a worker asked to stop): pending at once,
    their attempt rows gone (nothing was tried)."""
    with atomic():
        for item in items:
            DeliveryAttempt.delete().where(
                (DeliveryAttempt.delivery == item.delivery.id)
                & (DeliveryAttempt.number == item.number)
            ).execute()
            Delivery.update(
                state=DeliveryState.PENDING.value,
                attempts=Delivery.attempts - 1,
                next_attempt_at=utcnow(),
            ).where(
                (Delivery.id == item.delivery.id) & (Delivery.state == DeliveryState.SENDING.value)
            ).execute()


def reclaim_orphans() -> int:
    """Make every ``sending`` delivery due now (its worker died); only for the worker that
    holds the SQLite lock, which knows no other worker runs."""
    with atomic():
        return (
            Delivery.update(next_attempt_at=utcnow())
            .where(Delivery.state == DeliveryState.SENDING.value)
            .execute()
        )


# --- dead letters ---------------------------------------------------------------------


def dead_letters() -> peewee.ModelSelect:
    return Delivery.select().where(Delivery.state == DeliveryState.DEAD.value)


def history(subject_type: str, subject_id: int) -> list[Delivery]:
    """Every delivery about one subject (a disclosure), newest first."""
    return list(
        Delivery.select()
        .where((Delivery.subject_type == subject_type) & (Delivery.subject_id == subject_id))
        .order_by(Delivery.created_at.desc(), Delivery.id.desc())
    )


def retry(delivery: Delivery | int, actor: Person | None, *, permissions: Any = None) -> Event:
    """Put a dead letter back in the outbox, due now, with a fresh count of attempts; an
    audit event ``delivery.retry``. Refused unless the delivery is dead and ``actor`` may take
    :data:`RETRY_ACTION` on its organization (a delivery of no organization: the unit's
    administrator)."""
    delivery_id = getattr(delivery, "id", delivery)
    row = Delivery.get_or_none(Delivery.id == delivery_id)
    if row is None:
        raise NotFound(f"no delivery {delivery_id}")
    if row.organization_id is None:
        permitted = access.is_superuser(actor)
    else:
        permitted = access.allowed(
            actor, RETRY_ACTION, row.organization_id, permissions=permissions
        )
    if not permitted:
        raise PermissionDenied("you hold no role that may retry this organization's deliveries")
    with atomic():
        changed = (
            Delivery.update(
                state=DeliveryState.PENDING.value,
                attempts=0,
                next_attempt_at=utcnow(),
                updated_at=utcnow(),
            )
            .where((Delivery.id == row.id) & (Delivery.state == DeliveryState.DEAD.value))
            .execute()
        )
        if changed != 1:
            raise ValidationError(
                f"delivery {row.id} is {row.state}, not a dead letter: only a dead letter "
                "is retried",
                "state",
            )
        return audit.record(
            "delivery.retry",
            "delivery",
            row.id,
            actor=actor,
            organization=row.organization_id,
            from_state=DeliveryState.DEAD.value,
            to_state=DeliveryState.PENDING.value,
            payload={"channel": row.channel, "last_error": row.last_error[:500]},
        )
