"""Installing catalog packages: everything or nothing (DESIGN: a bad input leaves the
database as it was), versions, filing, obligations."""

import json

import pytest

from dangwu_core.catalogs.package import load
from dangwu_core.clock import FixedClock, use_clock
from dangwu_core.errors import ValidationError
from dangwu_core.models import (
    Catalog,
    CatalogItem,
    CatalogStatus,
    Category,
    Event,
    Filing,
    FilingKind,
    Obligation,
    ObligationStatus,
)

from .sample import MARCH_10, build_town, item, manifest, package_file

TABLES = (Catalog, Category, CatalogItem, Obligation, Filing, Event)


@pytest.fixture
def town(unit):
    with use_clock(FixedClock(MARCH_10)):
        yield build_town(unit)


def _counts():
    return {model.__name__: model.select().count() for model in TABLES}


def test_install_from_a_package_file(unit, town, tmp_path):
    path = package_file(tmp_path)
    with use_clock(FixedClock(MARCH_10)):
        catalog = unit.install_catalog(path, allow_unsigned=True)
    assert (catalog.code, catalog.version, catalog.status) == (
        "town-branch-standard",
        "1.0.0",
        CatalogStatus.ACTIVE,
    )
    assert catalog.source == "town.dwcat.json" and len(catalog.sha256) == 64
    assert [c.code for c in catalog.categories.order_by(Category.sort_order)] == [
        "decisions",
        "organization",
        "service",
    ]
    staged = CatalogItem.get(CatalogItem.code == "JY-03")
    assert staged.phases == ["事前", "事中", "事后"] and staged.spans_years
    assert staged.category.code == "decisions"
    assert Obligation.select().where(Obligation.organization == town["TS-B01"]).count() == 21


def test_the_maker_at_the_top_files_its_catalog_with_the_upper_body_004_7_2(unit, town):
    """004 七(二): the organization that makes the catalog files it (报上级党组织备案); the town
    is the top of its deployment, so the filing is its ledger of the report to the county."""
    with use_clock(FixedClock(MARCH_10)):
        catalog = unit.install_catalog(manifest(), allow_unsigned=True)
    filing = Filing.get(Filing.subject_id == catalog.id)
    assert filing.kind == FilingKind.CATALOG and filing.subject_type == "catalog"
    assert filing.organization_id == town["TS"].id and filing.upper_organization is None
    assert "报上级党组织" in filing.title
    assert filing.payload["organizations"] == ["TS-B01", "TS-B02"]
    assert Event.get(Event.action == "catalog.install").payload["version"] == "1.0.0"


def test_a_catalog_made_outside_the_deployment_is_not_filed_here(unit, town):
    """The county is not in the town's deployment: it files its catalog with its own upper
    organization; the town records the install (an event), not a filing of its own."""
    with use_clock(FixedClock(MARCH_10)):
        unit.install_catalog(
            manifest(issuer={"code": "QJX", "name": "中共綦江县委"}), allow_unsigned=True
        )
    assert not Filing.select().exists()
    assert Catalog.get().issuer is None
    assert Obligation.select().where(Obligation.organization == town["TS-B01"]).count() == 21


def _broken(change):
    data = manifest()
    change(data)
    return data


REFUSALS = {
    "unknown category": (
        lambda m: item("JY-01", m).update(category="nope"),
        "item 'JY-01': category: unknown category 'nope'",
    ),
    "duplicate item code": (
        lambda m: item("FW-01", m).update(code="JY-01"),
        "item code 'JY-01' is used twice",
    ),
    "periodic without cadence": (
        lambda m: item("JY-01", m).pop("cadence"),
        "item 'JY-01': cadence: a periodic item",
    ),
    "channel that cannot carry the scope": (
        lambda m: item("JY-01", m).update(channels=["website"]),
        "item 'JY-01'.*'website'.*cannot carry a 'party'",
    ),
    "unknown channel": (
        lambda m: item("FW-01", m).update(channels=["carrier_pigeon"]),
        "item 'FW-01'.*unknown channel 'carrier_pigeon'",
    ),
    "unknown organization type": (
        lambda m: m.update(applies_to=["testsector_branch", "space_station"]),
        "unknown organization type 'space_station'",
    ),
    "long-term shown less than six months": (
        lambda m: item("ZZ-01", m).update(display_months=3),
        "item 'ZZ-01': display_months: long-term items stay shown at least 6 months",
    ),
    "staged without phases": (
        lambda m: item("JY-03", m).update(phases=[]),
        "item 'JY-03': phases",
    ),
    "bad version": (lambda m: m.update(version="1.0"), "version: must be major.minor.patch"),
    "unknown field": (lambda m: item("JY-01", m).update(colour="red"), "item 'JY-01': colour"),
}


@pytest.mark.parametrize("case", sorted(REFUSALS))
def test_a_refused_package_leaves_the_database_unchanged(unit, town, case):
    change, message = REFUSALS[case]
    before = _counts()
    with use_clock(FixedClock(MARCH_10)), pytest.raises(ValidationError, match=message):
        unit.install_catalog(_broken(change), allow_unsigned=True)
    assert _counts() == before


def test_errors_name_the_field_and_the_item(unit, town):
    with pytest.raises(ValidationError) as caught:
        unit.install_catalog(
            _broken(lambda m: item("JY-01", m).pop("cadence")), allow_unsigned=True
        )
    assert caught.value.field == "items[JY-01].cadence"


def test_an_equal_or_lower_version_is_refused_and_changes_nothing(unit, town):
    with use_clock(FixedClock(MARCH_10)):
        unit.install_catalog(manifest(version="1.2.0"), allow_unsigned=True)
        before = _counts()
        for version in ("1.2.0", "1.1.9", "0.9.0"):
            with pytest.raises(ValidationError, match="not newer than the installed version"):
                unit.install_catalog(manifest(version=version), allow_unsigned=True)
            assert _counts() == before


def test_a_newer_version_supersedes_the_older_one_and_takes_over_its_obligations(unit, town):
    """Unchanged items keep their obligations from the effective date on (re-pointed to the
    new rows, nothing closed, nothing asked twice); earlier periods stay with the old rows."""
    with use_clock(FixedClock(MARCH_10)):
        old = unit.install_catalog(manifest(), allow_unsigned=True)
        before = Obligation.select().count()
        new = unit.install_catalog(
            manifest(version="1.10.0", effective_date="2026-07-01"), allow_unsigned=True
        )
    assert Catalog.get_by_id(old.id).status == CatalogStatus.SUPERSEDED
    assert new.status == CatalogStatus.ACTIVE
    assert Obligation.select().count() == before

    def labels(catalog):
        return {
            o.period_label
            for o in Obligation.select()
            .join(CatalogItem)
            .where((CatalogItem.catalog == catalog.id) & (CatalogItem.code == "JY-01"))
        }

    assert labels(old) == {f"2026-{m:02d}" for m in range(1, 7)}
    assert labels(new) == {f"2026-{m:02d}" for m in range(7, 13)}
    assert not Obligation.select().where(Obligation.status == ObligationStatus.CLOSED).exists()


def test_a_package_file_must_be_json_with_the_format(tmp_path):
    path = tmp_path / "broken.dwcat.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(ValidationError, match="not JSON"):
        load(path)
    path.write_text(json.dumps({"format": "other/9", "manifest": manifest()}), encoding="utf-8")
    with pytest.raises(ValidationError, match="format: must be 'dangwu-catalog/1'"):
        load(path)
    with pytest.raises(ValidationError, match="cannot read"):
        load(tmp_path / "missing.dwcat.json")


def test_a_written_package_reads_back_the_same(tmp_path):
    package = load(package_file(tmp_path))
    assert package.manifest["effective_date"].isoformat() == "2026-01-01"
    assert item("FW-01", package.manifest)["display_days"] is None
    assert load(manifest()).sha256 == package.sha256
