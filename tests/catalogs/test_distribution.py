"""The Python-distribution route: an upstream body publishes its catalog as a package
(tests/fixtures/dangwu-testcatalog, installed in the test environment); the unit installs
it through the same code as a file, trusting the distribution as code."""

from __future__ import annotations

import pytest

from dangwu_core.catalogs.install import install_template, template_distribution
from dangwu_core.catalogs.package import load, write
from dangwu_core.clock import FixedClock, use_clock
from dangwu_core.errors import NotFound, ValidationError
from dangwu_core.models import Catalog, Event, Obligation

from .keys import pinned, signed_file
from .sample import MARCH_10, build_town

NAME = "testcatalog.branch-minimal"


@pytest.fixture
def town(unit):
    if NAME not in unit.registry.catalog_templates:
        pytest.skip("dangwu-testcatalog is not installed (make install)")
    with use_clock(FixedClock(MARCH_10)):
        return build_town(unit)


def test_the_template_names_its_distribution(unit, town):
    path, shipped_by = template_distribution(unit, NAME)
    assert path.name == "branch-minimal.dwcat.json"
    assert shipped_by == "dangwu-testcatalog 0.2.0"


def test_a_template_installs_through_the_same_code_as_a_file(unit, town):
    with use_clock(FixedClock(MARCH_10)):
        applied = install_template(unit, NAME)
    catalog = applied.catalog
    assert catalog.signed_by == "distribution:dangwu-testcatalog 0.2.0"
    assert catalog.source == f"template:{NAME}"
    assert Obligation.select().count() == 2 * 4  # two branches, quarterly
    assert not Event.select().where(Event.action == "catalog.trust_override").exists()
    # The county is outside the deployment: it files its catalog in its own (004 七(二)).
    assert applied.filing is None
    assert Event.get(Event.action == "catalog.install").organization is None


def test_the_same_package_as_a_loose_file_must_be_signed(unit, town, tmp_path):
    path, _ = template_distribution(unit, NAME)
    copy = write(tmp_path / "copy.dwcat.json", load(path).raw)
    with pytest.raises(ValidationError, match="not signed by its issuer 'TESTCOUNTY'"):
        unit.install_catalog(copy)
    assert Catalog.select().count() == 0


def test_a_signature_shipped_in_a_distribution_is_still_checked(unit, town, tmp_path, monkeypatch):
    """A template carrying a signature that does not verify is refused: the file was changed."""
    path, _ = template_distribution(unit, NAME)
    data = load(path).raw
    data["issuer"] = {"code": "TS", "name": "中共测试单位委员会"}
    signed = signed_file(tmp_path / "signed.dwcat.json", data)
    text = signed.read_text(encoding="utf-8").replace("支部最小", "被改过的")
    signed.write_text(text, encoding="utf-8")
    template = unit.registry.catalog_templates[NAME]
    monkeypatch.setitem(
        unit.registry.catalog_templates, NAME, type(template)(NAME, signed, template.title)
    )
    pinned(unit)
    with use_clock(FixedClock(MARCH_10)), pytest.raises(ValidationError, match="does not match"):
        install_template(unit, NAME)


def test_an_unknown_template(unit):
    with pytest.raises(NotFound, match="no plugin offers the catalog template 'nope'"):
        install_template(unit, "nope")
