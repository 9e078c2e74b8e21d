"""Upgrade safety: a unit made by the first released schema survives ``dangwu db upgrade``.

DESIGN.md ("Schema changes ship as migrations; upgrades lose no data") and issue 13 ("a
database created by the first released schema (migration 0001), filled with the demo through
the services of that time, upgraded with `dangwu db upgrade` and checked field by field").
The fixture and how it was made: ``fixtures/README.md``. On PostgreSQL the same rows are
copied into a database at schema 0001 first (there was no PostgreSQL dump of that release to
keep), then upgraded the same way.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from dangwu_core import access, disclosures, migrate
from dangwu_core.cli import cli
from dangwu_core.db import open_database
from dangwu_core.models import (
    Account,
    Catalog,
    CatalogItem,
    Category,
    Disclosure,
    DisclosureVersion,
    Event,
    Obligation,
    Organization,
    Person,
    RoleAssignment,
)
from dangwu_core.settings import load_settings
from dangwu_core.unit import Unit

FIXTURES = Path(__file__).parent / "fixtures"
FIRST = "0001_initial"
MODELS = {
    "organization": Organization,
    "person": Person,
    "account": Account,
    "role_assignment": RoleAssignment,
    "catalog": Catalog,
    "category": Category,
    "catalog_item": CatalogItem,
    "obligation": Obligation,
    "disclosure": Disclosure,
    "disclosure_version": DisclosureVersion,
    "event": Event,
}


def expected() -> dict[str, list[dict]]:
    with gzip.open(FIXTURES / "release-0001.expected.json.gz", "rt", encoding="utf-8") as f:
        return json.load(f)


def unpack(directory: Path) -> Path:
    path = directory / "release-0001.db"
    with gzip.open(FIXTURES / "release-0001.db.gz", "rb") as source:
        path.write_bytes(source.read())
    return path


def copy_into_postgres(sqlite_path: Path, url: str) -> None:
    """Make ``url`` what the SQLite file is: schema 0001, then every row, ids kept."""
    db = open_database(url)
    db.connect()
    try:
        assert migrate.upgrade(db, target=FIRST) == [FIRST]
        source = sqlite3.connect(sqlite_path)
        tables = [  # creation order: every foreign key points at an earlier table
            row[0]
            for row in source.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY rowid"
            )
            if row[0] != migrate.HISTORY_TABLE
        ]
        for table in tables:
            types = dict(
                db.execute_sql(
                    "SELECT column_name, data_type FROM information_schema.columns "
                    "WHERE table_name = %s",
                    (table,),
                ).fetchall()
            )
            cursor = source.execute(f'SELECT * FROM "{table}"')
            columns = [c[0] for c in cursor.description]
            quoted = ", ".join(f'"{c}"' for c in columns)
            marks = ", ".join(["%s"] * len(columns))
            for row in cursor:
                values = [
                    bool(v) if types[c] == "boolean" and v is not None else v
                    for c, v in zip(columns, row, strict=True)
                ]
                db.execute_sql(f'INSERT INTO "{table}" ({quoted}) VALUES ({marks})', values)
            if "id" in columns:
                db.execute_sql(
                    f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                    f'(SELECT COALESCE(MAX(id), 1) FROM "{table}"))'
                )
        source.close()
    finally:
        db.close()


@pytest.fixture
def old_unit(database_url, tmp_path, monkeypatch):
    """``database_url`` holding release 0001's unit, not yet upgraded."""
    for name in list(__import__("os").environ):
        if name.startswith("DANGWU_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    path = unpack(tmp_path)
    if database_url.startswith("sqlite"):
        return f"sqlite:///{path}"
    copy_into_postgres(path, database_url)
    return database_url


def invoke(url: str, *args: str):
    result = CliRunner().invoke(cli, ["--database", url, *args], catch_exceptions=True)
    assert result.exit_code == 0, (result.output, result.exception)
    return result


def as_json(value):
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


def test_release_0001_upgrades_with_every_field_and_the_audit_chain_intact(old_unit):
    status = invoke(old_unit, "db", "status").output.splitlines()
    assert status[0] == f"applied  {FIRST}" and all(s.startswith("pending") for s in status[1:])
    core = [p.stem for p in sorted(migrate.MIGRATIONS_DIR.glob("[0-9]*.py"))]
    assert [line.split()[1] for line in status if ":" not in line] == core  # plugins' follow

    upgraded = invoke(old_unit, "db", "upgrade")
    assert f"Applied {len(status) - 1} migration(s)" in upgraded.output
    assert "intact" in invoke(old_unit, "audit", "verify").output

    unit = Unit.start(load_settings(environ={}, database_url=old_unit))
    unit.connect()  # refuses a schema that is not current
    try:
        assert migrate.schema_drift(unit.db) == []
        want = expected()
        assert set(want) == set(MODELS)
        for table, rows in want.items():
            model = MODELS[table]
            found = {row.id: row for row in model.select()}
            assert sorted(found) == [row["id"] for row in rows], table
            for row in rows:
                current = found[row["id"]]
                for name, value in row.items():
                    assert name in model._meta.fields, f"{table}.{name} was lost"
                    got = as_json(current.__data__.get(name))
                    assert got == value, (table, row["id"], name, got, value)

        # what the services make of it: states, versions, the catalog, who reads what
        states = {d.title: d.state for d in Disclosure.select()}
        assert states == {
            "2026年第一季度党费收缴情况": "published",
            "2026年第二季度党费收缴情况": "published",
            "关于镇区道路改造的决定": "withdrawn",
            "关于个人家庭住址的请示": "refused",
            "2026年第四季度党费收缴情况": "in_review",
            "党员大会会议纪要（草稿）": "draft",
        }
        republished = Disclosure.get(Disclosure.title == "2026年第二季度党费收缴情况")
        version = disclosures.current_version(republished)
        assert version.number == 2 and version.reason == "更正实交金额"
        assert "实交 12,580.00 元" in version.body
        assert "😀" in Disclosure.get(Disclosure.state == "draft").versions[0].body
        catalog = Catalog.get(Catalog.code == "upgrade-fixture")
        assert [i.code for i in catalog.items.order_by(CatalogItem.sort_order)] == [
            "dues",
            "decision",
        ]
        assert Obligation.select().count() == 8
        anonymous = {d.title for d in access.readable_disclosures(None, unit.registry.workflows)}
        assert anonymous == set(), anonymous  # its one public item was withdrawn
        member = Account.get(Account.username == "qianyf").person
        assert {d.state for d in unit.readable_disclosures(member)} <= {"published"}
    finally:
        unit.db.close()
