"""The demo unit has deliveries of each kind and one dead letter (issue 17, done-when line 4),
whatever the sector: the channels plugin adds them through ``dangwu_on_demo_built``."""

from __future__ import annotations

from collections import Counter

from dangwu_core.testing import sqlite_url_in, start_unit
from dangwu_core.toolkit import Delivery, DeliveryAttempt, Subscriber, build_demo


def test_the_demo_has_deliveries_of_each_kind_and_one_dead_letter(tmp_path):
    unit = start_unit(sqlite_url_in(tmp_path))
    try:
        build_demo(unit, "testsector")
        kinds = Counter((d.channel, d.kind) for d in Delivery.select())
        assert {("email", "publish"), ("sms", "publish"), ("linked", "publish")} <= set(kinds)
        assert kinds[("email", "digest")] == 1
        dead = list(Delivery.select().where(Delivery.state == "dead"))
        assert len(dead) == 1 and "invalid mobile number" in dead[0].last_error
        assert {d.state for d in Delivery.select()} == {"sent", "dead"}
        assert DeliveryAttempt.select().count() == Delivery.select().count()
        assert Subscriber.select().count() == 1
    finally:
        unit.db.close()
