"""Fixtures of the backup tests: the CLI on a database, and a second, empty database."""

from __future__ import annotations

import os

import pytest
from click.testing import CliRunner

from dangwu_core.cli import cli
from dangwu_core.testing import create_postgres_database, sqlite_url_in


class Cli:
    """Runs ``dangwu`` in-process against a database URL."""

    def __init__(self):
        self.runner = CliRunner()

    def __call__(self, url: str, *args: str):
        return self.runner.invoke(cli, ["--database", url, *args], catch_exceptions=True)


@pytest.fixture
def run(monkeypatch, tmp_path):
    """``run(url, *args)`` with no DANGWU_* variable and no ./dangwu.toml in sight."""
    for name in list(os.environ):
        if name.startswith("DANGWU_"):
            monkeypatch.delenv(name)
    workdir = tmp_path / "cwd"
    workdir.mkdir()
    monkeypatch.chdir(workdir)
    return Cli()


@pytest.fixture
def other_url(database_url, tmp_path):
    """A second empty database of the same kind as ``database_url``."""
    if database_url.startswith("sqlite"):
        directory = tmp_path / "other"
        directory.mkdir()
        yield sqlite_url_in(directory)
        return
    url, drop = create_postgres_database()
    try:
        yield url
    finally:
        drop()


def assert_ok(result) -> None:
    assert result.exit_code == 0, (result.exit_code, result.output, result.exception)


def assert_refused(result, *fragments: str) -> None:
    """Exit status 1 and exactly one ``Error: ...`` line, naming the cause; no traceback."""
    assert result.exit_code == 1, (result.exit_code, result.output, result.exception)
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    assert len(errors) == 1, result.stderr
    assert "Traceback" not in result.output
    for fragment in fragments:
        assert fragment in errors[0], (fragment, errors[0])
