"""Core's tests stand on core alone: they run on the neutral test sector
(tests/fixtures/dangwu-testsector), never on a shipped sector plugin, and two sectors'
names never silently collide (a clash is one PluginError naming both plugins)."""

from __future__ import annotations

import configparser
import importlib.metadata
import os
import re
from pathlib import Path

import pytest

from dangwu_core import hookimpl
from dangwu_core.catalogs import CatalogTemplate
from dangwu_core.demo import Demo
from dangwu_core.errors import PluginError
from dangwu_core.organizations import OrganizationType
from dangwu_core.settings import load_settings
from dangwu_core.unit import Unit

TESTS = Path(__file__).parents[1]
CHECKOUT = TESTS.parent
#: A shipped sector named by core's tests: its package imported, its demo, type or template.
SHIPPED = re.compile(r"dangwu_villages|[\"']villages[\"'.]|--sector[\", ]+villages")
#: These build the shipped distributions from the checkout (the integrator guide's walk-through
#: and the unit template, once per shipped sector) in venvs of their own: they are about the
#: shipped product and import nothing of it.
ABOUT_THE_SHIPPED_PRODUCT = ("docs", "unit_template")


def start(*, extra=()) -> Unit:
    settings = load_settings(environ={}, database_url="sqlite:///:memory:")
    return Unit.start(settings, extra_plugins=extra)


def shipped_sector_distributions() -> list[str]:
    names = []
    for path in sorted((CHECKOUT / "plugins").glob("*/setup.cfg")):
        config = configparser.ConfigParser()
        config.read(path, encoding="utf-8")
        names.append(config["metadata"]["name"])
    return names


def test_no_core_test_names_a_shipped_sector():
    offenders = []
    for path in sorted(TESTS.rglob("*.py")):
        relative = path.relative_to(TESTS)
        if path == Path(__file__) or relative.parts[0] in ABOUT_THE_SHIPPED_PRODUCT:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if SHIPPED.search(line):
                offenders.append(f"tests/{relative}:{number}: {line.strip()}")
    assert offenders == [], "core's tests must use the test sector:\n" + "\n".join(offenders)


@pytest.mark.skipif(
    not os.environ.get("DANGWU_TEST_CORE_ONLY"), reason="set by `make test-core` only"
)
def test_the_core_only_environment_has_no_sector_plugin():
    installed = []
    for name in shipped_sector_distributions():
        try:
            importlib.metadata.distribution(name)
        except importlib.metadata.PackageNotFoundError:
            continue
        installed.append(name)
    assert installed == []
    assert start().registry.demos.keys() == {"testsector"}


def test_the_demo_fixture_is_the_test_sectors(demo):
    from dangwu_core.models import Organization

    types = {o.type for o in Organization.select()}
    assert types and all(t.startswith("testsector_") for t in types)


# --- a clash is one error naming both plugins ------------------------------------------------


class SameType:
    @staticmethod
    @hookimpl
    def dangwu_register_organization_types():
        return [OrganizationType("testsector_branch", "另一支部", "branch", "other")]


class SameCatalog:
    @staticmethod
    @hookimpl
    def dangwu_register_catalog_templates():
        return [CatalogTemplate("testsector.standard", TESTS / "nowhere.dwcat.json", "同名目录")]


class SameDemo:
    @staticmethod
    @hookimpl
    def dangwu_register_demos():
        return [Demo("testsector", "同名演示", lambda builder: None)]


class SameWorkflowName:
    """A sector with a type of its own whose procedure reuses the test sector's name."""

    @staticmethod
    @hookimpl
    def dangwu_register_organization_types():
        return [OrganizationType("clash_branch", "冲突支部", "branch", "clash", root=True)]

    @staticmethod
    @hookimpl(tryfirst=True)
    def dangwu_workflow_definition(organization_type):
        if organization_type.name != "clash_branch":
            return None
        from dangwu_core.workflow import default_definition_data

        data = default_definition_data()
        data["workflow"] = "testsector.standard"
        data["label"] = "另一个程序"
        return data


@pytest.mark.parametrize(
    "plugin, what",
    [
        (SameType, "OrganizationType 'testsector_branch'"),
        (SameCatalog, "CatalogTemplate 'testsector.standard'"),
        (SameDemo, "Demo 'testsector'"),
        (SameWorkflowName, "workflow 'testsector.standard'"),
    ],
)
def test_a_name_two_plugins_register_is_one_error_naming_both(plugin, what):
    with pytest.raises(PluginError) as caught:
        start(extra=[("clashing", plugin)])
    message = str(caught.value)
    assert what in message
    assert "'clashing'" in message and "'testsector'" in message


def test_cores_own_code_and_docstrings_name_no_shipped_sector():
    """Core stays sector-neutral, down to its docstrings' examples (they use ``myplugin``): no
    module of dangwu_core names a shipped sector plugin (``plugins/dangwu-<sector>``)."""
    sectors = sorted(p.name.removeprefix("dangwu-") for p in (CHECKOUT / "plugins").iterdir())
    assert sectors, "the checkout ships sector plugins"
    pattern = re.compile("|".join(re.escape(s.rstrip("s")) for s in sectors), re.IGNORECASE)
    named = [
        f"{path.relative_to(CHECKOUT)}:{number}: {line.strip()}"
        for path in sorted((CHECKOUT / "dangwu_core").rglob("*.py"))
        if "migrations" not in path.parts
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if pattern.search(line)
    ]
    assert named == []
