"""Backups under awkward names, and backups that cannot report success on an empty copy.

Issue 13, items 2 and 12: ``dangwu backup`` opened its source as ``file:{path}?mode=ro``
unquoted, so a database path holding ``#`` or ``?`` made SQLite open another (empty) file:
exit 0, "Backed up ... 4096 bytes", a backup of nothing, found only at restore. And a backup
killed mid-copy left its ``.partial`` file behind for ever. Here every path goes through the
real command line (``dangwu --database ... backup`` / ``restore``) on SQLite and PostgreSQL.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from dangwu_core import backup

from .conftest import assert_ok, assert_refused

#: Directory names that broke, or could break, a path turned into a URI or a command line.
AWKWARD = ["with space", "hash#1", "what?mode=rw", "per%20cent", "中文 目录", "a#b?c%d 党务"]


def _unit(run, url: str) -> None:
    assert_ok(run(url, "db", "upgrade"))
    assert_ok(
        run(url, "org", "create", "TS", "--name", "某镇党委", "--type", "testsector_committee")
    )
    assert_ok(
        run(url, "org", "create", "C1", "--name", "某村支部", "--type", "testsector_branch",
            "--parent", "TS")
    )  # fmt: skip


def _tables(path: Path) -> dict[str, int]:
    conn = sqlite3.connect(path)
    try:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {n: conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}
    finally:
        conn.close()


@pytest.mark.parametrize("name", AWKWARD)
def test_sqlite_database_under_an_awkward_path_backs_up_and_restores(run, tmp_path, contents, name):
    """Regression (item 2): the backup holds the unit's tables and rows, not an empty file."""
    directory = tmp_path / name
    directory.mkdir()
    url = f"sqlite:///{directory / 'unit.db'}"
    _unit(run, url)
    file = directory / "unit.backup"
    result = run(url, "backup", str(file))
    assert_ok(result)
    copied = _tables(file)
    assert copied["organization"] == 2 and copied["schema_migration"] >= 1, copied
    # nothing stray next to the database: no empty file made from a misread URI
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [name, "cwd"] if name != "cwd" else [name]
    )
    assert backup.partial_files(file) == []

    target_dir = tmp_path / f"restored {name}"
    target_dir.mkdir()
    target = f"sqlite:///{target_dir / 'unit.db'}"
    restored = run(target, "restore", str(file))
    assert_ok(restored)
    assert "The audit trail is intact" in restored.output
    assert contents(target) == contents(url)


@pytest.mark.parametrize("name", ["with space", "hash#1", "what?x", "per%cent", "中文"])
def test_backup_file_under_an_awkward_path_round_trips_on_both_databases(
    run, database_url, other_url, tmp_path, contents, name
):
    _unit(run, database_url)
    directory = tmp_path / f"backups {name}"
    directory.mkdir()
    file = directory / f"{name}.backup"
    assert_ok(run(database_url, "backup", str(file)))
    assert_ok(run(other_url, "restore", str(file)))
    assert contents(other_url) == contents(database_url)
    assert_ok(run(other_url, "audit", "verify"))


def test_a_backup_that_read_the_wrong_file_is_refused_and_leaves_no_file(
    run, tmp_path, monkeypatch
):
    """The check behind item 2: with the old unquoted URI put back, SQLite opens (and makes)
    an empty file instead of the database; the copy is compared with the unit's tables and
    refused instead of reported as a backup."""
    directory = tmp_path / "hash#1"
    directory.mkdir()
    url = f"sqlite:///{directory / 'unit.db'}"
    _unit(run, url)
    monkeypatch.setattr(backup, "sqlite_uri", lambda path, mode="ro": f"file:{path}?mode={mode}")
    file = tmp_path / "unit.backup"
    assert_refused(run(url, "backup", str(file)), "nothing was backed up")
    assert not file.exists()
    assert backup.partial_files(file) == []


def test_the_next_backup_removes_the_partial_file_a_killed_one_left(run, database_url, tmp_path):
    """Regression (item 12): a killed backup's ``.partial`` file does not stay for ever."""
    _unit(run, database_url)
    file = tmp_path / "nightly.backup"
    stale = tmp_path / ".nightly.backup.k1ll3d.partial"
    stale.write_bytes(b"\0" * 4096)
    unrelated = tmp_path / ".other.backup.x.partial"
    unrelated.write_bytes(b"keep")
    assert backup.partial_files(file) == [stale]
    assert_ok(run(database_url, "backup", str(file)))
    assert not stale.exists()
    assert unrelated.read_bytes() == b"keep"  # another destination's file is not ours
    assert backup.backup_kind(file) in (backup.SQLITE, backup.POSTGRESQL)


def test_backup_of_a_missing_sqlite_file_names_it_and_creates_nothing(run, tmp_path):
    missing = tmp_path / "typo.db"
    result = run(f"sqlite:///{missing}", "backup", str(tmp_path / "unit.backup"))
    assert_refused(result, str(missing), "does not exist")
    assert not missing.exists()
    assert not (tmp_path / "unit.backup").exists()
