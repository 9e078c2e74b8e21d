"""`dangwu demo --sector villages` builds a believable town through the public API."""

import datetime as dt

from dangwu_villages.organization_types import BODIES, MEMBER_UNIT, PARTY_ORGANIZATIONS

from dangwu_core.toolkit import (
    Account,
    Disclosure,
    DisclosureRequest,
    Event,
    Feedback,
    FixedClock,
    Obligation,
    Organization,
    RoleAssignment,
    Scope,
    build_demo,
    use_clock,
)
from dangwu_core.toolkit import verify_audit as verify

EVERY_STATE = {
    "draft",
    "submitted",
    "in_review",
    "awaiting_approval",
    "escalated",
    "approved",
    "handed_over",
    "published",
    "withdrawn",
    "superseded",
    "expired",
    "archived",
    "refused",
    "not_suitable",
}


def test_the_demo_town_has_every_state_scope_role_and_a_year_of_obligations(unit):
    with use_clock(FixedClock(dt.datetime(2026, 11, 25, 10, 0))):
        _, built = build_demo(unit, "villages")
    assert built
    types = [o.type for o in Organization.select()]
    party = [t for t in types if t in PARTY_ORGANIZATIONS]
    assert len(party) == 14  # a town committee, a general branch, twelve branches
    # 002 一(二)3 "12345": the three bodies; 000 五(二): the joint branch's member units
    assert {t for t in types if t not in PARTY_ORGANIZATIONS} == {*BODIES, MEMBER_UNIT}
    assert types.count(MEMBER_UNIT) == 2
    assert {d.workflow for d in Disclosure.select()} == {"villages.town", "villages.branch"}
    assert {d.state for d in Disclosure.select()} == EVERY_STATE
    published = Disclosure.select().where(Disclosure.state == "published")
    assert {d.scope for d in published} == set(Scope.values())
    roles = {r.role for r in RoleAssignment.select()}
    assert roles >= {
        "liaison",
        "proposer",
        "reviewer",
        "approver",
        "publisher",
        "supervisor",
        "member",
    }
    assert Account.select().where(Account.is_superuser).count() == 1
    periods = {
        o.period_label
        for o in Obligation.select().where(Obligation.period_label.startswith("2026-"))
    }
    assert {f"2026-{m:02d}" for m in range(1, 13)} <= periods
    statuses = {o.status for o in Obligation.select()}
    assert {"on_time", "overdue", "pending"} <= statuses
    assert Feedback.select().count() == 4
    assert {r.status for r in DisclosureRequest.select()} == {"submitted", "refused"}
    assert verify() == []


def test_building_the_demo_twice_changes_nothing(unit):
    with use_clock(FixedClock(dt.datetime(2026, 11, 25, 10, 0))):
        build_demo(unit, "villages")
        counts = (
            Organization.select().count(),
            Disclosure.select().count(),
            Event.select().count(),
        )
        _, built = build_demo(unit, "villages")
    assert not built
    assert (
        Organization.select().count(),
        Disclosure.select().count(),
        Event.select().count(),
    ) == counts


def test_a_demo_early_in_january_tells_only_what_has_happened(unit):
    with use_clock(FixedClock(dt.datetime(2027, 1, 3, 10, 0))):
        _, built = build_demo(unit, "villages")
    assert built
    assert Disclosure.select().count() == 0
    assert Obligation.select().count() > 0
