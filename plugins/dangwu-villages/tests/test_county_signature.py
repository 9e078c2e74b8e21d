"""The county standard is built and signed as an upstream body would (003 §6(一)): it verifies
with the county's public key shipped beside it, and a unit that pins that key installs it."""

import json

from dangwu_villages.plugin import CATALOGS

from dangwu_core.toolkit import Catalog, load_catalog_package, trusted_keys, verify_catalog_package

COUNTY = CATALOGS / "county-standard.dwcat.json"
COUNTY_KEY = CATALOGS / "QJX.pub"


def test_the_county_standard_verifies_with_its_shipped_public_key_003_6_1():
    verdict = verify_catalog_package(load_catalog_package(COUNTY), trusted_keys([str(COUNTY_KEY)]))
    assert verdict.ok, verdict.message
    assert verdict.key_id.startswith("QJX/")


def test_a_changed_county_standard_no_longer_verifies(tmp_path):
    data = json.loads(COUNTY.read_text(encoding="utf-8"))
    data["manifest"]["items"][0]["scope"] = "public"
    changed = tmp_path / "changed.dwcat.json"
    changed.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    verdict = verify_catalog_package(load_catalog_package(changed), trusted_keys([str(COUNTY_KEY)]))
    assert (verdict.ok, verdict.reason) == (False, "bad_signature")


def test_a_unit_pinning_the_county_key_installs_the_file(unit):
    pinned = unit.__class__(
        unit.settings.replace(trusted_catalog_keys=[str(COUNTY_KEY)]), unit.pm, unit.registry
    )
    pinned.db = unit.db
    catalog = pinned.install_catalog(COUNTY)
    assert catalog.signed_by.startswith("QJX/")
    assert Catalog.select().count() == 1
