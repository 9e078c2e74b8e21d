"""``dangwu catalog``: every command, as an upstream body and a unit use them in turn."""

from __future__ import annotations

import json
import os

import pytest
from click.testing import CliRunner

from dangwu_core.catalogs.package import load, write
from dangwu_core.cli import cli
from dangwu_core.db import database

from .sample import manifest


class Run:
    """Runs ``dangwu`` commands as separate processes would: each starts unconnected."""

    def __init__(self, url):
        self.url = url
        self.runner = CliRunner()

    def __call__(self, *args, input=None):
        try:
            return self.runner.invoke(cli, ["--database", self.url, *args], input=input)
        finally:
            if database.obj is not None:
                database.obj.close()
            database.initialize(None)


def ok(result):
    assert result.exit_code == 0, (result.output, result.exception)
    return result.output


def refused(result, fragment):
    assert result.exit_code == 1, (result.output, result.exception)
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    assert len(errors) == 1 and fragment in errors[0], result.stderr
    assert "Traceback" not in result.output


@pytest.fixture
def run(monkeypatch, tmp_path, sqlite_url, contents):
    for name in list(os.environ):
        if name.startswith("DANGWU_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    runner = Run(sqlite_url)
    runner.contents = lambda: contents(sqlite_url)
    ok(runner("db", "upgrade"))
    ok(
        runner(
            "org", "create", "TS", "--name", "中共测试单位委员会", "--type", "testsector_committee"
        )
    )
    for code in ("TS-B01", "TS-B02"):
        ok(
            runner(
                "org",
                "create",
                code,
                "--name",
                code,
                "--type",
                "testsector_branch",
                "--parent",
                "TS",
            )
        )
    return runner


def test_the_issuer_builds_signs_and_the_unit_verifies_installs_and_upgrades(
    run, tmp_path, monkeypatch
):
    # The town committee makes its key and its first catalog from an Excel table.
    out = ok(run("catalog", "keygen", "TS", "--out", "xnz.key"))
    public = (tmp_path / "xnz.key.pub").read_text(encoding="utf-8").splitlines()[-1]
    assert public in out
    ok(
        run(
            "catalog",
            "init",
            "draft.dwcat.json",
            "--code",
            "xnz-branch",
            "--title",
            "村党组织党务公开目录",
            "--issuer-code",
            "TS",
            "--issuer-name",
            "中共测试单位委员会",
            "--applies-to",
            "testsector_branch",
            "--table",
            "table.xlsx",
        )
    )
    out = ok(
        run(
            "catalog",
            "build",
            "table.xlsx",
            "-o",
            "v1.dwcat.json",
            "--version",
            "1.0.0",
            "--effective-date",
            "2026-01-01",
        )
    )
    assert "1 items (unsigned)" in out
    refused(run("catalog", "verify", "v1.dwcat.json"), "is not signed by its issuer 'TS'")
    assert "Signed v1.dwcat.json with TS/" in ok(
        run("catalog", "sign", "v1.dwcat.json", "--key", "xnz.key")
    )
    refused(run("catalog", "verify", "v1.dwcat.json"), "which this unit does not trust")
    assert "OK: " in ok(run("catalog", "verify", "v1.dwcat.json", "--key", "xnz.key.pub"))

    # The unit pins the key and installs.
    monkeypatch.setenv("DANGWU_TRUSTED_CATALOG_KEYS", str(tmp_path / "xnz.key.pub"))
    out = ok(run("catalog", "install", "v1.dwcat.json"))
    assert "Installed xnz-branch 1.0.0 (TS/" in out and "by 中共测试单位委员会 with" in out
    listed = ok(run("catalog", "list"))
    assert "xnz-branch 1.0.0" in listed and "issuer TS  applies to testsector_branch" in listed
    ok(run("catalog", "export", "xnz-branch", "installed.csv", "--installed"))
    assert "执行上级党组织决议、决定情况" in (tmp_path / "installed.csv").read_text(
        encoding="utf-8-sig"
    )

    # Version 2 revokes the item and adds one; diff, then upgrade.
    data = load("v1.dwcat.json").raw
    data.update(version="1.1.0", explanation="按镇党委会议决定调整。")
    data["items"][0].update(status="revoked", status_reason="并入新事项")
    data["items"].append(
        dict(
            data["items"][0], code="JY-02", title="决议执行情况", status="active", status_reason=""
        )
    )
    write("v2.dwcat.json", data)
    ok(run("catalog", "sign", "v2.dwcat.json", "--key", "xnz.key"))
    diff = ok(run("catalog", "diff", "v2.dwcat.json"))
    assert "  + added JY-02" in diff and "  - revoked JY-01: 并入新事项" in diff
    summary = json.loads(ok(run("catalog", "diff", "v1.dwcat.json", "v2.dwcat.json", "--json")))
    assert summary["revoked"] == {"JY-01": "并入新事项"}
    out = ok(run("catalog", "upgrade", "v2.dwcat.json"))
    assert "Installed xnz-branch 1.1.0" in out and "pass --notice-by USER" in out
    before = run.contents()
    refused(
        run("catalog", "upgrade", "v1.dwcat.json"), "not newer than the installed version 1.1.0"
    )
    assert run.contents() == before


def test_unsigned_files_need_the_explicit_override(run, tmp_path):
    write("t.dwcat.json", manifest())
    before = run.contents()
    refused(run("catalog", "install", "t.dwcat.json"), "--allow-unsigned")
    assert run.contents() == before
    out = ok(run("catalog", "install", "t.dwcat.json", "--allow-unsigned"))
    assert "UNSIGNED, installed by override (unsigned)" in out


@pytest.mark.parametrize(
    "content, fragment",
    [
        ('{"format": "dangwu-catalog/1", "manifest": {"issuer": ', "looks truncated"),
        ('{"format": "dangwu-catalog/2", "manifest": {}}', "format: must be 'dangwu-catalog/1'"),
        ("\x89PNG\x00", "is not JSON"),
    ],
)
def test_bad_files_are_one_clear_error(run, tmp_path, content, fragment):
    (tmp_path / "bad.dwcat.json").write_text(content, encoding="utf-8")
    before = run.contents()
    refused(run("catalog", "install", "bad.dwcat.json", "--allow-unsigned"), fragment)
    assert run.contents() == before


def test_a_template_is_installed_as_code(run):
    out = ok(run("catalog", "install", "--template", "testsector.standard"))
    assert "(distribution:dangwu-testsector " in out
    refused(
        run("catalog", "install", "--template", "nope"),
        "no plugin offers the catalog template 'nope'",
    )
    refused(run("catalog", "install"), "name a PACKAGE file or --template NAME")


def test_candidates_without_any(run):
    assert "No out-of-catalog disclosure recurs." in ok(run("catalog", "candidates"))


def test_person_options_name_people_of_the_unit(run, tmp_path):
    """``--actor`` and ``--notice-by`` are looked up in the unit's database, once connected
    (they crashed with "Cannot use uninitialized Proxy" when a command started unconnected)."""
    ok(
        run(
            "user",
            "create",
            "office",
            "--name",
            "办公室",
            "--password",
            "Xq7!tall-oak",
            "--role",
            "TS:proposer",
        )
    )
    write("v1.dwcat.json", manifest())
    refused(
        run("catalog", "install", "v1.dwcat.json", "--allow-unsigned", "--actor", "nobody"),
        "no account has the username 'nobody'",
    )
    out = ok(run("catalog", "install", "v1.dwcat.json", "--allow-unsigned", "--actor", "office"))
    assert "Installed town-branch-standard 1.0.0" in out
    data = load("v1.dwcat.json").raw
    data.update(version="1.1.0", explanation="按会议决定调整。")
    data["items"][0].update(status="revoked", status_reason="并入新事项")
    write("v2.dwcat.json", data)
    out = ok(
        run(
            "catalog",
            "upgrade",
            "v2.dwcat.json",
            "--allow-unsigned",
            "--actor",
            "office",
            "--notice-by",
            "office",
        )
    )
    assert "Installed town-branch-standard 1.1.0" in out and "Drafted the explanation" in out
