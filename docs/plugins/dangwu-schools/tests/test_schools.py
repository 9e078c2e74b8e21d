"""The school sector's rules, one test each, on a real unit (dangwu's ``unit`` fixture)."""

import datetime as dt
from types import SimpleNamespace

import pytest

from dangwu_core.timelimits import WorkCalendar, periods
from dangwu_core.toolkit import Cadence, TimeLimit, ValidationError


def test_the_plugin_is_loaded_through_its_entry_point(unit):
    assert unit.pm.get_plugin("schools") is not None


def test_a_school_committee_heads_a_tree_of_branches(unit):
    school = unit.create_organization(code="S", name="某中学党委", type="school_committee")
    branch = unit.create_organization(
        code="S-1", name="语文组党支部", type="school_branch", parent=school
    )
    assert branch.parent == school


def test_a_branch_cannot_stand_at_the_top(unit):
    with pytest.raises(ValidationError):
        unit.create_organization(code="X", name="孤立支部", type="school_branch")


def test_the_spring_terms_items_are_due_before_15_july(unit):
    item = SimpleNamespace(time_limit=TimeLimit.PERIODIC, cadence=Cadence.HALF_YEARLY)
    spring, autumn = periods(2026, Cadence.HALF_YEARLY)
    calendar = WorkCalendar()
    assert unit.due_date(item, spring, calendar) == dt.date(2026, 7, 15)  # a Wednesday
    assert unit.due_date(item, autumn, calendar) == dt.date(2027, 1, 20)  # a Wednesday


def test_other_items_keep_cores_rule(unit):
    item = SimpleNamespace(time_limit=TimeLimit.PERIODIC, cadence=Cadence.MONTHLY)
    june = periods(2026, Cadence.MONTHLY)[5]
    assert unit.due_date(item, june, WorkCalendar()) == dt.date(2026, 6, 30)
