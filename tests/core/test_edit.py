"""Editing an organization or a person goes through the services: one transaction with its
event; an empty name or a field that is not editable is refused and changes nothing."""

import pytest

from dangwu_core import organizations, people
from dangwu_core.errors import ValidationError
from dangwu_core.models import Event, Organization


def test_an_organization_edit_is_an_event_and_bad_input_changes_nothing(unit):
    town = unit.create_organization(code="T", name="中共某镇委员会", type="testsector_committee")
    edited = organizations.edit(town, name=" 中共某镇委员会（新） ", sort_order=3)
    assert (edited.name, edited.sort_order) == ("中共某镇委员会（新）", 3)
    assert Event.select().where(Event.action == "organization.edit").count() == 1
    for bad in ({"name": "  "}, {"code": "X"}, {"parent": None}):
        with pytest.raises(ValidationError):
            organizations.edit(town, **bad)
    assert Organization.get_by_id(town.id).name == "中共某镇委员会（新）"
    assert Event.select().where(Event.action == "organization.edit").count() == 1


def test_a_person_edit_is_an_event_and_bad_input_changes_nothing(unit):
    someone = people.create_person("张三")
    assert people.edit_person(someone, phone="13800000000").phone == "13800000000"
    with pytest.raises(ValidationError, match="needs a name"):
        people.edit_person(someone, name="")
    with pytest.raises(ValidationError, match="not a person's detail"):
        people.edit_person(someone, password_hash="x")
    assert Event.select().where(Event.action == "person.edit").count() == 1
