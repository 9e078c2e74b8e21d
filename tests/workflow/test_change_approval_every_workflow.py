"""变更、撤销、终止 need the catalog issuer in every workflow (001 四.2, 003 §9(二)).

"公开事项如需变更、撤销或终止，由制定党务公开目录的党组织批准": core's default procedure puts the
guard ``change_approved_by_issuer`` and the effect ``use_change_approval`` on its steps of the
change kinds (republish, withdraw, terminate). A sector's workflow once removed them and let a
branch withdraw an item of its town's catalog alone; now no workflow that drops them loads, and
every workflow the unit loads is checked here, walked by kind.
"""

from __future__ import annotations

import copy

import pytest

from dangwu_core.errors import ValidationError
from dangwu_core.settings import load_settings
from dangwu_core.unit import Unit
from dangwu_core.workflow import default_definition_data, load_definition
from dangwu_core.workflow.kinds import CHANGE_ACTIONS

from . import testflow


def _installed() -> Unit:
    settings = load_settings(environ={}, database_url="sqlite:///:memory:")
    return Unit.start(settings, extra_plugins=[("testflow", testflow)])


def test_every_loaded_workflow_asks_the_issuer_before_a_change():
    unit = _installed()
    checked = []
    for definition in unit.registry.workflows:
        for kind in CHANGE_ACTIONS:
            for step in definition.transitions_of_kind(kind):
                assert "change_approved_by_issuer" in step.guards, (definition.name, step.name)
                assert "use_change_approval" in step.effects, (definition.name, step.name)
                checked.append((definition.name, step.name))
    names = {name for name, _step in checked}
    # Core's and the test sector's at least (the test plugin's has no change step); every
    # installed sector's too.
    assert {"dangwu.default", "testsector.standard"} <= names


@pytest.mark.parametrize(
    "step, part, name",
    [
        ("republish", "guards", "change_approved_by_issuer"),
        ("withdraw", "guards", "change_approved_by_issuer"),
        ("withdraw", "effects", "use_change_approval"),
    ],
)
def test_a_workflow_dropping_the_issuer_s_approval_does_not_load(step, part, name):
    unit = _installed()
    data = copy.deepcopy(default_definition_data())
    data["workflow"] = "loose.changes"
    transition = data["transitions"][step]
    transition[part] = [value for value in transition[part] if value != name]
    with pytest.raises(ValidationError) as refused:
        load_definition(data, unit.registry.workflow_functions)
    message = str(refused.value)
    assert f"transitions.{step}" in message and name in message and "issuer" in message


def test_an_extension_removing_the_guard_is_refused_too():
    unit = _installed()
    data = {
        "workflow": "loose.extension",
        "extends": "dangwu.default",
        "transitions": {"withdraw": {"guards": {"remove": ["change_approved_by_issuer"]}}},
    }
    bases = {"dangwu.default": default_definition_data()}
    with pytest.raises(ValidationError, match=r"transitions\.withdraw: a step of kind 'withdraw'"):
        load_definition(data, unit.registry.workflow_functions, bases.get)
