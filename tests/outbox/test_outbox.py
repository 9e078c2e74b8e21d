"""The outbox in core, with a recording sender: deliveries written once per key, backoff that
doubles with jitter, dead letters, a refused retry that changes nothing, and the per-person
daily digest of reminders (issue 17, "Delivery")."""

from __future__ import annotations

import datetime as dt

import pytest

from dangwu_core import hookimpl, outbox, reminders
from dangwu_core import worker as delivering
from dangwu_core.errors import PermissionDenied, ValidationError
from dangwu_core.models import Delivery, Event, Reminder
from dangwu_core.people import assign_role, create_person
from dangwu_core.senders import DeliveryDraft, Sender, SendResult
from dangwu_core.testing import start_unit


class Recorder(Sender):
    code = "recorder"
    honours_idempotency_key = True

    def __init__(self):
        self.sent = []
        self.failing = 0

    def address_of(self, person, settings):
        return person.email

    def send(self, delivery, settings):
        if self.failing:
            self.failing -= 1
            raise ConnectionError("the far end is down")
        self.sent.append(delivery)
        return SendResult(f"ok {len(self.sent)}")


@pytest.fixture
def recorder():
    return Recorder()


@pytest.fixture
def unit(sqlite_url, recorder):
    class Plugin:
        @staticmethod
        @hookimpl
        def dangwu_register_senders():
            return [recorder]

    started = start_unit(
        sqlite_url, extra_plugins=[("recorder", Plugin)], **{"outbox.max_attempts": 2}
    )
    yield started
    started.db.close()


@pytest.fixture
def org(unit):
    return unit.create_organization(code="C", name="测试党委", type="testsector_committee")


def draft(key="k1", org=None):
    return DeliveryDraft(key=key, kind="publish", recipient="someone", organization=org)


def test_a_delivery_is_written_once_per_key(unit, org):
    assert outbox.write("recorder", [draft(org=org.id), draft(org=org.id)]) == 1
    assert outbox.write("recorder", [draft(org=org.id)]) == 0
    assert Delivery.select().count() == 1


def test_backoff_doubles_with_jitter_and_is_capped(unit):
    for failures, full in ((1, 30), (2, 60), (3, 120), (20, 6 * 3600)):
        wait = outbox.backoff(unit, failures).total_seconds()
        assert full / 2 <= wait <= full


def test_after_max_attempts_a_dead_letter_and_a_retry_refused_unless_dead_or_permitted(
    unit, org, recorder
):
    outbox.write("recorder", [draft(org=org.id)])
    recorder.failing = 5
    first = outbox.run_pass(unit, 10)
    assert (first.retrying, first.dead) == (1, 0)
    Delivery.update(next_attempt_at=dt.datetime(2000, 1, 1)).execute()
    second = outbox.run_pass(unit, 10)
    assert second.dead == 1
    dead = Delivery.get()
    assert dead.state == "dead" and "the far end is down" in dead.last_error
    stranger = create_person("路人")
    with pytest.raises(PermissionDenied):
        outbox.retry(dead, stranger)
    admin = create_person("管理员")
    assign_role(admin, org, "admin")
    outbox.retry(dead, admin)
    with pytest.raises(ValidationError, match="not a dead letter"):
        outbox.retry(dead, admin)  # bad input: one clear error, nothing changed
    assert Event.select().where(Event.action == "delivery.retry").count() == 1
    recorder.failing = 0
    assert outbox.run_pass(unit, 10).sent == 1 and len(recorder.sent) == 1


def test_reminders_go_as_one_digest_a_day_per_person(unit, org, recorder):
    """Issue 17: reminders reach the people they concern as a per-person daily digest, not
    one message per obligation; a person no channel reaches keeps them on the 工作台."""
    zhang = create_person("张明", email="zhang@example.org")
    wang = create_person("王芳")  # no address
    drafts = [
        reminders.Draft(
            kind="obligation.due_soon",
            organization=org.id,
            subject_type="obligation",
            subject_id=number,
            message=f"第{number}项应公开事项即将到期",
            recipient=person.id,
            due_on=dt.date(2026, 3, 31),
        )
        for number in (1, 2, 3)
        for person in (zhang, wang)
    ]
    assert reminders.enqueue(drafts) == 6
    report = delivering.tick_pass(unit)
    assert report.sent == 1
    (digest,) = recorder.sent
    assert digest.recipient == "zhang@example.org" and digest.kind == "digest"
    assert [line["message"] for line in digest.payload["lines"]] == [
        "第1项应公开事项即将到期",
        "第2项应公开事项即将到期",
        "第3项应公开事项即将到期",
    ]
    statuses = {(r.recipient_id, r.status) for r in Reminder.select()}
    assert statuses == {(zhang.id, "sent"), (wang.id, "pending")}
    assert delivering.tick_pass(unit).handled == 0  # the same day: nothing again
