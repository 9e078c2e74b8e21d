"""The unit itself as actor (``dangwu tick``): only for transitions the definition marks.

A definition lists ``system`` among a transition's roles to let the unit fire it with no
person as actor (the default marks ``expire`` only); the event records no actor and who fired
it in its payload. Everything else refuses the system, and an anonymous person is never the
system.
"""

import datetime as dt

import pytest

from dangwu_core.clock import FixedClock, use_clock
from dangwu_core.errors import GuardRefused, PermissionDenied, ValidationError
from dangwu_core.models import Disclosure, Event
from dangwu_core.workflow import default_definition_data, load_definition

from .conftest import make_item, walk


def _published(town):
    item = make_item("S01", display_months=6)
    with use_clock(FixedClock(dt.datetime(2026, 1, 5, 9, 0))):
        return walk(town, town.draft(catalog_item=item), "publish")


def test_the_system_expires_a_display_window_and_the_event_says_so(town):
    d = _published(town)
    on_display = pytest.raises(GuardRefused, match="on display until 2026-07-05")
    with use_clock(FixedClock(dt.datetime(2026, 7, 5, 9, 0))), on_display:
        town.unit.fire(d, "expire", None, system="dangwu tick")
    with use_clock(FixedClock(dt.datetime(2026, 7, 6, 9, 0))):
        event = town.unit.fire(d, "expire", None, system="dangwu tick")
    assert d.state == "expired"
    assert event.actor_id is None and event.payload["system"] == "dangwu tick"


def test_the_system_may_not_fire_what_the_definition_does_not_mark(town):
    d = _published(town)
    before = Event.select().count()
    with pytest.raises(PermissionDenied, match="does not list the role 'system'"):
        town.unit.fire(d, "withdraw", None, system="dangwu tick", comment="x")
    with pytest.raises(PermissionDenied, match="does not list the role 'system'"):
        town.unit.fire(d, "expire", town.publisher, system="dangwu tick")
    # without ``system`` an absent actor is an anonymous visitor, never the unit
    with pytest.raises(PermissionDenied, match="anonymous"):
        town.unit.fire(d, "expire", None)
    assert Disclosure.get_by_id(d.id).state == "published"
    assert Event.select().count() == before


def test_system_never_judges_or_states_reasons(unit):
    data = default_definition_data()
    data["transitions"]["reject"]["role"] = ["approver", "system"]
    with pytest.raises(ValidationError, match="system may fire only routine steps"):
        load_definition(data, unit.registry.workflow_functions)
