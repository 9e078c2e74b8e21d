"""The county standard is built and signed as an upstream body would (003 §6(一)): it verifies
with the county's public key shipped beside it, and a unit that pins that key installs it."""

import json

import pytest
from dangwu_villages.plugin import CATALOGS

from dangwu_core.catalogs import package as packages
from dangwu_core.catalogs import signing
from dangwu_core.errors import ValidationError
from dangwu_core.models import ALL_MODELS, Catalog

COUNTY = CATALOGS / "county-standard.dwcat.json"
COUNTY_KEY = CATALOGS / "QJX.pub"


def test_the_county_standard_verifies_with_its_shipped_public_key_003_6_1():
    verdict = signing.verify(packages.load(COUNTY), signing.trusted_keys([str(COUNTY_KEY)]))
    assert verdict.ok, verdict.message
    assert verdict.key_id.startswith("QJX/")


def test_a_changed_county_standard_no_longer_verifies(tmp_path):
    data = json.loads(COUNTY.read_text(encoding="utf-8"))
    data["manifest"]["items"][0]["scope"] = "public"
    changed = tmp_path / "changed.dwcat.json"
    changed.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    verdict = signing.verify(packages.load(changed), signing.trusted_keys([str(COUNTY_KEY)]))
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
    town, tmp_path
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
    key = signing.generate_key()
    unsigned = packages.Package(manifest=manifest, raw=manifest)
    path = packages.write(tmp_path / "branch.dwcat.json", manifest, signing.sign(unsigned, key))
    pinned = unit.__class__(
        unit.settings.replace(
            trusted_catalog_keys=[signing.TrustedKey("B", key.public_key()).line()]
        ),
        unit.pm,
        unit.registry,
    )
    pinned.db = unit.db
    assert signing.verify(
        packages.load(path), signing.trusted_keys(pinned.settings["trusted_catalog_keys"])
    ).ok
    before = _rows()
    with pytest.raises(
        ValidationError,
        match=r"issuer 某村第一党支部 \(B\) does not stand above 某村第二党支部 \(B2\)",
    ):
        pinned.install_catalog(path)
    assert _rows() == before


def _rows():
    """Every row of every table, to show a refusal writes nothing."""
    return {m.__name__: sorted(m.select().tuples(), key=repr) for m in ALL_MODELS}
