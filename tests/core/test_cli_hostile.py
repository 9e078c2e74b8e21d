"""The command line under hostile and mistaken input (issue 13, item 13).

Each case through the real console script: exit status 1, one ``Error:`` line naming the
cause, no traceback, and the database as it was (the rule of ``dangwu_core.cli``: "A refusal
prints one line, ``Error: <cause>``, and exits with status 1").
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from dangwu_core.testing import database_contents

from .conftest import DANGWU

TESTSECTOR_PACKAGE = (
    Path(__file__).parents[1]
    / "fixtures/dangwu-testsector/dangwu_testsector/catalogs/standard.dwcat.json"
)


def dangwu(*args, cwd, env=None):
    environ = {k: v for k, v in os.environ.items() if not k.startswith("DANGWU_")}
    environ.update(env or {})
    return subprocess.run(
        [str(DANGWU), *args],
        cwd=cwd,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


def assert_one_error(result, *fragments: str) -> str:
    assert result.returncode == 1, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr + result.stdout, result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    assert len(errors) == 1, result.stderr
    for fragment in fragments:
        assert fragment in errors[0], (fragment, errors[0])
    return errors[0]


@pytest.fixture(scope="module")
def unit_db(tmp_path_factory):
    """A SQLite unit with a committee and a branch, made once; tests copy it."""
    directory = tmp_path_factory.mktemp("hostile")
    url = f"sqlite:///{directory / 'unit.db'}"
    for args in (
        ("db", "upgrade"),
        ("org", "create", "TS", "--name", "某镇党委", "--type", "testsector_committee"),
    ):
        result = dangwu("--database", url, *args, cwd=directory)
        assert result.returncode == 0, result.stderr
    return directory / "unit.db"


@pytest.fixture
def url(unit_db, tmp_path):
    path = tmp_path / "unit.db"
    path.write_bytes(unit_db.read_bytes())
    return f"sqlite:///{path}"


def test_an_unknown_time_zone_is_one_error_in_check(url, tmp_path):
    before = database_contents(url)
    result = dangwu("--database", url, "check", cwd=tmp_path, env={"DANGWU_TIMEZONE": "Mars/Base"})
    assert_one_error(result, "timezone", "'Mars/Base'", "not a known time zone")
    settings = tmp_path / "unit.toml"
    settings.write_text('timezone = "Asia/Beijing"\n', encoding="utf-8")
    result = dangwu("--settings", str(settings), "--database", url, "check", cwd=tmp_path)
    assert_one_error(result, "'Asia/Beijing'", str(settings))
    assert database_contents(url) == before


@pytest.mark.parametrize("content", [b"\x00\x01binary" * 500, "会议纪要\n".encode() * 100])
def test_a_file_that_is_not_sqlite_as_database(tmp_path, content):
    path = tmp_path / "notes.db"
    path.write_bytes(content)
    for command in (("org", "list"), ("db", "upgrade"), ("check",), ("audit", "verify")):
        result = dangwu("--database", f"sqlite:///{path}", *command, cwd=tmp_path)
        assert_one_error(result, str(path), "is not a SQLite database")
    assert path.read_bytes() == content


def test_a_directory_as_database(tmp_path):
    result = dangwu("--database", f"sqlite:///{tmp_path}", "org", "list", cwd=tmp_path)
    assert_one_error(result, str(tmp_path), "is a directory")


COMMANDS_THAT_READ = [
    ("org", "list"),
    ("db", "status"),
    ("audit", "verify"),
    ("tick",),
    ("catalog", "list"),
    ("token", "list"),
    ("calendar", "show", "2026"),
    ("backup", "out.backup"),
    ("check",),
]


@pytest.mark.parametrize("command", COMMANDS_THAT_READ, ids=" ".join)
def test_a_mistyped_sqlite_path_is_refused_and_not_created(tmp_path, command):
    """Regression: a typo'd path silently became a new, empty database."""
    typo = tmp_path / "uint.db"
    result = dangwu("--database", f"sqlite:///{typo}", *command, cwd=tmp_path)
    assert_one_error(result, str(typo), "does not exist")
    assert sorted(p.name for p in tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "command",
    [
        ("db", "upgrade"),
        ("demo", "--sector", "testsector"),
        ("init", "--admin-password", "Zhen-Shu-7kq2"),
    ],
    ids=" ".join,
)
def test_the_commands_that_build_a_schema_create_the_file(tmp_path, command):
    path = tmp_path / "new.db"
    result = dangwu("--database", f"sqlite:///{path}", *command, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert path.is_file()


@pytest.mark.parametrize(
    ("variable", "value", "fragments"),
    [
        ("DANGWU_ATTACHMENT_MAX_BYTES", "-1", ("attachment_max_bytes", "-1", "less than 1")),
        ("DANGWU_ATTACHMENT_MAX_BYTES", "0", ("attachment_max_bytes", "less than 1")),
        ("DANGWU_ATTACHMENT_MAX_BYTES", "9" * 30, ("attachment_max_bytes", "more than")),
        ("DANGWU_REQUEST_DEADLINE_DAYS", "0", ("request_deadline_days", "less than 1")),
        ("DANGWU_SQLITE_BUSY_TIMEOUT_MS", "-5", ("sqlite_busy_timeout_ms", "less than 0")),
        ("DANGWU_SECRET_KEY", "abc", ("secret_key is 3 characters", "at least 32")),
        ("DANGWU_SECRET_KEY", "CHANGE-ME", ("secret_key is 9 characters",)),
    ],
)
def test_check_refuses_unusable_settings(url, tmp_path, variable, value, fragments):
    before = database_contents(url)
    result = dangwu("--database", url, "check", cwd=tmp_path, env={variable: value})
    assert_one_error(result, *fragments)
    assert database_contents(url) == before


def test_check_accepts_a_strong_secret_key_and_serve_refuses_a_weak_one(url, tmp_path):
    strong = dangwu("--database", url, "check", cwd=tmp_path, env={"DANGWU_SECRET_KEY": "k" * 32})
    assert strong.returncode == 0, strong.stderr
    weak = dangwu(
        "--database", url, "serve", "--port", "1", cwd=tmp_path, env={"DANGWU_SECRET_KEY": "短"}
    )
    assert_one_error(weak, "secret_key is 1 characters")


def test_a_catalog_package_holding_a_lone_surrogate(url, tmp_path):
    text = TESTSECTOR_PACKAGE.read_text(encoding="utf-8")
    bad = tmp_path / "bad.dwcat.json"
    bad.write_text(text.replace('"title": "', '"title": "\\ud800', 1), encoding="utf-8")
    assert json.loads(bad.read_text(encoding="utf-8"))  # valid JSON: only the text is wrong
    before = database_contents(url)
    for command in (("install", "--allow-unsigned"), ("verify",), ("diff",)):
        result = dangwu("--database", url, "catalog", *command, str(bad), cwd=tmp_path)
        assert_one_error(result, "\\ud800", "surrogate")
    assert database_contents(url) == before


@pytest.mark.parametrize(
    ("body", "fragments"),
    [
        # 2027-01-09 is a Saturday: off anyway, so "holiday" there is a mistake
        ('year = 2027\nholidays = ["2027-01-01", "2027-01-09"]\n',
         ("2027-01-09 is a Saturday", "workdays")),
        ('year = 2027\nholidays = ["2027-01-10"]\n', ("2027-01-10 is a Sunday",)),
        # 2027-01-06 is a Wednesday: worked anyway, so a "make-up working day" there is too
        ('year = 2027\nholidays = ["2027-01-01"]\nworkdays = ["2027-01-06"]\n',
         ("2027-01-06 is a Wednesday",)),
    ],
)  # fmt: skip
def test_a_calendar_with_a_weekend_holiday_is_refused(url, tmp_path, body, fragments):
    file = tmp_path / "2027.toml"
    file.write_text(body, encoding="utf-8")
    before = database_contents(url)
    result = dangwu("--database", url, "calendar", "load", str(file), cwd=tmp_path)
    assert_one_error(result, *fragments)
    assert database_contents(url) == before


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (("catalog", "keygen", "TS", "--out", "/no/such/dir/key"), ("/no/such/dir/key",)),
        (("catalog", "install", "--allow-unsigned", "."), ("cannot read catalog package",)),
    ],
)
def test_files_that_cannot_be_used_are_one_error(url, tmp_path, args, fragments):
    before = database_contents(url)
    assert_one_error(dangwu("--database", url, *args, cwd=tmp_path), *fragments)
    assert database_contents(url) == before


def test_a_row_id_too_large_for_the_database_is_a_usage_error(url, tmp_path):
    result = dangwu("--database", url, "token", "revoke", "9" * 30, cwd=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    assert "is not in the range" in result.stderr
