"""The county standard is built and signed as an upstream body would (003 §6(一)): it verifies
with the county's public key shipped beside it, and a unit that pins that key installs it."""

import json

import pytest
from dangwu_villages.plugin import CATALOGS

from dangwu_core.toolkit import (
    Catalog,
    CatalogPackage,
    TrustedCatalogKey,
    ValidationError,
    generate_catalog_key,
    load_catalog_package,
    sign_catalog_package,
    trusted_keys,
    verify_catalog_package,
    write_catalog_package,
)

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


def test_a_branch_catalog_for_all_village_branches_is_refused_even_with_its_key_pinned(
    town, tmp_path, contents
):
    """003 §6 and 004 七(二): the upper organization makes the catalog for its subordinate
    branches; a village branch stands above no other branch, so a package it signs for every
    village branch is refused although its key is pinned, and nothing is written."""
    unit = town.unit
    unit.create_organization(code="B2", name="某村第二党支部", type="village_branch", parent="G")
    manifest = json.loads(COUNTY.read_text(encoding="utf-8"))["manifest"]
    manifest.update(
        issuer={"code": "B", "name": "某村第一党支部"},
        code="branch-for-all-branches",
        applies_to=["village_branch"],
    )
    key = generate_catalog_key()
    unsigned = CatalogPackage(manifest=manifest, raw=manifest)
    path = write_catalog_package(
        tmp_path / "branch.dwcat.json", manifest, sign_catalog_package(unsigned, key)
    )
    pinned = unit.__class__(
        unit.settings.replace(
            trusted_catalog_keys=[TrustedCatalogKey("B", key.public_key()).line()]
        ),
        unit.pm,
        unit.registry,
    )
    pinned.db = unit.db
    assert verify_catalog_package(
        load_catalog_package(path), trusted_keys(pinned.settings["trusted_catalog_keys"])
    ).ok
    before = contents(unit.settings.database_url)
    with pytest.raises(
        ValidationError,
        match=r"issuer 某村第一党支部 \(B\) does not stand above 某村第二党支部 \(B2\)",
    ):
        pinned.install_catalog(path)
    assert contents(unit.settings.database_url) == before
