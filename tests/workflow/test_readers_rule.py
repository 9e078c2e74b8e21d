"""Archiving keeps the readers an item had; only publishing discloses (issue 13, item 1).

The meta-test walks the graph of every workflow the unit loads — core's, the test sector's,
every installed plugin's — over (state, disclosed) pairs and reports any path by which an
item never published, or stopped (refused, withdrawn...), becomes readable by scope, and any
archive step that widens who reads. It is written from the rule (004 五(四): what is disclosed
was reviewed and approved, then published; 004 五(五): 归档 files what there is), independently
of ``dangwu_core/workflow/readers.py``, which refuses such a definition when it loads.
"""

from __future__ import annotations

import pytest

from dangwu_core import hookimpl
from dangwu_core.errors import PluginError, ValidationError
from dangwu_core.settings import load_settings
from dangwu_core.unit import Unit
from dangwu_core.workflow import (
    Definition,
    State,
    Transition,
    default_definition_data,
    load_definition,
)

from . import testflow
from .conftest import walk

#: The steps that end disclosure (or refuse it): an item they leave is not disclosed.
STOPPING = {"cancel", "return", "refuse", "defer", "withdraw", "terminate"}


def _public(definition: Definition, state: str) -> bool:
    return "by_scope" in definition.states[state].readers


def back_doors(definition: Definition) -> list[str]:
    """Every way an item reaches a state readable by scope other than by being published
    (and staying disclosed since), and every archive step that widens readers; as paths."""
    start = (definition.initial, False)
    paths = {start: [definition.initial]}
    frontier = [start]
    found = []
    if _public(definition, definition.initial):
        found.append(f"{definition.initial} (the initial state) is readable by scope")
    while frontier:
        state, disclosed = frontier.pop(0)
        for step in definition.transitions_from(state):
            path = [*paths[(state, disclosed)], f"-{step.name}({step.kind})->", step.target]
            public = _public(definition, step.target)
            if public and step.kind in STOPPING:
                found.append(" ".join(path) + ": a stopping step leaves it readable by scope")
                continue
            if public and not (disclosed or step.kind == "publish"):
                found.append(" ".join(path) + ": readable by scope, never published")
                continue
            widened = set(definition.states[step.target].readers) - set(
                definition.states[state].readers
            )
            if step.kind == "archive" and widened:
                found.append(" ".join(path) + f": archiving adds readers {sorted(widened)}")
            node = (step.target, public)
            if node not in paths:
                paths[node] = path
                frontier.append(node)
    return found


def _installed() -> Unit:
    """A unit with every installed plugin (entry points) and this package's test workflow."""
    settings = load_settings(environ={}, database_url="sqlite:///:memory:")
    return Unit.start(settings, extra_plugins=[("testflow", testflow)])


def test_no_loaded_workflow_discloses_an_item_that_was_never_published_or_was_stopped():
    unit = _installed()
    walked = {d.name: back_doors(d) for d in unit.registry.workflows}
    # Core's, the test sector's and the test plugin's at least; every installed sector's too.
    assert {"dangwu.default", "testsector.standard", "testflow.branch"} <= set(walked)
    assert {name: found for name, found in walked.items() if found} == {}


def _unchecked(data: dict) -> Definition:
    """A definition built from data without the loader's checks (main's, before the rule)."""
    states = {
        name: State(name, s["label"], tuple(s["readers"]), s["kind"])
        for name, s in data["states"].items()
    }
    transitions = {
        name: Transition(
            name, t["label"], t["kind"], tuple(t["from"]), t["to"], tuple(t.get("role", ()))
        )
        for name, t in data["transitions"].items()
    }
    return Definition(data["workflow"], data["label"], data["initial"], states, transitions)


def _before_the_rule() -> dict:
    """core's default as it was: one archive step from every closed state to ``archived``."""
    data = default_definition_data()
    del data["states"]["archived_undisclosed"], data["transitions"]["archive_undisclosed"]
    data["transitions"]["archive"]["from"] = [
        "published", "expired", "withdrawn", "refused", "superseded",
    ]  # fmt: skip
    return data


def test_the_walk_finds_the_back_door_of_archiving_a_refused_or_withdrawn_item():
    found = back_doors(_unchecked(_before_the_rule()))
    assert any("-refuse(refuse)-> refused -archive(archive)-> archived" in f for f in found)
    assert any("withdrawn -archive(archive)-> archived" in f for f in found)
    assert any("superseded -archive(archive)-> archived" in f for f in found)
    assert back_doors(_unchecked(default_definition_data())) == []


BASES = {"dangwu.default": default_definition_data()}


def _load(unit, data):
    return load_definition(data, unit.registry.workflow_functions, BASES.get)


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            {"transitions": {"archive": {"from": {"add": ["refused"]}}}},
            "transitions.archive: an item in 'refused' is not readable by scope, and this step "
            "(kind 'archive') would make it readable by scope in 'archived'",
        ),
        (
            {"transitions": {"archive": {"from": {"add": ["withdrawn"]}}}},
            "archiving keeps the readers an item had, but 'archived' admits by_scope, which "
            "'withdrawn' does not",
        ),
        (
            {"states": {"archived_undisclosed": {"readers": {"add": ["supervisor@parent"]}}}},
            "transitions.archive_undisclosed: archiving keeps the readers an item had, but "
            "'archived_undisclosed' admits supervisor@parent, which 'withdrawn' does not",
        ),
        (
            {"states": {"withdrawn": {"readers": {"add": ["by_scope"]}}}},
            "transitions.withdraw: a step of kind 'withdraw' stops disclosure, so its target "
            "'withdrawn' may not be readable by scope",
        ),
        (
            {"states": {"draft": {"readers": {"add": ["by_scope"]}}}},
            "states.draft: the initial state may not be readable by scope",
        ),
        (
            {"transitions": {"reopen_public": {
                "label": "恢复公开", "kind": "reopen", "from": ["withdrawn"], "to": "published",
                "role": "publisher"}}},
            "transitions.reopen_public: an item in 'withdrawn' is not readable by scope",
        ),
    ],
)  # fmt: skip
def test_a_workflow_that_breaks_the_rule_does_not_load(unit, edit, message):
    with pytest.raises(ValidationError) as raised:
        _load(unit, {"workflow": "test.leaky", "extends": "dangwu.default", **edit})
    assert "workflow definition 'test.leaky' is invalid" in str(raised.value)
    assert message in str(raised.value)


class LeakyPlugin:
    """A plugin whose procedure archives refused items where the public reads them."""

    @hookimpl(tryfirst=True)
    def dangwu_workflow_definition(self, organization_type, settings):
        return {
            "workflow": "leaky.procedure",
            "extends": "dangwu.default",
            "transitions": {"archive": {"from": {"add": ["refused"]}}},
        }


def test_a_plugin_whose_workflow_breaks_the_rule_is_refused_naming_it():
    settings = load_settings(environ={}, database_url="sqlite:///:memory:")
    with pytest.raises(PluginError) as raised:
        Unit.start(settings, extra_plugins=[("leaky", LeakyPlugin())])
    text = str(raised.value)
    assert "leaky" in text and "dangwu_workflow_definition" in text
    assert "only a step of kind publish discloses an item" in text


def test_archiving_keeps_the_readers_through_the_engine_004_5_5(town):
    """Each closed item is archived by the archive step that leaves its state, into a state
    with the readers it had; a published one stays readable by scope."""
    unit = town.unit
    definition = unit.registry.workflows.get("dangwu.default")
    refused = walk(town, town.draft(), "start_review")
    unit.fire(refused, "refuse", town.reviewer, comment="不宜公开")
    published = walk(town, town.draft(), "publish")
    for item in (refused, published):
        before = set(definition.states[item.state].readers)
        (step,) = [t for t in definition.transitions_of_kind("archive") if item.state in t.sources]
        unit.fire(item, step.name, town.publisher)
        assert definition.states[item.state].kind == "archived"
        assert set(definition.states[item.state].readers) == before
    assert (refused.state, published.state) == ("archived_undisclosed", "archived")
