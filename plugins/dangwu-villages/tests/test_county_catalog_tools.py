"""The county standard (003 §6) through core's catalog tools: installed from the CLI as a
template of this distribution, and round-tripped through a spreadsheet (moved here from core's
tests/catalogs, which now use the neutral test sector's catalog)."""

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from dangwu_core.testing import cli_group
from dangwu_core.toolkit import (
    canonical_manifest,
    catalog_from_spreadsheet,
    catalog_to_spreadsheet,
    load_catalog_package,
    validate_catalog_manifest,
)

COUNTY = Path(__file__).parents[1] / "dangwu_villages/catalogs/county-standard.dwcat.json"


@pytest.fixture
def channels(unit):
    return {c.name: c.label for c in unit.registry.channels}


def test_the_county_standard_round_trips_through_excel_003_6(tmp_path, channels):
    county = load_catalog_package(COUNTY).manifest
    table = catalog_to_spreadsheet(county, tmp_path / "county.xlsx", channels)
    assert json.loads(
        canonical_manifest(validate_catalog_manifest(catalog_from_spreadsheet(table, channels)))
    ) == json.loads(canonical_manifest(validate_catalog_manifest(county)))


def test_the_county_standard_is_installed_from_the_cli_as_code_003_6_1(
    monkeypatch, tmp_path, sqlite_url
):
    for name in list(os.environ):
        if name.startswith("DANGWU_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)

    def run(*args):
        result = CliRunner().invoke(cli_group(), ["--database", sqlite_url, *args])
        assert result.exit_code == 0, (result.output, result.exception)
        return result.output

    run("db", "upgrade")
    out = run("catalog", "install", "--template", "villages.county-standard")
    assert "(distribution:dangwu-villages " in out
