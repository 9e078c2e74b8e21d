"""The SMS channel against a stand-in provider on loopback: a slow provider times out and is
retried with the same out_id, a refused number is a dead letter at once, messages keep to
their length (003 §7: 手机 among the channels)."""

from __future__ import annotations

import datetime as dt

from click.testing import CliRunner
from town import publish

from dangwu_core.testing import cli_group
from dangwu_core.toolkit import Delivery, DeliveryAttempt, FixedClock, use_clock


def work(ns):
    result = CliRunner().invoke(cli_group(), ["--database", ns.url, "worker", "--once"])
    assert result.exit_code == 0, result.output


def test_a_slow_provider_times_out_and_the_retry_carries_the_same_key(delivering):
    ns = delivering(**{"channels.sms.timeout": 0.5})
    provider = ns.far["provider"]
    provider.hold_at = 1
    provider.hold.clear()  # the first request gets no answer until the sender gave up
    publish(ns, channels=["website", "sms"])
    slow = Delivery.get(Delivery.recipient == "13800000001")
    clock = FixedClock(slow.next_attempt_at.replace(tzinfo=dt.UTC))
    with use_clock(clock):
        work(ns)
        provider.hold.set()
        failed = Delivery.get_by_id(slow.id)
        assert failed.state == "pending" and "timed out" in failed.last_error
        assert failed.next_attempt_at > clock.utcnow()  # backoff
        clock.advance(hours=7)
        work(ns)
    assert Delivery.get_by_id(slow.id).state == "sent"
    to_zhang = [r for r in provider.requests if r["body"]["to"] == "13800000001"]
    assert len(to_zhang) == 2 and {r["body"]["out_id"] for r in to_zhang} == {slow.key}
    assert all(r["signed"] for r in provider.requests)


def test_a_refused_number_is_a_dead_letter_at_once(delivering):
    ns = delivering()
    ns.far["provider"].refuse_to = {"13800000003"}
    publish(ns, channels=["website", "sms"])
    work(ns)
    refused = Delivery.get(Delivery.recipient == "13800000003")
    assert refused.state == "dead" and refused.attempts == 1
    assert "HTTP 400" in refused.last_error and "invalid mobile number" in refused.last_error
    assert DeliveryAttempt.get(DeliveryAttempt.delivery == refused.id).ok is False
    assert Delivery.get(Delivery.recipient == "13800000001").state == "sent"


def test_a_long_title_is_cut_to_the_limit_and_keeps_its_link(delivering):
    ns = delivering(**{"channels.sms.max_chars": 70})
    item = publish(
        ns, "关于" + "认真学习贯彻党的二十届四中全会精神" * 5 + "的通知", channels=["sms"]
    )
    work(ns)
    for request in ns.far["provider"].requests:
        text = request["body"]["text"]
        assert len(text) == 70
        assert text.endswith(f"…https://dw.example.org/disclosures/{item.id}")
