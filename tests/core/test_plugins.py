"""Plugins: loaded from real entry points, disabled by settings, and named when they fail.

Rules: DESIGN.md "Hooks (pluggy, project name ``dangwu``) are the only way a sector, channel or
check adds behaviour"; ``dangwu_core.plugins`` (essential plugins cannot be disabled; any
other, installed or built in, can through ``disabled_plugins``); ``dangwu_core.hookspecs`` ("A
plugin that raises or answers with the wrong shape is named in a PluginError; hooks that write
run inside one transaction, so a failure leaves no half-written data").
"""

from __future__ import annotations

import importlib.metadata
import json

import dangwu_testplugin.plugin as testplugin
import pytest

from dangwu_core import hookimpl, hookspecs, plugins
from dangwu_core.catalogs import CatalogTemplate
from dangwu_core.channels import Channel
from dangwu_core.demo import Demo
from dangwu_core.errors import PluginError, SettingsError
from dangwu_core.models import Event, Organization, OrganizationClosure, Scope
from dangwu_core.organizations import OrganizationType
from dangwu_core.plugins import make_plugin_manager, plugin_infos
from dangwu_core.review import Finding, Outcome, ReviewCheck
from dangwu_core.settings import Setting, load_settings
from dangwu_core.unit import Unit

from .conftest import assert_ok, assert_refused


def start(url="sqlite:///:memory:", *, environ=None, path=None, extra=(), **overrides) -> Unit:
    settings = load_settings(path, environ=environ or {}, database_url=url, **overrides)
    return Unit.start(settings, extra_plugins=extra)


def loaded(unit) -> set[str]:
    return {info.name for info in plugin_infos(unit.pm)}


def infos(unit) -> dict:
    return {info.name: info for info in plugin_infos(unit.pm)}


# --- loading ------------------------------------------------------------------------------


def test_the_test_plugin_is_loaded_from_its_installed_entry_point():
    unit = start()
    assert unit.pm.get_plugin("testplugin") is testplugin
    dist = importlib.metadata.distribution("dangwu-testplugin")
    (entry_point,) = [ep for ep in dist.entry_points if ep.group == "dangwu"]
    assert (entry_point.name, entry_point.value) == ("testplugin", "dangwu_testplugin.plugin")
    info = infos(unit)["testplugin"]
    assert (info.distribution, info.version, info.essential) == (
        "dangwu-testplugin",
        dist.version,
        False,
    )
    assert info.hooks == (
        "dangwu_on_organization_created",
        "dangwu_register_blueprints",
        "dangwu_register_commands",
        "dangwu_register_content_sources",
        "dangwu_register_migrations",
        "dangwu_settings_defaults",
    )
    # its setting is declared, with its default
    assert unit.settings[testplugin.GREETING] == testplugin.DEFAULT_GREETING


def test_the_test_sector_is_loaded_with_its_types_and_demo():
    unit = start()
    info = infos(unit)["testsector"]
    assert info.distribution == "dangwu-testsector"
    assert "dangwu_register_organization_types" in info.hooks
    assert "testsector_committee" in unit.registry.organization_types
    assert "testsector" in unit.registry.demos


def test_core_plugins_come_first_and_say_whether_they_are_essential():
    listed = plugin_infos(start().pm)
    names = [i.name for i in listed]
    core = [n for n in names if n.startswith("core.")]
    assert names[: len(core)] == core
    essential = {i.name for i in listed if i.essential}
    assert essential == set(plugins.ESSENTIAL_PLUGINS)
    assert all(i.distribution == "dangwu-core" for i in listed if i.name.startswith("core."))


def test_plugins_command_lists_distribution_version_and_hooks(run):
    result = run("plugins", database=False)
    assert_ok(result)
    version = importlib.metadata.version("dangwu-testplugin")
    assert f"testplugin  dangwu-testplugin {version}\n" in result.output
    assert "    dangwu_register_commands\n" in result.output
    assert "core.channels  dangwu-core" in result.output and "(essential)" in result.output
    as_json = json.loads(run("plugins", "--json", database=False).output)
    entry = next(p for p in as_json if p["name"] == "testplugin")
    assert entry["distribution"] == "dangwu-testplugin" and entry["version"] == version
    assert "dangwu_settings_defaults" in entry["hooks"]


# --- disabling ----------------------------------------------------------------------------


def test_plugins_are_disabled_by_name_in_the_settings_file(tmp_path):
    path = tmp_path / "dangwu.toml"
    path.write_text('disabled_plugins = ["testplugin", "core.portal"]\n', encoding="utf-8")
    unit = start(path=path)
    assert unit.pm.get_plugin("testplugin") is None and unit.pm.get_plugin("core.portal") is None
    names = loaded(unit)
    assert "testplugin" not in names and "core.portal" not in names
    assert "testsector" in names
    assert testplugin.GREETING not in unit.settings


def test_plugins_are_disabled_by_the_environment():
    unit = start(environ={"DANGWU_DISABLED_PLUGINS": "testsector, testplugin"})
    names = loaded(unit)
    assert {"testsector", "testplugin"}.isdisjoint(names)
    assert "channels" in names
    assert "testsector_committee" not in unit.registry.organization_types
    assert "testsector" not in unit.registry.demos


def test_disabling_an_extra_plugin_by_name_skips_it_too():
    class Extra:
        @hookimpl
        def dangwu_register_organization_types(self):
            raise AssertionError("a disabled plugin was called")

    unit = start(extra=[("extra", Extra())], disabled_plugins=["extra"])
    assert unit.pm.get_plugin("extra") is None


def test_disabling_an_essential_plugin_is_an_error(run):
    essential = sorted(plugins.ESSENTIAL_PLUGINS)[0]
    with pytest.raises(SettingsError, match=f"'{essential}' is essential"):
        start(environ={"DANGWU_DISABLED_PLUGINS": f"testplugin,{essential}"})
    result = run.runner.invoke(run_cli(), ["plugins"], env={"DANGWU_DISABLED_PLUGINS": essential})
    assert_refused(result, f"plugin '{essential}' is essential")


def run_cli():
    from dangwu_core.cli import cli

    return cli


# --- failures are named -------------------------------------------------------------------


class Raising:
    @hookimpl
    def dangwu_register_organization_types(self):
        raise KeyError("missing label")


def test_a_plugin_raising_in_a_hook_is_named():
    with pytest.raises(PluginError) as caught:
        start(extra=[("boom", Raising())])
    error = caught.value
    assert (error.plugin, error.hook) == ("boom", "dangwu_register_organization_types")
    assert "'boom'" in str(error) and "dangwu_register_organization_types" in str(error)
    assert "KeyError" in str(error)
    assert isinstance(error.__cause__, KeyError)


@pytest.mark.parametrize(
    ("hook", "answer", "problem"),
    [
        ("dangwu_register_organization_types", {"name": "x"}, "returned dict, not a list"),
        ("dangwu_register_organization_types", ["x"], "'x', which is not an OrganizationType"),
        ("dangwu_register_channels", [42], "42, which is not a Channel"),
        ("dangwu_register_review_checks", [None], "None, which is not a ReviewCheck"),
        ("dangwu_register_catalog_templates", "t", "returned str, not a list"),
        ("dangwu_register_demos", [object], "which is not a Demo"),
        ("dangwu_settings_defaults", [("x", 1)], "which is not a Setting"),
    ],
)
def test_a_plugin_answering_the_wrong_shape_is_named(hook, answer, problem):
    plugin = type("Wrong", (), {hook: hookimpl(lambda self: answer)})()
    with pytest.raises(PluginError) as caught:
        start(extra=[("wrong", plugin)])
    assert (caught.value.plugin, caught.value.hook) == ("wrong", hook)
    assert problem in caught.value.problem


def test_a_name_registered_twice_names_both_plugins():
    class Twice:
        @hookimpl
        def dangwu_register_organization_types(self):
            return [
                OrganizationType(
                    "testsector_committee", "测试党委", "committee", "other", root=True
                )
            ]

    with pytest.raises(PluginError, match="'testsector_committee' is already registered") as caught:
        start(extra=[("twice", Twice())])
    message = str(caught.value)
    assert "'twice'" in message and "'testsector'" in message


def test_a_setting_declared_twice_is_named():
    class Clash:
        @hookimpl
        def dangwu_settings_defaults(self):
            return [Setting("database_url", "", "mine")]

    with pytest.raises(PluginError, match="'database_url' is declared twice") as caught:
        start(extra=[("clash", Clash())])
    assert caught.value.plugin == "clash"


def test_a_plugin_that_fails_to_import_is_named(monkeypatch):
    entry_point = importlib.metadata.EntryPoint("broken", "no_such_module.plugin", "dangwu")

    class Dist:
        entry_points = [entry_point]
        metadata = {"Name": "dangwu-broken"}
        version = "1.0"

    monkeypatch.setattr(plugins.importlib.metadata, "distributions", lambda: [Dist()])
    with pytest.raises(PluginError) as caught:
        make_plugin_manager()
    assert (caught.value.plugin, caught.value.hook) == ("broken", "import")
    assert "ModuleNotFoundError" in str(caught.value)


def test_hook_wrappers_are_refused_with_the_plugin_named():
    class Wrapper:
        @hookimpl(wrapper=True)
        def dangwu_register_channels(self):
            return (yield)

    with pytest.raises(PluginError, match="hook wrappers are not supported") as caught:
        start(extra=[("wrapper", Wrapper())])
    assert caught.value.plugin == "wrapper"


class RefusingCreation:
    @hookimpl
    def dangwu_on_organization_created(self, organization):
        if organization.code == "BAD":
            raise RuntimeError("the registry of branches is closed")


def test_a_hook_that_raises_while_writing_leaves_nothing_half_written(database_url, contents):
    unit = start(database_url, extra=[("refusing", RefusingCreation())])
    unit.upgrade()
    town = unit.create_organization(code="T", name="中共某镇委员会", type="testsector_committee")
    before = contents(database_url)
    with pytest.raises(PluginError) as caught:
        unit.create_organization(code="BAD", name="某支部", type="testsector_branch", parent=town)
    assert (caught.value.plugin, caught.value.hook) == (
        "refusing",
        "dangwu_on_organization_created",
    )
    assert "the registry of branches is closed" in str(caught.value)
    assert contents(database_url) == before
    assert not Organization.select().where(Organization.code == "BAD").exists()
    assert OrganizationClosure.select().count() == 1 and Event.select().count() == 1
    # the installed test plugin saw the organization that was created, not the refused one
    assert "T" in testplugin.CREATED and "BAD" not in testplugin.CREATED
    unit.db.close()


# --- every register hook lands in the registry ---------------------------------------------


class Contributing:
    """One plugin contributing through every ``dangwu_register_*`` hook the registry reads."""

    @hookimpl
    def dangwu_register_organization_types(self):
        return [OrganizationType("test_office", "测试办公室", "department", "testing", root=True)]

    @hookimpl
    def dangwu_register_channels(self):
        return [Channel("test_board", "测试公开栏", frozenset({Scope.PUBLIC}))]

    @hookimpl
    def dangwu_register_review_checks(self):
        return [
            ReviewCheck(
                "test.always_pass",
                "测试检查",
                "secrecy",
                lambda disclosure, version: Finding("test.always_pass", Outcome.PASS),
            )
        ]

    @hookimpl
    def dangwu_register_catalog_templates(self):
        return [CatalogTemplate("test.empty", "empty.dwcat.json", "空目录")]

    @hookimpl
    def dangwu_register_demos(self):
        return [Demo("testing", "测试演示", lambda builder: None)]


def test_the_registry_collects_every_register_hook():
    registry = start(extra=[("contributing", Contributing())]).registry
    assert registry.organization_types.get("test_office").label == "测试办公室"
    assert registry.channels.get("test_board").carries("public")
    check = registry.review_checks["test.always_pass"]
    assert check.run(None, None).outcome == Outcome.PASS
    assert registry.catalog_templates["test.empty"].title == "空目录"
    assert registry.demos["testing"].label == "测试演示"


def test_first_names_the_hook_when_no_plugin_answers():
    pm = plugins.PluginManager()
    pm.add_hookspecs(hookspecs)
    with pytest.raises(PluginError, match="no plugin answered"):
        plugins.first(pm, "dangwu_workflow_definition", organization_type=None)


def test_disabled_plugins_are_not_listed_by_the_plugins_command(run, monkeypatch):
    monkeypatch.setenv("DANGWU_DISABLED_PLUGINS", "testplugin")
    result = run("plugins", "--json", database=False)
    assert_ok(result)
    names = {p["name"] for p in json.loads(result.output)}
    assert "testplugin" not in names and "testsector" in names
