"""The audit trail is append-only and tamper-evident.

Rules: DESIGN.md "Nothing is lost: every change ... is an event; the audit trail is
tamper-evident" and ``dangwu_core.audit``: each event hashes its content and the previous
event's hash; the newest hash is also kept in ``unit_state``. Editing, inserting or deleting an
event - in the middle or at the newest end - is detected and named by ``audit.verify()``.
"""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from dangwu_core import audit
from dangwu_core.db import database
from dangwu_core.models import Event, UnitState

from .conftest import build_town


@pytest.fixture
def chain(any_unit):
    """A unit whose chain holds one event per organization of the town (7 events)."""
    build_town(any_unit)
    ids = [e.id for e in Event.select(Event.id).order_by(Event.id)]
    assert len(ids) == 7
    assert audit.verify() == []
    return ids


def messages(problems) -> list[tuple[int | None, str]]:
    return [(p.event_id, p.message) for p in problems]


def sql(statement: str, *params) -> None:
    database.execute_sql(statement.replace("?", database.obj.param), params)


def forge(prev: Event, **fields) -> dict:
    """Columns of a well-formed event following ``prev`` (hash computed as dangwu does)."""
    event = Event(
        at=dt.datetime(2026, 3, 2, 9, 0),
        subject_type="organization",
        subject_id=prev.subject_id,
        action="organization.create",
        reason="伪造",
        payload={},
        prev_hash=prev.hash,
        **fields,
    )
    event.hash = audit.compute_hash(event, prev.hash)
    return event


def test_an_untouched_chain_verifies(chain):
    events = list(Event.select().order_by(Event.id))
    assert events[0].prev_hash == audit.GENESIS
    for before, after in itertools.pairwise(events):
        assert after.prev_hash == before.hash
    head = UnitState.get_by_id(audit.HEAD_KEY).value
    assert head == {"id": events[-1].id, "hash": events[-1].hash}


@pytest.mark.parametrize("where", ["middle", "newest"])
def test_an_edited_event_is_named(chain, where):
    target = chain[3] if where == "middle" else chain[-1]
    sql("UPDATE event SET reason = ? WHERE id = ?", "改过了", target)
    assert messages(audit.verify()) == [(target, "its content was changed after it was recorded")]


def test_an_edited_payload_or_actor_is_named(chain):
    sql("UPDATE event SET payload = ? WHERE id = ?", '{"code":"X"}', chain[1])
    sql("UPDATE event SET subject_id = ? WHERE id = ?", 424242, chain[2])
    assert [i for i, _ in messages(audit.verify())] == [chain[1], chain[2]]


@pytest.mark.parametrize("where", ["middle", "newest"])
def test_a_deleted_event_is_named(chain, where):
    if where == "middle":
        sql("DELETE FROM event WHERE id = ?", chain[3])
        assert messages(audit.verify()) == [
            (chain[4], f"the event(s) before it (after #{chain[2]}) were deleted")
        ]
    else:
        sql("DELETE FROM event WHERE id >= ?", chain[-2])
        assert messages(audit.verify()) == [
            (None, f"the newest events (up to #{chain[-1]}) were deleted")
        ]


def test_deleting_the_oldest_event_is_named(chain):
    sql("DELETE FROM event WHERE id = ?", chain[0])
    assert messages(audit.verify()) == [(chain[1], "the oldest event(s) before it were deleted")]


def renumber(chain) -> list[int]:
    """Spread the ids apart (as PostgreSQL's skipped sequence values do); return the new ids."""
    sql("UPDATE event SET id = id * 100")
    head = UnitState.get_by_id(audit.HEAD_KEY)
    UnitState.update(value={**head.value, "id": head.value["id"] * 100}).where(
        UnitState.key == audit.HEAD_KEY
    ).execute()
    return [i * 100 for i in chain]


def test_gaps_in_ids_are_not_tampering(chain):
    renumber(chain)
    assert audit.verify() == []


def test_an_event_inserted_in_the_middle_is_named(chain):
    ids = renumber(chain)
    prev = Event.get_by_id(ids[2])
    forged = forge(prev)
    forged.id = ids[2] + 50
    forged.save(force_insert=True)
    assert messages(audit.verify()) == [
        (forged.id, f"it was inserted into the chain (event #{ids[3]} follows #{ids[2]} directly)")
    ]


def test_an_event_appended_outside_dangwu_is_named(chain):
    forged = forge(Event.get_by_id(chain[-1]))
    forged.save(force_insert=True)
    assert messages(audit.verify()) == [
        (forged.id, f"it was appended outside dangwu (after #{chain[-1]})")
    ]


def test_a_missing_head_record_is_named(chain):
    UnitState.delete().where(UnitState.key == audit.HEAD_KEY).execute()
    assert messages(audit.verify()) == [(None, "the chain's head record is missing")]


def test_record_appends_inside_the_callers_transaction(any_unit):
    """An event recorded in a transaction that fails is gone with it; the chain stays intact."""
    audit.record("test.kept", "unit")
    with pytest.raises(RuntimeError), database.atomic():
        audit.record("test.lost", "unit")
        raise RuntimeError("abort")
    audit.record("test.after", "unit")
    assert [e.action for e in Event.select().order_by(Event.id)] == ["test.kept", "test.after"]
    assert audit.verify() == []
