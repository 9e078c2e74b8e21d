"""A plugin's own tables: migration sets registered with ``dangwu_register_migrations``.

Rules: the hookspec's docstring (core's set first, then the plugins' by name; a history table
per set; a unit refuses to start while a set has a migration pending; ``dangwu check`` sees a
plugin table's drift) and DESIGN.md "Schema changes ship as migrations". The example set is
the test plugin's (``tests/fixtures/dangwu-testplugin``: table ``testplugin_note``).
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from dangwu_core import hookimpl, migrate
from dangwu_core.db import connect
from dangwu_core.errors import DatabaseError, PluginError
from dangwu_core.migration_sets import MigrationSet
from dangwu_core.settings import load_settings
from dangwu_core.testing import cli_group, start_unit
from dangwu_core.unit import Unit

NOTE = "testplugin:0001_notes"


class _Plugin:
    def __init__(self, *sets):
        self.sets = list(sets)

    @hookimpl
    def dangwu_register_migrations(self):
        return self.sets


def _tables(db) -> set[str]:
    return set(db.get_tables())


def test_upgrade_builds_a_plugins_tables_after_cores_with_their_own_history(database_url):
    unit = start_unit(database_url)
    try:
        sets = unit.registry.migration_sets
        assert [s.name for s in sets][:1] == ["dangwu_core"]
        assert "testplugin" in [s.name for s in sets]
        assert {"testplugin_note", "schema_migration_testplugin"} <= _tables(unit.db)
        history = unit.db.execute_sql("SELECT name FROM schema_migration_testplugin").fetchall()
        assert history == [("0001_notes",)]
        # core's history holds core's migrations only
        core = {name for (name,) in unit.db.execute_sql("SELECT name FROM schema_migration")}
        assert "0001_notes" not in core and "0001_initial" in core
        assert NOTE in migrate.applied(unit.db, sets)
        assert migrate.pending(unit.db, sets) == []
        assert migrate.schema_drift(unit.db, sets) == []
        assert unit.upgrade() == []
    finally:
        unit.db.close()


def test_the_plugins_table_refers_to_cores_and_keeps_rows(unit):
    from dangwu_testplugin.notes import Note

    organization = unit.create_organization(code="N1", name="测试党委", type="testsector_committee")
    Note.create(organization=organization, text="留言")
    assert [n.text for n in Note.select().where(Note.organization == organization)] == ["留言"]
    joined = Note.select().join(type(organization)).where(type(organization).code == "N1")
    assert joined.count() == 1


def test_db_status_names_a_plugins_migrations_by_their_set(sqlite_url):
    runner = CliRunner()
    upgraded = runner.invoke(cli_group(), ["--database", sqlite_url, "db", "upgrade"])
    assert upgraded.exit_code == 0, upgraded.output
    assert NOTE in upgraded.output
    status = runner.invoke(cli_group(), ["--database", sqlite_url, "db", "status"])
    assert status.exit_code == 0, status.output
    lines = status.output.splitlines()
    assert f"applied  {NOTE}" in lines
    assert "applied  0001_initial" in lines  # core's names stay bare
    assert lines.index("applied  0001_initial") < lines.index(f"applied  {NOTE}")


def test_a_unit_refuses_to_start_while_a_plugins_migration_is_pending(sqlite_url):
    db = connect(sqlite_url, create=True)
    migrate.upgrade(db)  # core's set only
    db.close()
    settings = load_settings(environ={}, database_url=sqlite_url)
    unit = Unit.start(settings)
    with pytest.raises(DatabaseError, match=NOTE):
        unit.connect()
    unit.db.close()
    result = CliRunner().invoke(cli_group(), ["--database", sqlite_url, "check"])
    assert result.exit_code != 0
    assert "1 migration(s) pending" in result.output


def test_check_names_drift_in_a_plugins_table(sqlite_url):
    unit = start_unit(sqlite_url)
    unit.db.execute_sql("ALTER TABLE testplugin_note DROP COLUMN text")
    unit.db.close()
    result = CliRunner().invoke(cli_group(), ["--database", sqlite_url, "check"])
    assert result.exit_code != 0
    assert "schema differs from the models" in result.output
    assert "testplugin_note" in result.output


def test_a_failing_migration_names_its_set_and_leaves_the_earlier_sets_applied(
    sqlite_url, tmp_path
):
    folder = tmp_path / "broken"
    folder.mkdir()
    (folder / "0001_fails.py").write_text(
        "def up(migrator, db):\n"
        "    db.execute_sql('CREATE TABLE broken_half (id INTEGER PRIMARY KEY)')\n"
        "    raise RuntimeError('the script is wrong')\n",
        encoding="utf-8",
    )
    plugin = _Plugin(MigrationSet("zz_broken", folder))
    settings = load_settings(environ={}, database_url=sqlite_url)
    unit = Unit.start(settings, extra_plugins=[("broken", plugin)])
    with pytest.raises(DatabaseError, match=r"set 'zz_broken'.*the script is wrong"):
        unit.upgrade()
    tables = _tables(unit.db)
    assert {"organization", "testplugin_note"} <= tables  # core's and testplugin's ran first
    assert "broken_half" not in tables  # the failed script's transaction was rolled back
    assert migrate.pending(unit.db, unit.registry.migration_sets) == ["zz_broken:0001_fails"]
    unit.db.close()


def test_a_set_name_or_a_table_claimed_twice_is_a_plugin_error(sqlite_url, tmp_path):
    from dangwu_testplugin.notes import MIGRATIONS, Note

    settings = load_settings(environ={}, database_url=sqlite_url)
    twin = _Plugin(MigrationSet("testplugin", tmp_path))
    with pytest.raises(PluginError, match="'testplugin' is already registered"):
        Unit.start(settings, extra_plugins=[("twin", twin)])
    thief = _Plugin(MigrationSet("thief", tmp_path, [Note]))
    claimed = r"table 'testplugin_note' of set '(thief|testplugin)' is already modelled by set"
    with pytest.raises(PluginError, match=claimed):
        Unit.start(settings, extra_plugins=[("thief", thief)])
    assert MIGRATIONS.models == (Note,)


@pytest.mark.parametrize("name", ["", "Consultation", "1st", "a-b", "dangwu core", "x" * 41])
def test_a_set_name_is_lower_case_letters_digits_and_underscores(name, tmp_path):
    with pytest.raises(ValueError, match="migration set name"):
        MigrationSet(name, tmp_path)


def test_a_sets_directory_must_exist(tmp_path):
    with pytest.raises(ValueError, match="is not a directory"):
        MigrationSet("missing", tmp_path / "nowhere")
