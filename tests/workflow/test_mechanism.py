"""The mechanism: definitions bound per organization type by a plugin, validated at load;
review checks; one transaction; notifications; optimistic concurrency."""

from __future__ import annotations

import copy
import threading

import pytest

from dangwu_core import people
from dangwu_core.errors import (
    ConflictError,
    GuardRefused,
    PermissionDenied,
    PluginError,
    ValidationError,
)
from dangwu_core.models import Disclosure, Event
from dangwu_core.settings import load_settings
from dangwu_core.unit import Unit
from dangwu_core.workflow import default_definition_data, load_definition

from . import testflow
from .conftest import FINDINGS, person


@pytest.fixture
def flow(sqlite_url):
    unit = Unit.start(
        load_settings(environ={}, database_url=sqlite_url), extra_plugins=[("testflow", testflow)]
    )
    unit.upgrade()
    town = unit.create_organization(code="town", name="仙女镇党委", type="testsector_committee")
    branch = unit.create_organization(
        code="v1", name="东方村党支部", type="testsector_branch", parent="town"
    )
    ns = type("Flow", (), {})()
    ns.unit, ns.town, ns.branch = unit, town, branch
    ns.liaison = person("村联络员", branch, "liaison")
    ns.secretary = person("村支书", branch, "approver")
    ns.office = person("镇公开办", town, "publisher")
    ns.branch_publisher = person("村公开员", branch, "publisher")
    yield ns
    unit.db.close()


def draft(ns, body="本季度发展党员1名。"):
    return ns.unit.create_draft(
        ns.branch, ns.liaison, "发展党员情况", body, "party", ["party_portal"]
    )


def test_a_plugin_binds_the_branch_procedure_000_4_1_2(flow):
    unit = flow.unit
    assert unit.registry.workflows.by_type["testsector_branch"] == "testflow.branch"
    # the plugin answers for its type only: the town follows whatever else binds it
    assert unit.registry.workflows.by_type["testsector_committee"] != "testflow.branch"
    d = draft(flow)
    assert (d.workflow, d.state) == ("testflow.branch", "draft")
    unit.fire(d, "submit", flow.liaison)
    unit.fire(d, "approve", flow.secretary, findings=FINDINGS)
    assert unit.available_transitions(d, flow.branch_publisher) == []
    with pytest.raises(PermissionDenied, match="parent organization"):
        unit.fire(d, "publish", flow.branch_publisher)
    assert unit.available_transitions(d, flow.office) == ["publish"]
    unit.fire(d, "publish", flow.office)
    assert d.state == "published" and d.published_at is not None
    assert testflow.TRANSITIONS[-3:] == [
        (d.id, "submit", "submitted"),
        (d.id, "approve", "approved"),
        (d.id, "publish", "published"),
    ]


def test_a_blocking_review_check_refuses_with_its_message(flow):
    d = draft(flow, body="本文件为机密文件。")
    flow.unit.fire(d, "submit", flow.liaison)
    with pytest.raises(GuardRefused, match="blocks it: 正文含密级标志“机密”") as refused:
        flow.unit.fire(d, "approve", flow.secretary, findings=FINDINGS)
    assert refused.value.guard == "review_checks_pass"


def test_a_redaction_request_sends_the_text_back_for_redaction(flow):
    d = draft(flow, body="申请人身份证号 32108419800101123X。")
    flow.unit.fire(d, "submit", flow.liaison)
    with pytest.raises(GuardRefused, match="asks for redaction"):
        flow.unit.fire(d, "approve", flow.secretary, findings=FINDINGS)
    flow.unit.fire(d, "send_back", flow.secretary, comment="请脱敏")
    from dangwu_core.disclosures import edit_draft

    d = edit_draft(flow.unit, d, flow.liaison, body="申请人身份证号 3210************3X。")
    flow.unit.fire(d, "submit", flow.liaison)
    event = flow.unit.fire(d, "approve", flow.secretary, findings=FINDINGS)
    checks = [c for c in event.payload["checks"] if c["check"].startswith("testflow.")]
    assert checks == [
        {
            "check": "testflow.markings",
            "aspect": "secrecy",
            "outcome": "pass",
            "message": "",
            "escalate": False,
        }
    ]


def test_a_failing_effect_leaves_nothing_changed(flow):
    d = draft(flow)
    for name, actor, options in [
        ("submit", flow.liaison, {}),
        ("approve", flow.secretary, {"findings": FINDINGS}),
        ("publish", flow.office, {}),
    ]:
        flow.unit.fire(d, name, actor, **options)
    before = (Event.select().count(), d.lock_version)
    with pytest.raises(RuntimeError, match="on fire"):
        flow.unit.fire(d, "archive", flow.office, explode=True)
    stored = Disclosure.get_by_id(d.id)
    assert (stored.state, stored.lock_version) == ("published", before[1])
    assert Event.select().count() == before[0]
    flow.unit.fire(stored, "archive", flow.office)
    assert stored.state == "archived"


def test_a_stale_version_is_a_conflict(flow):
    d = draft(flow)
    stale = copy.deepcopy(d)
    flow.unit.fire(d, "submit", flow.liaison)
    with pytest.raises(ConflictError, match="changed by someone else"):
        flow.unit.fire(stale, "submit", flow.liaison)
    with pytest.raises(ConflictError):
        flow.unit.fire(d, "approve", flow.secretary, findings=FINDINGS, expected_lock_version=1)
    assert Disclosure.get_by_id(d.id).state == "submitted"


def test_two_connections_firing_at_once_one_wins(any_unit):
    unit = any_unit
    town = unit.create_organization(code="town", name="仙女镇党委", type="testsector_committee")
    proposer = person("组织委员", town, "proposer")
    reviewers = [person("审核人甲", town, "reviewer"), person("审核人乙", town, "reviewer")]
    d = unit.create_draft(town, proposer, "党费收缴", "正文", "party", ["party_portal"])
    unit.fire(d, "propose", proposer)
    copies = [Disclosure.get_by_id(d.id) for _ in reviewers]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def review(copy_, reviewer):
        barrier.wait()
        try:
            unit.fire(copy_, "start_review", reviewer)
            outcomes.append("won")
        except ConflictError:
            outcomes.append("conflict")
        finally:
            from dangwu_core.db import database

            database.close()

    threads = [
        threading.Thread(target=review, args=pair) for pair in zip(copies, reviewers, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(outcomes) == ["conflict", "won"]
    stored = Disclosure.get_by_id(d.id)
    assert (stored.state, stored.lock_version) == ("in_review", 3)
    started = Event.select().where(Event.action == "disclosure.start_review").count()
    assert started == 1


# --- definitions are validated when loaded ------------------------------------------------


def _functions(unit):
    return unit.registry.workflow_functions


def test_the_default_definition_loads(unit):
    definition = load_definition(default_definition_data(), _functions(unit))
    assert definition.initial == "draft"
    assert "not_suitable" in definition.states


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["transitions"]["propose"].update(to="limbo"), "unknown state 'limbo'"),
        (
            lambda d: d["transitions"]["publish"]["guards"].append("moon_is_full"),
            "unknown guard 'moon_is_full'",
        ),
        (
            lambda d: d["transitions"]["publish"]["effects"].append("fireworks"),
            "unknown effect 'fireworks'",
        ),
        (
            lambda d: d["states"].update(
                limbo={"label": "无", "kind": "closed", "readers": ["admin"]}
            ),
            "'limbo' cannot be reached",
        ),
        (
            lambda d: d["transitions"]["approve"].update(guards=[]),
            "must list the guard 'not_proposer'",
        ),
        (lambda d: d["transitions"]["propose"].update(role="pope"), "unknown role 'pope'"),
        (
            lambda d: d["transitions"]["propose"].update(condition="x > 1"),
            "condition: Unknown field",
        ),
        (lambda d: d["states"]["draft"].update(readers=["everyone"]), "unknown reader"),
        (
            lambda d: d["transitions"]["publish"].update(kind="celebrate"),
            "unknown kind 'celebrate'; kinds are propose, cancel, review",
        ),
        (lambda d: d["states"]["draft"].pop("kind"), "states.draft.value.kind: Missing data"),
    ],
)
def test_a_bad_definition_is_one_clear_error(unit, change, message):
    data = default_definition_data()
    change(data)
    with pytest.raises(ValidationError, match=r"workflow definition 'dangwu.default' is invalid"):
        load_definition(data, _functions(unit))
    with pytest.raises(ValidationError) as raised:
        load_definition(data, _functions(unit))
    assert message in str(raised.value)


def test_a_plugin_with_a_bad_definition_is_named_at_start(sqlite_url):
    class Broken:
        @staticmethod
        def dangwu_workflow_definition(organization_type):
            data = default_definition_data()
            data["transitions"]["publish"]["guards"] = ["moon_is_full"]
            return data

    from dangwu_core import hookimpl

    Broken.dangwu_workflow_definition = hookimpl(Broken.dangwu_workflow_definition)
    with pytest.raises(PluginError, match=r"plugin 'broken' failed .*moon_is_full"):
        Unit.start(
            load_settings(environ={}, database_url=sqlite_url), extra_plugins=[("broken", Broken)]
        )


def test_a_superuser_proposes_nothing_without_the_role(unit):
    root = people.create_person("管理员")
    people.create_account(root, "root2", "a-long-password", superuser=True)
    town = unit.create_organization(code="t", name="镇", type="testsector_committee")
    with pytest.raises(PermissionDenied):
        unit.create_draft(town, root, "t", "b", "public", ["website"])


def test_a_plugin_chooses_a_procedure_from_the_units_settings(sqlite_url):
    """``dangwu_workflow_definition`` receives the settings (a unit picks a procedure)."""
    from dangwu_core import hookimpl

    class ByName:
        @staticmethod
        @hookimpl(tryfirst=True)
        def dangwu_workflow_definition(organization_type, settings):
            if organization_type.name == "testsector_branch" and settings.unit_name == "分支程序":
                return {**default_definition_data(), "workflow": "test.by_setting"}
            return None

    for name, chosen in (("分支程序", True), ("", False)):
        settings = load_settings(environ={}, database_url=sqlite_url, unit_name=name)
        unit = Unit.start(settings, extra_plugins=[("by_name", ByName)])
        bound = unit.registry.workflows.by_type["testsector_branch"]
        assert (bound == "test.by_setting") is chosen
