"""Helpers for the core tests: a clean environment, the CLI, and trees of the test sector."""

from __future__ import annotations

import os
import socket
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from dangwu_core.cli import cli

#: The installed console script of this environment (``.venv/bin/dangwu``).
DANGWU = Path(sys.executable).with_name("dangwu")


@pytest.fixture
def clean_env(monkeypatch, tmp_path):
    """No DANGWU_* variable and no ./dangwu.toml: settings come only from what a test gives."""
    for name in list(os.environ):
        if name.startswith("DANGWU_"):
            monkeypatch.delenv(name)
    workdir = tmp_path / "cwd"
    workdir.mkdir()
    monkeypatch.chdir(workdir)
    return workdir


class Cli:
    """Runs ``dangwu`` in-process (click's CliRunner) against one database."""

    def __init__(self, url: str):
        self.url = url
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None, database: bool = True):
        argv = (["--database", self.url] if database else []) + list(args)
        return self.runner.invoke(cli, argv, input=input, catch_exceptions=True)


@pytest.fixture
def run(clean_env, sqlite_url):
    """``run(*args)``: invoke the CLI on a fresh SQLite database; ``run.url`` is its URL."""
    return Cli(sqlite_url)


def assert_refused(result, *fragments: str) -> None:
    """Exit status 1, exactly one ``Error: ...`` line naming the cause, no traceback."""
    assert result.exit_code == 1, (result.exit_code, result.output, result.exception)
    assert isinstance(result.exception, SystemExit), result.exception
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    assert len(errors) == 1, result.stderr
    assert "Traceback" not in result.output
    for fragment in fragments:
        assert fragment in errors[0], (fragment, errors[0])


def assert_ok(result) -> None:
    assert result.exit_code == 0, (result.exit_code, result.output, result.exception)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


#: A small town after 000/002: (code, name, type, parent).
TOWN = [
    ("T", "中共某镇委员会", "testsector_committee", None),
    ("G", "中共某镇某村总支部委员会", "testsector_general_branch", "T"),
    ("C1", "中共某镇某村第一支部委员会", "testsector_branch", "G"),
    ("C2", "中共某镇某村第二支部委员会", "testsector_branch", "G"),
    ("C3", "中共某镇另村支部委员会", "testsector_branch", "T"),
    ("S1", "中共某镇某社区支部委员会", "testsector_branch", "T"),
    ("ST", "中共某街道工作委员会", "testsector_committee", None),
]


def build_town(unit) -> dict:
    """Create :data:`TOWN` through the unit; return the organizations by code."""
    orgs = {}
    for code, name, type_, parent in TOWN:
        orgs[code] = unit.create_organization(
            code=code, name=name, type=type_, parent=orgs.get(parent)
        )
    return orgs
