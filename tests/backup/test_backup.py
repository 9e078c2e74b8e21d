"""``dangwu backup FILE`` and ``dangwu restore FILE`` on SQLite and PostgreSQL.

The promise (dangwu_core/backup.py, DESIGN.md "Nothing is lost"): a backup taken while the
unit runs restores to the very same rows, and the restored audit trail verifies; a restore
that cannot be done says why in one line and changes nothing.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from dangwu_core import backup

from .conftest import assert_ok, assert_refused


@pytest.fixture
def town_url(run, database_url):
    """``database_url`` upgraded, with a town committee and one branch (cheaper than the demo)."""
    assert_ok(run(database_url, "db", "upgrade"))
    assert_ok(
        run(
            database_url,
            "org",
            "create",
            "TS",
            "--name",
            "某镇党委",
            "--type",
            "testsector_committee",
        )
    )
    assert_ok(
        run(
            database_url,
            "org",
            "create",
            "C1",
            "--name",
            "某村支部",
            "--type",
            "testsector_branch",
            "--parent",
            "TS",
        )
    )
    return database_url


@pytest.fixture
def demo_url(run, database_url):
    """``database_url`` holding the demo town (organizations, people, catalog, events)."""
    assert_ok(run(database_url, "demo", "--sector", "testsector"))
    return database_url


def test_restore_gives_back_every_row_and_an_intact_audit_trail(
    run, demo_url, other_url, tmp_path, contents
):
    file = tmp_path / "unit.backup"
    result = run(demo_url, "backup", str(file))
    assert_ok(result)
    assert "Backed up the database" in result.output
    restored = run(other_url, "restore", str(file))
    assert_ok(restored)
    assert "The audit trail is intact" in restored.output
    assert contents(other_url) == contents(demo_url)
    verify = run(other_url, "audit", "verify")
    assert_ok(verify)
    assert "intact" in verify.output


def test_restore_over_a_database_with_tables_needs_force(run, town_url, tmp_path, contents):
    file = tmp_path / "unit.backup"
    assert_ok(run(town_url, "backup", str(file)))
    backed_up = contents(town_url)
    assert_ok(
        run(
            town_url,
            "org",
            "create",
            "LATE",
            "--name",
            "后来的支部",
            "--type",
            "testsector_branch",
            "--parent",
            "TS",
        )
    )
    changed = contents(town_url)
    assert changed != backed_up

    assert_refused(run(town_url, "restore", str(file)), "not empty", "--force")
    assert contents(town_url) == changed

    assert_ok(run(town_url, "restore", "--force", str(file)))
    assert contents(town_url) == backed_up
    assert_ok(run(town_url, "audit", "verify"))


def test_backup_refuses_to_replace_a_file_without_force(run, town_url, tmp_path):
    file = tmp_path / "unit.backup"
    file.write_text("keep me")
    assert_refused(run(town_url, "backup", str(file)), "already exists", "--force")
    assert file.read_text() == "keep me"
    assert_ok(run(town_url, "backup", "--force", str(file)))
    assert backup.backup_kind(file) in (backup.SQLITE, backup.POSTGRESQL)


def test_backup_of_a_database_without_schema_is_refused(run, database_url, tmp_path):
    if database_url.startswith("sqlite"):
        Path(database_url.split(":///", 1)[1]).touch()  # an empty SQLite database
    file = tmp_path / "unit.backup"
    assert_refused(run(database_url, "backup", str(file)), "no dangwu schema")
    assert not file.exists()


def test_restore_refuses_a_missing_file(run, database_url, tmp_path):
    assert_refused(run(database_url, "restore", str(tmp_path / "nope.backup")), "does not exist")


def test_restore_refuses_a_file_that_is_no_backup(run, database_url, tmp_path, contents):
    file = tmp_path / "notes.txt"
    file.write_text("会议纪要")
    assert_refused(run(database_url, "restore", str(file)), "is not a dangwu backup")


def test_restore_refuses_a_sqlite_database_that_is_not_dangwus(run, sqlite_url, tmp_path):
    file = tmp_path / "other.db"
    with sqlite3.connect(file) as conn:
        conn.execute("CREATE TABLE t (x)")
    conn.close()
    assert_refused(run(sqlite_url, "restore", str(file)), "not a dangwu backup")


def test_restore_refuses_a_backup_of_the_other_kind(run, database_url, tmp_path):
    if database_url.startswith("sqlite"):
        file = tmp_path / "pg.backup"
        file.write_bytes(backup.PGDUMP_MAGIC + b"\x01\x0e\x00" + b"\x00" * 64)
        fragments = ("PostgreSQL backup", "database is SQLite")
    else:
        file = tmp_path / "sqlite.backup"
        with sqlite3.connect(file) as conn:
            conn.execute("CREATE TABLE schema_migration (id INTEGER)")
        conn.close()
        fragments = ("SQLite backup", "database is PostgreSQL")
    assert_refused(run(database_url, "restore", str(file)), *fragments)


def test_sqlite_backup_is_a_consistent_snapshot_while_a_writer_is_busy(run, sqlite_url, tmp_path):
    """A write not yet committed when the backup runs is not in it (the portal keeps running)."""
    assert_ok(run(sqlite_url, "db", "upgrade"))
    assert_ok(
        run(
            sqlite_url, "org", "create", "T", "--name", "某镇党委", "--type", "testsector_committee"
        )
    )
    path = sqlite_url.split(":///", 1)[1]
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE organization SET name = '未提交的名字'")
    try:
        file = tmp_path / "snapshot.db"
        assert_ok(run(sqlite_url, "backup", str(file)))
    finally:
        writer.execute("COMMIT")
        writer.close()
    with sqlite3.connect(file) as snapshot:
        names = [row[0] for row in snapshot.execute("SELECT name FROM organization")]
    snapshot.close()
    assert names == ["某镇党委"]


def test_a_failed_postgresql_backup_leaves_no_file(run, database_url, tmp_path, monkeypatch):
    if database_url.startswith("sqlite"):
        pytest.skip("pg_dump is PostgreSQL's")
    assert_ok(run(database_url, "db", "upgrade"))
    monkeypatch.setenv("PATH", str(tmp_path))  # no pg_dump on it
    file = tmp_path / "unit.backup"
    assert_refused(run(database_url, "backup", str(file)), "pg_dump is not installed")
    assert list(tmp_path.glob("*.backup*")) == []
