"""``dangwu workflow list|show``: the resolved definitions, readable and round-tripping."""

from __future__ import annotations

import json
import tomllib

from click.testing import CliRunner

from dangwu_core.cli import cli
from dangwu_core.workflow import load_definition


def _run(sqlite_url, *args):
    result = CliRunner().invoke(cli, ["--database", sqlite_url, "workflow", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_workflow_list_names_every_loaded_workflow(sqlite_url, unit):
    out = _run(sqlite_url, "list")
    for definition in unit.registry.workflows:
        assert definition.name in out


def test_workflow_show_prints_kinds_and_round_trips_as_json_and_toml(sqlite_url, unit):
    loaded = next(iter(unit.registry.workflows))
    text = _run(sqlite_url, "show", loaded.name)
    assert f"[{loaded.kind_of(loaded.initial)}]" in text
    functions = unit.registry.workflow_functions
    for fmt, parse in (("json", json.loads), ("toml", tomllib.loads)):
        data = parse(_run(sqlite_url, "show", loaded.name, "--format", fmt))
        assert "extends" not in data
        assert load_definition(data, functions) == loaded


def test_workflow_show_refuses_an_unknown_name(sqlite_url, unit):
    result = CliRunner().invoke(cli, ["--database", sqlite_url, "workflow", "show", "nowhere"])
    assert result.exit_code == 1 and "unknown workflow 'nowhere'" in result.output
