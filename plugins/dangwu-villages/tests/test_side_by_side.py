"""Villages installed beside another sector (the core tests' test sector, installed with
every tests/fixtures distribution): their types, catalogs, workflows and demos do not collide,
and each type follows its own sector's procedure."""

import pytest


@pytest.fixture
def registry(unit):
    if not unit.pm.has_plugin("testsector"):
        pytest.skip("the test sector (tests/fixtures/dangwu-testsector) is not installed")
    return unit.registry


def test_two_sectors_register_disjoint_namespaced_names(registry):
    types = {t.name: t.sector for t in registry.organization_types}
    ours = {n for n, sector in types.items() if sector == "testsector"}
    assert ours == {"testsector_committee", "testsector_general_branch", "testsector_branch"}
    assert "village_branch" in types and types["village_branch"] == "village"
    templates = set(registry.catalog_templates)
    assert {"villages.county-standard", "villages.town-catalog", "testsector.standard"} <= templates
    assert {"villages", "testsector"} <= set(registry.demos)


def test_each_type_follows_its_own_sectors_workflow(registry):
    by_type = registry.workflows.by_type
    assert by_type["village_branch"] == "villages.branch"
    assert by_type["town_committee"] == "villages.town"
    assert {by_type[t] for t in ("testsector_committee", "testsector_branch")} == {
        "testsector.standard"
    }
