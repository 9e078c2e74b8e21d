"""Workflows that extend (issue 12): a definition states only its differences from its base."""

from __future__ import annotations

import pytest

from dangwu_core.errors import ValidationError
from dangwu_core.workflow import default_definition_data, load_definition

BASES = {"dangwu.default": default_definition_data()}


def _load(unit, data, bases=BASES):
    return load_definition(data, unit.registry.workflow_functions, bases.get)


def test_an_extension_adds_changes_and_removes_and_inherits_kinds(unit):
    data = {
        "workflow": "test.short",
        "extends": "dangwu.default",
        "states": {"approved": {"label": "可以公开"}, "superseded": {"remove": True}},
        "transitions": {
            "supersede": {"remove": True},
            "archive_undisclosed": {"from": {"remove": ["superseded"]}},
            "publish": {"guards": {"add": ["widens_scope"]}, "on": "parent"},
        },
        "every_state": {"readers": {"add": ["admin@parent"]}},
    }
    definition = _load(unit, data)
    assert definition.states["approved"].label == "可以公开"
    assert definition.kind_of("approved") == "ready"  # inherited
    assert "superseded" not in definition.states and "supersede" not in definition.transitions
    publish = definition.transitions["publish"]
    assert publish.guards == ("plan_approved_if_out_of_catalog", "widens_scope")
    assert (publish.on, publish.kind) == ("parent", "publish")
    assert all("admin@parent" in s.readers for s in definition.states.values())
    assert [t.name for t in definition.transitions_of_kind("refuse")] == [
        "refuse", "reject", "refuse_upper", "classify_withhold",
    ]  # fmt: skip


def test_extension_chains_resolve_and_round_trip(unit):
    middle = {"workflow": "test.middle", "extends": "dangwu.default", "label": "中间"}
    top = {"workflow": "test.top", "extends": "test.middle", "states": {"draft": {"label": "稿"}}}
    bases = {**BASES, "test.middle": middle}
    definition = _load(unit, top, bases)
    assert (definition.label, definition.states["draft"].label) == ("中间", "稿")
    assert _load(unit, definition.as_data()) == definition


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"workflow": "test.a", "extends": "nowhere"}, "extends: unknown workflow 'nowhere'"),
        ({"workflow": "test.a", "extends": "test.b"}, "cycle (test.a → test.b → test.a)"),
        (
            {"workflow": "test.a", "extends": "dangwu.default",
             "states": {"expired": {"remove": True}}},
            "states.expired: removed, but transitions.expire still references it",
        ),
        (
            {"workflow": "test.a", "extends": "dangwu.default",
             "transitions": {"archive": {"from": {"remove": ["limbo"]}}}},
            "'limbo' is not in the inherited list",
        ),
        (
            {"workflow": "test.a", "extends": "dangwu.default",
             "transitions": {"new_step": {"label": "新", "from": ["draft"], "to": "draft",
                                          "role": "admin"}}},
            "transitions.new_step.value.kind: Missing data",
        ),
    ],
)  # fmt: skip
def test_a_bad_extension_is_one_clear_error_naming_it(unit, data, message):
    bases = {**BASES, "test.b": {"workflow": "test.b", "extends": "test.a"}}
    with pytest.raises(ValidationError) as raised:
        _load(unit, data, bases)
    assert "workflow definition 'test.a' is invalid" in str(raised.value)
    assert message in str(raised.value)
