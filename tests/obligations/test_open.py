"""Opening obligations from installed catalogs (003 §8), and moving them as time passes."""

import datetime as dt

import pytest
from catalogs.sample import MARCH_10, build_town, item, manifest

from dangwu_core.clock import FixedClock, use_clock
from dangwu_core.errors import ValidationError
from dangwu_core.models import CatalogItem, Event, Obligation, ObligationStatus, Organization
from dangwu_core.obligations import mark_late_and_overdue, open_immediate, open_obligations

D = dt.date


@pytest.fixture
def town(unit):
    with use_clock(FixedClock(MARCH_10)):
        orgs = build_town(unit)
        unit.install_catalog(manifest(), allow_unsigned=True)
        yield orgs


def _labels(org, code):
    query = (
        Obligation.select()
        .join(CatalogItem)
        .where((Obligation.organization == org) & (CatalogItem.code == code))
        .order_by(Obligation.due_date, Obligation.period_start.desc())
    )
    return [(o.period_label, o.due_date) for o in query]


def test_periodic_items_get_one_obligation_per_period_003_8_2(town):
    branch = town["TS-B01"]
    monthly = _labels(branch, "JY-01")
    assert len(monthly) == 12
    assert monthly[1] == ("2026-02", D(2026, 2, 28))
    assert _labels(branch, "FW-01") == [
        ("2026-Q1", D(2026, 3, 31)),
        ("2026-Q2", D(2026, 6, 30)),
        ("2026-Q3", D(2026, 9, 30)),
        ("2026-Q4", D(2026, 12, 31)),
    ]


def test_only_organizations_of_applying_types_get_obligations(town):
    assert Obligation.select().where(Obligation.organization == town["TS"]).count() == 0
    assert Obligation.select().where(Obligation.organization == town["TS-B02"]).count() > 0


def test_long_term_item_is_due_early_in_the_year_003_8_1(town):
    # ten working days after 1 January 2026 (1 January is a holiday, 4 January a worked Sunday)
    assert _labels(town["TS-B01"], "ZZ-01") == [("2026", D(2026, 1, 15))]


def test_staged_item_has_one_obligation_per_phase_and_a_closing_summary_003_8_3(town):
    assert _labels(town["TS-B01"], "JY-03") == [
        ("2026 事前", D(2026, 4, 30)),
        ("2026 事中", D(2026, 8, 31)),
        ("2026 事后", D(2026, 12, 31)),
        ("2026 总结性公开", D(2026, 12, 31)),
    ]


def test_immediate_items_are_not_opened_in_advance_003_8_4(town):
    assert _labels(town["TS-B01"], "ZZ-03") == []


def test_opening_twice_creates_nothing_and_records_no_second_event(unit, town):
    count, events = Obligation.select().count(), Event.select().count()
    assert count == 2 * (12 + 4 + 1 + 4)
    with use_clock(FixedClock(MARCH_10)):
        assert open_obligations(unit, 2026) == 0
    assert Obligation.select().count() == count
    assert Event.select().count() == events


def test_one_audit_event_per_call_not_per_row(unit, town):
    events = Event.select().count()
    created = open_obligations(unit, 2027)
    assert created == 2 * (12 + 4 + 1 + 4)
    new = list(Event.select().where(Event.id > 0).order_by(Event.id.desc()).limit(1))
    assert Event.select().count() == events + 1
    assert new[0].action == "obligations.open" and new[0].payload["created"] == created


def test_2027_obligations_are_provisional_and_2026_are_not(unit, town):
    open_obligations(unit, 2027)
    by_year = {
        year: {
            o.due_provisional
            for o in Obligation.select().where(Obligation.period_start.year == year)
        }
        for year in (2026, 2027)
    }
    assert by_year == {2026: {False}, 2027: {True}}


def test_a_loaded_2027_calendar_makes_due_dates_official(unit, town):
    unit.load_calendar(
        {"year": 2027, "days": [{"name": "春节", "date": "2027-01-29", "isOffDay": True}]}
    )
    open_obligations(unit, 2027, [town["TS-B01"]])
    january = Obligation.get(
        (Obligation.organization == town["TS-B01"]) & (Obligation.period_label == "2027-01")
    )
    assert (january.due_date, january.due_provisional) == (D(2027, 1, 28), False)


def test_a_new_organization_gets_this_years_obligations_from_today(unit, town):
    with use_clock(FixedClock(MARCH_10)):
        branch = unit.create_organization(
            code="TS-C09", name="测试单位新党支部", type="testsector_branch", parent="TS"
        )
    labels = [label for label, _ in _labels(branch, "JY-01")]
    assert labels == [f"2026-{m:02d}" for m in range(3, 13)]
    assert _labels(branch, "ZZ-01") == [("2026", D(2026, 3, 24))]
    # a type the catalog does not apply to gets none
    with use_clock(FixedClock(MARCH_10)):
        general = unit.create_organization(
            code="TS-G09", name="测试单位新总支", type="testsector_general_branch", parent="TS"
        )
    assert Obligation.select().where(Obligation.organization == general).count() == 0


def test_immediate_obligation_is_due_within_its_working_days_003_8_4(unit, town):
    publicity = CatalogItem.get(CatalogItem.code == "ZZ-03")
    assert item("ZZ-03", manifest())["due_within_days"] == 2
    first = open_immediate(unit, town["TS-B01"], publicity, D(2026, 9, 30))
    assert (first.due_date, first.due_provisional) == (D(2026, 10, 9), False)
    again = open_immediate(unit, town["TS-B01"], publicity, D(2026, 9, 30))
    assert again.id == first.id
    with pytest.raises(ValidationError, match="does not apply"):
        open_immediate(unit, town["TS"], publicity, D(2026, 9, 30))
    monthly = CatalogItem.get(CatalogItem.code == "JY-01")
    with pytest.raises(ValidationError, match="not immediate"):
        open_immediate(unit, town["TS-B01"], monthly, D(2026, 9, 30))


def test_pending_obligations_past_due_become_overdue_once(unit, town):
    moved = mark_late_and_overdue(D(2026, 4, 1))
    # per branch: Jan–Mar monthly, Q1, the long-term item
    assert moved == 2 * (3 + 1 + 1)
    assert mark_late_and_overdue(D(2026, 4, 1)) == 0
    march = Obligation.get(
        (Obligation.organization == town["TS-B01"]) & (Obligation.period_label == "2026-03")
    )
    april = Obligation.get(
        (Obligation.organization == town["TS-B01"]) & (Obligation.period_label == "2026-04")
    )
    assert march.status == ObligationStatus.OVERDUE
    assert april.status == ObligationStatus.PENDING
    with use_clock(FixedClock(dt.datetime(2026, 5, 1, 9, 0))):
        assert mark_late_and_overdue() == 2 * 2  # April, and the staged item's first phase


def test_inactive_organizations_get_nothing(unit, town):
    Organization.update(is_active=False).where(Organization.code == "TS-B02").execute()
    open_obligations(unit, 2027)
    assert (
        Obligation.select()
        .where((Obligation.organization == town["TS-B02"]) & (Obligation.period_start.year == 2027))
        .count()
        == 0
    )
