"""The ``dangwu`` command line.

Rules: ``dangwu_core.cli`` ("A refusal prints one line, ``Error: <cause>``, and exits with
status 1") and DESIGN.md ("a bad input gets a clear error and leaves the database as it was").
"""

from __future__ import annotations

import os
import subprocess
import time
import urllib.request

import pytest

from dangwu_core import migrate
from dangwu_core.models import Account, RoleAssignment

from .conftest import DANGWU, Cli, assert_ok, assert_refused, free_port

PASSWORD = "s3cret-pass"


def migration_names() -> list[str]:
    """Every migration a new database gets, in order: core's scripts (bare names), then each
    installed plugin's set by set name (``set:script``), read from their folders."""
    from dangwu_core.settings import load_settings
    from dangwu_core.unit import Unit

    names = [p.stem for p in sorted(migrate.MIGRATIONS_DIR.glob("[0-9]*.py"))]
    sets = Unit.start(load_settings(environ={})).registry.migration_sets
    plugins = sorted((s for s in sets if s.name != "dangwu_core"), key=lambda s: s.name)
    assert "testplugin" in [s.name for s in plugins]  # the fixture's set is among them
    for migration_set in plugins:
        scripts = sorted(migration_set.directory.glob("[0-9]*.py"))
        names += [f"{migration_set.name}:{p.stem}" for p in scripts]
    return names


@pytest.fixture
def town(run):
    """An upgraded database with a small town, through the CLI itself."""
    assert_ok(run("db", "upgrade"))
    for args in (
        ("T", "--name", "中共某镇委员会", "--type", "testsector_committee"),
        ("G", "--name", "某村党总支", "--type", "testsector_general_branch", "--parent", "T"),
        ("C1", "--name", "某村第一支部", "--type", "testsector_branch", "--parent", "G"),
        ("C3", "--name", "另村支部", "--type", "testsector_branch", "--parent", "T"),
    ):
        assert_ok(run("org", "create", *args))
    return run


def test_init_creates_the_schema_and_one_administrator(run, contents):
    result = run("init", "--admin-username", "root", input=f"{PASSWORD}\n{PASSWORD}\n")
    assert_ok(result)
    assert "Created the schema" in result.output and "Created administrator 'root'" in result.output
    before = contents(run.url)
    again = run("init", "--admin-username", "root2", "--admin-password", PASSWORD)
    assert_refused(again, "already has an administrator")
    assert contents(run.url) == before


def test_init_refuses_a_short_password(run):
    assert_refused(run("init", "--admin-password", "short"), "at least 8 characters")


def database_file(url: str):
    from pathlib import Path

    return Path(url.split(":///", 1)[1])


def test_db_status_and_upgrade(run):
    names = migration_names()
    database_file(run.url).touch()  # an empty file is an empty SQLite database
    status = run("db", "status")
    assert_ok(status)
    assert status.output.splitlines() == [f"pending  {n}" for n in names]
    upgrade = run("db", "upgrade")
    assert_ok(upgrade)
    assert f"Applied {len(names)} migration(s): {', '.join(names)}" in upgrade.output
    assert run("db", "status").output.splitlines() == [f"applied  {n}" for n in names]
    assert "The database schema is current." in run("db", "upgrade").output


def test_demo_is_idempotent_and_prints_logins(run, contents):
    first = run("demo", "--sector", "testsector")
    assert_ok(first)
    assert "Built the demo unit" in first.output
    assert "Demo logins (username / password):" in first.output
    assert "  admin " in first.output
    before = contents(run.url)
    second = run("demo", "--sector", "testsector")
    assert_ok(second)
    assert "already built" in second.output and "Demo logins" in second.output
    assert contents(run.url) == before
    assert_refused(run("demo", "--sector", "mars"), "no installed plugin offers a demo", "'mars'")


def test_user_create_with_roles(town):
    result = town("user", "create", "lixy", "--name", "李秀英", "--password", PASSWORD,
                  "--role", "T:reviewer+", "--role", "C1:member")  # fmt: skip
    assert_ok(result)
    assert "with 2 role(s)" in result.output
    roles = {
        (r.organization.code, r.role, r.reaches_down)
        for r in RoleAssignment.select().join(Account, on=RoleAssignment.person == Account.person)
    }
    assert roles == {("T", "reviewer", True), ("C1", "member", False)}


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (("--role", "T:emperor"), ("unknown role 'emperor'",)),
        (("--role", "NOPE:member"), ("no organization has the code 'NOPE'",)),
        (("--role", "T"), ("is not ORG_CODE:ROLE",)),
        (("--password", "short"), ("at least 8 characters",)),
    ],
)
def test_user_create_refusals_leave_the_database_unchanged(town, contents, args, fragments):
    before = contents(town.url)
    argv = ["user", "create", "wang", "--name", "王建国", "--password", PASSWORD, *args]
    assert_refused(town(*argv), *fragments)
    assert contents(town.url) == before


def test_a_duplicate_username_is_refused(town, contents):
    argv = ["user", "create", "wang", "--name", "王建国", "--password", PASSWORD]
    assert_ok(town(*argv))
    before = contents(town.url)
    assert_refused(town(*argv), "the username 'wang' is taken")
    assert contents(town.url) == before


def test_org_list_and_move(town):
    listing = town("org", "list")
    assert_ok(listing)
    assert listing.output.splitlines() == [
        "T  中共某镇委员会  (测试党委)",
        "  C3  另村支部  (测试党支部)",
        "  G  某村党总支  (测试党总支)",
        "    C1  某村第一支部  (测试党支部)",
    ]
    moved = town("org", "move", "C3", "--parent", "G", "--reason", "合并")
    assert_ok(moved)
    assert "Moved C3 under G." in moved.output
    assert "    C3  另村支部  (测试党支部)" in town("org", "list").output


@pytest.mark.parametrize(
    ("argv", "fragments"),
    [
        (("org", "create", "C1", "--name", "x", "--type", "testsector_branch", "--parent", "T"),
         ("'C1' already exists",)),
        (("org", "create", "X", "--name", "x", "--type", "soviet", "--parent", "T"),
         ("unknown organization type 'soviet'",)),
        (("org", "create", "X", "--name", "x", "--type", "testsector_branch", "--parent", "C1"),
         ("cannot stand under",)),
        (("org", "create", "X", "--name", "x", "--type", "testsector_branch", "--parent", "NOPE"),
         ("'NOPE'",)),
        (("org", "move", "G", "--parent", "C1"), ("would make a cycle",)),
        (("org", "move", "NOPE", "--parent", "T"), ("'NOPE'",)),
    ],
)  # fmt: skip
def test_org_refusals_leave_the_database_unchanged(town, contents, argv, fragments):
    before = contents(town.url)
    assert_refused(town(*argv), *fragments)
    assert contents(town.url) == before


def test_org_commands_refuse_a_database_not_upgraded(run):
    database_file(run.url).touch()
    assert_refused(run("org", "list"), "not current", "dangwu db upgrade")


def test_check_passes_on_a_current_database(town):
    result = town("check")
    assert_ok(result)
    assert result.output.rstrip().endswith("OK")
    assert "plugins:" in result.output


def test_check_fails_on_pending_migrations(run):
    database_file(run.url).touch()
    result = run("check")
    assert_refused(result, f"{len(migration_names())} migration(s) pending")


def test_check_fails_when_the_schema_drifted(town):
    from dangwu_core.db import open_database

    db = open_database(town.url)
    db.execute_sql('ALTER TABLE "organization" ADD COLUMN "extra" TEXT')
    db.close()
    assert_refused(town("check"), "schema differs from the models")


BAD_DATABASES = [
    ("mysql://root@localhost/dangwu", "unsupported scheme 'mysql'"),
    ("sqlite:////no/such/directory/unit.db", "directory /no/such/directory does not exist"),
    ("not a url", "is not a URL"),
]


@pytest.mark.parametrize(("url", "fragment"), BAD_DATABASES)
def test_a_wrong_database_url_is_one_line(clean_env, url, fragment):
    assert_refused(Cli(url)("db", "upgrade"), fragment)


def test_an_unreachable_postgres_server_is_one_line_without_the_password(clean_env):
    url = f"postgresql://dangwu:hunter2pw@127.0.0.1:{free_port()}/dangwu"
    result = Cli(url)("db", "status")
    assert_refused(result, "cannot open database", "127.0.0.1")
    assert "hunter2pw" not in result.output


@pytest.mark.parametrize("kind", ["missing", "directory", "not-utf8", "not-toml"])
def test_an_unusable_settings_file_is_one_line(run, tmp_path, monkeypatch, kind):
    path = tmp_path / "settings.toml"
    fragment = {
        "missing": "does not exist",
        "directory": "is a directory",
        "not-utf8": "is not UTF-8 text",
        "not-toml": "is not valid TOML",
    }[kind]
    if kind == "directory":
        path.mkdir()
    elif kind == "not-utf8":
        path.write_bytes("unit_name = '党务'\n".encode("gb18030"))
    elif kind == "not-toml":
        path.write_text("unit_name = \n", encoding="utf-8")
    if kind == "directory":  # --settings DIR is click's usage error; $DANGWU_SETTINGS is ours
        monkeypatch.setenv("DANGWU_SETTINGS", str(path))
        assert_refused(run("org", "list"), str(path), fragment)
    else:
        assert_refused(run("--settings", str(path), "org", "list"), str(path), fragment)


# --- the real console script -------------------------------------------------------------


def dangwu(*args, cwd, env_extra=None, timeout=60):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DANGWU_")}
    env.update(env_extra or {})
    return subprocess.run(
        [str(DANGWU), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


def test_the_console_script_refuses_with_one_line(tmp_path):
    result = dangwu("--database", "sqlite:////no/such/dir/x.db", "org", "list", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "Error: database URL 'sqlite:////no/such/dir/x.db': directory /no/such/dir does not exist"
    ]
    latin = tmp_path / "latin.toml"
    latin.write_bytes("unit_name = '党务'\n".encode("gb18030"))
    result = dangwu("--settings", str(latin), "org", "list", cwd=tmp_path)
    assert result.returncode == 1
    assert len(result.stderr.splitlines()) == 1 and "is not UTF-8 text" in result.stderr


def test_the_console_script_runs_plugin_commands_with_their_settings(tmp_path):
    result = dangwu(
        "testplugin-hello", cwd=tmp_path, env_extra={"DANGWU_TESTPLUGIN__GREETING": "早上好"}
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("早上好 (dangwu-testplugin ")


def test_serve_answers_with_the_organization_tree(tmp_path):
    url = f"sqlite:///{tmp_path / 'unit.db'}"
    created = dangwu("--database", url, "db", "upgrade", cwd=tmp_path)
    assert created.returncode == 0, created.stderr
    org = dangwu(
        "--database", url, "org", "create", "T",
        "--name", "中共测试单位委员会", "--type", "testsector_committee",
        cwd=tmp_path,
    )  # fmt: skip
    assert org.returncode == 0, org.stderr
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("DANGWU_")}
    server = subprocess.Popen(
        [str(DANGWU), "--database", url, "serve", "--host", "127.0.0.1", "--port", str(port)],
        cwd=tmp_path,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
                    status, page = response.status, response.read().decode("utf-8")
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(  # noqa: B904
                        server.stdout.read() if server.poll() is not None else "no answer"
                    )
                time.sleep(0.2)
        assert status == 200
        assert "中共测试单位委员会" in page and "测试党委" in page
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_a_settings_file_given_on_the_command_line_disables_plugin_commands(tmp_path):
    settings = tmp_path / "unit.toml"
    settings.write_text('disabled_plugins = ["testplugin"]\n', encoding="utf-8")
    result = dangwu("--settings", str(settings), "testplugin-hello", cwd=tmp_path)
    assert result.returncode == 2
    assert "No such command 'testplugin-hello'" in result.stderr


def test_a_directory_as_settings_file_is_one_clear_error(tmp_path):
    result = dangwu("--settings", str(tmp_path), "plugins", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [f"Error: settings file {tmp_path} is a directory"]
