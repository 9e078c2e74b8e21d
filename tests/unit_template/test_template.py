"""cookiecutter-unit renders for every shipped sector, asks what issue 9 lists, and refuses
answers its project could not run with. (Fast: nothing is installed here.)"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from dangwu_core.cli import cli

from .helpers import CHECKOUT, CONSTRAINTS, TEMPLATE, generate, shipped_sectors

QUESTIONS = {
    "unit_name",
    "organization_code",
    "unit_slug",
    "sector",
    "channels",
    "database_url",
    "trusted_catalog_keys",
    "timezone",
    "language",
    "dangwu_source",
}


def context() -> dict:
    return json.loads((TEMPLATE / "cookiecutter.json").read_text(encoding="utf-8"))


def test_the_template_asks_the_questions_of_issue_9():
    asked = {key for key in context() if not key.startswith("_")}
    assert asked == QUESTIONS
    assert context()["timezone"] == "Asia/Shanghai"
    assert context()["language"] == ["zh_CN", "en"]
    assert set(context()["__prompts__"]) == QUESTIONS


def test_the_sector_choice_is_every_sector_plugin_the_framework_ships():
    assert shipped_sectors(), "no plugins/dangwu-<sector> found"
    assert sorted(context()["sector"]) == shipped_sectors()


@pytest.mark.parametrize("sector", shipped_sectors())
def test_no_input_renders_a_complete_project(tmp_path, sector):
    project = generate(tmp_path, unit_name="仙女镇党委", sector=sector)
    assert project.name == "xnz-dangwu"
    package = project / "unit_xnz_dangwu"
    for relative in (
        "dangwu.toml",
        "setup.cfg",
        "pyproject.toml",
        "requirements.txt",
        "constraints.txt",
        "wsgi.py",
        "Makefile",
        "README.md",
        "deploy/nginx.conf",
        "deploy/xnz-dangwu.service",
        "deploy/crontab",
        "deploy/postgresql.sql",
        "deploy/dangwu.env.example",
        "tests/test_unit_plugin.py",
    ):
        assert (project / relative).is_file(), relative
    assert (package / "unit_plugin.py").is_file()
    settings = tomllib.loads((project / "dangwu.toml").read_text(encoding="utf-8"))
    assert settings["unit_name"] == "仙女镇党委"
    assert settings["sector"] == sector
    assert settings["database_url"] == "sqlite:///xnz-dangwu.db"
    assert settings["timezone"] == "Asia/Shanghai"
    assert "trusted_catalog_keys" not in settings  # none given: a commented example only
    assert f"dangwu-{sector}" in (project / "requirements.txt").read_text()
    assert "xnz-dangwu = unit_xnz_dangwu.unit_plugin" in (project / "setup.cfg").read_text()
    readme = (project / "README.md").read_text(encoding="utf-8")
    assert "## 中文" in readme and "## English" in readme
    assert "dangwu tick" in (project / "deploy/crontab").read_text()


def test_nothing_is_left_unrendered_and_jinja_templates_stay_jinja(tmp_path):
    project = generate(tmp_path, sector=shipped_sectors()[0])
    for path in project.rglob("*"):
        if path.is_file() and not path.name.endswith(".html"):
            text = path.read_text(encoding="utf-8")
            assert "cookiecutter" not in text or "cookiecutter-unit" in text, path
            assert "{{" not in text and "{%" not in text, path
    about = next(project.rglob("about.html")).read_text(encoding="utf-8")
    # copied without rendering: the portal's Jinja renders it at request time
    assert '{% extends "base.html" %}' in about and "{{ unit_name }}" in about


def test_generated_python_is_clean_under_ruff(tmp_path):
    project = generate(tmp_path, sector=shipped_sectors()[0])
    ruff = Path(sys.executable).with_name("ruff")
    result = subprocess.run(
        [str(ruff), "check", "--no-cache", "--select", "E,F,W,I,B,UP", "."],
        cwd=project,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout


def test_answers_reach_the_settings(tmp_path):
    project = generate(
        tmp_path,
        unit_name="某区党工委",
        organization_code="XQ-01",
        unit_slug="xinqu",
        sector=shipped_sectors()[0],
        channels="",
        database_url="postgresql://xinqu:pw@127.0.0.1/xinqu",
        trusted_catalog_keys="XQ:AAAA, CTY:BBBB",
        timezone="Asia/Urumqi",
        language="en",
    )
    settings = tomllib.loads((project / "dangwu.toml").read_text(encoding="utf-8"))
    assert settings["unit_code"] == "XQ-01"
    assert settings["database_url"] == "postgresql://xinqu:pw@127.0.0.1/xinqu"
    assert settings["trusted_catalog_keys"] == ["XQ:AAAA", "CTY:BBBB"]
    assert settings["timezone"] == "Asia/Urumqi" and settings["language"] == "en"
    assert "contrib/" not in (project / "requirements.txt").read_text()


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({"unit_slug": "Bad Slug"}, "unit_slug"),
        ({"channels": "dangwu-nothing"}, "ships no contrib/dangwu-nothing"),
        ({"database_url": "mysql://x"}, "database_url"),
        ({"dangwu_source": "/nonexistent"}, "is not a dangwu checkout"),
    ],
)
def test_answers_the_project_could_not_run_with_are_refused(tmp_path, capfd, answers, message):
    from cookiecutter.exceptions import FailedHookException

    with pytest.raises(FailedHookException):
        generate(tmp_path, **answers)
    assert message in capfd.readouterr().err
    assert list(tmp_path.iterdir()) == []  # nothing half-generated is left


def test_a_sector_the_framework_does_not_ship_is_refused(tmp_path):
    with pytest.raises(ValueError, match="choices are"):
        generate(tmp_path, sector="no-such-sector")


def test_dangwu_new_unit_wraps_the_template(tmp_path, monkeypatch):
    runner = CliRunner()
    result = runner.invoke(
        cli,
        ["new-unit", "--no-input", "-o", str(tmp_path), "unit_name=仙女镇党委", "unit_slug=xiannv"],
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "xiannv" / "dangwu.toml").is_file()
    makefile = (tmp_path / "xiannv" / "Makefile").read_text()
    assert f"DANGWU_SOURCE ?= {CHECKOUT}" in makefile

    again = runner.invoke(cli, ["new-unit", "--no-input", "-o", str(tmp_path), "unit_slug=xiannv"])
    assert again.exit_code == 1 and "--overwrite" in again.stderr

    unknown = runner.invoke(cli, ["new-unit", "--no-input", "-o", str(tmp_path), "colour=red"])
    assert unknown.exit_code == 1
    assert "unknown question(s) colour" in unknown.stderr


def test_constraints_pin_every_direct_dependency_of_the_framework():
    """constraints.txt must pin what setup.cfg of core and every shipped plugin requires."""
    pinned = {
        re.sub(r"[-_.]+", "-", line.split("==")[0]).lower()
        for line in CONSTRAINTS.read_text().splitlines()
        if "==" in line and not line.startswith("#")
    }
    missing = set()
    for setup in [CHECKOUT / "setup.cfg", *CHECKOUT.glob("plugins/*/setup.cfg"),
                  *CHECKOUT.glob("contrib/*/setup.cfg")]:  # fmt: skip
        text = setup.read_text()
        block = re.search(r"install_requires =\n((?:[ \t]+\S.*\n)+)", text)
        for line in block.group(1).splitlines() if block else ():
            name = re.split(r"[<>=!~\[; ]", line.strip(), maxsplit=1)[0]
            key = re.sub(r"[-_.]+", "-", name).lower()
            if not key.startswith("dangwu") and key not in pinned:
                missing.add(f"{name} ({setup.relative_to(CHECKOUT)})")
    assert not missing, f"add to {CONSTRAINTS.relative_to(CHECKOUT)}: {sorted(missing)}"
