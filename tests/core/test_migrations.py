"""Migrations: every database reaches the models' schema, and upgrades lose no data.

Rules: DESIGN.md "Schema changes ship as migrations; upgrades lose no data" and
``dangwu_core.migrate`` ("The database is never built with ``create_tables``: a new database
and an old one take the same path"). Generic over the migrations present: rows written at the
first schema (frozen, 0001) must survive every later migration.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from dangwu_core import audit, migrate
from dangwu_core.db import connect, open_database
from dangwu_core.models import ALL_MODELS, Event
from dangwu_core.search.engines import create_index

FIRST = "0001_initial"
TS = "2026-03-02 09:30:00"


def migration_names() -> list[str]:
    return [p.stem for p in sorted(migrate.MIGRATIONS_DIR.glob("[0-9]*.py"))]


def test_migrations_are_numbered_in_order_and_define_up():
    names = migration_names()
    assert names[0] == FIRST
    numbers = [int(re.match(r"\d+", n).group()) for n in names]
    assert numbers == list(range(1, len(names) + 1)), "numbers must run 0001, 0002... unbroken"
    for path in migrate.MIGRATIONS_DIR.glob("[0-9]*.py"):
        assert "def up(migrator, db)" in path.read_text(encoding="utf-8"), path.name


def _events():
    """Two chained events as dangwu would record them (hashes computed the same way)."""
    rows, prev = [], audit.GENESIS
    for i, action in enumerate(["organization.create", "organization.move"], start=1):
        event = Event(
            at=dt.datetime(2026, 3, 2, 9, i),
            actor=1,
            organization=1,
            subject_type="organization",
            subject_id=1,
            action=action,
            from_state="",
            to_state="",
            reason="迁移前",
            payload={"code": "T"},
            prev_hash=prev,
        )
        event.hash = audit.compute_hash(event, prev)
        rows.append(
            {
                "id": i,
                "at": f"2026-03-02 09:0{i}:00",
                "actor_id": 1,
                "organization_id": 1,
                "subject_type": "organization",
                "subject_id": 1,
                "action": action,
                "from_state": "",
                "to_state": "",
                "reason": "迁移前",
                "payload": '{"code":"T"}',
                "prev_hash": prev,
                "hash": event.hash,
            }
        )
        prev = event.hash
    return rows, prev


def rows_of_the_first_schema() -> dict[str, list[dict]]:
    """At least one row for every table of 0001, in an order the foreign keys accept."""
    events, head = _events()
    base = {"created_at": TS}
    return {
        "organization": [
            {**base, "id": 1, "code": "T", "name": "中共某镇委员会", "short_name": "某镇党委",
             "type": "testsector_committee", "sector": "testsector", "kind": "committee",
             "parent_id": None,
             "depth": 0, "sort_order": 0, "is_active": True},
            {**base, "id": 2, "code": "C1", "name": "某村支部", "short_name": "",
             "type": "testsector_branch", "sector": "testsector", "kind": "branch", "parent_id": 1,
             "depth": 1, "sort_order": 1, "is_active": True},
        ],
        "organization_closure": [
            {"ancestor_id": 1, "descendant_id": 1, "depth": 0},
            {"ancestor_id": 2, "descendant_id": 2, "depth": 0},
            {"ancestor_id": 1, "descendant_id": 2, "depth": 1},
        ],
        "person": [
            {**base, "id": 1, "name": "王建国", "phone": "13800000000", "email": "w@example.cn",
             "is_party_member": True, "contact_note": ""},
        ],
        "account": [
            {**base, "id": 1, "person_id": 1, "username": "wangjg", "password_hash": "scrypt:x",
             "is_active": True, "is_superuser": False, "last_login_at": TS, "failed_logins": 2,
             "locked_until": None},
        ],
        "role_assignment": [
            {**base, "id": 1, "person_id": 1, "organization_id": 1, "role": "approver",
             "reaches_down": True, "department": "镇党委"},
        ],
        "catalog": [
            {**base, "id": 1, "code": "county", "title": "县级目录", "version": "1.2.0",
             "version_key": 1002000, "issuer_code": "county", "issuer_name": "中共某县委员会",
             "issuer_id": 1, "effective_date": "2026-01-01", "applies_to": '["testsector_branch"]',
             "status": "active", "source": "county.dwcat.json", "sha256": "ab" * 32,
             "signed_by": "县委组织部"},
        ],
        "category": [
            {**base, "id": 1, "catalog_id": 1, "code": "org", "name": "组织建设", "sort_order": 2},
        ],
        "catalog_item": [
            {**base, "id": 1, "catalog_id": 1, "code": "org-1", "title": "党员发展",
             "category_id": 1, "scope": "party", "channels": '["party_portal"]',
             "time_limit": "periodic", "cadence": "quarterly", "phases": "[]",
             "due_within_days": None, "display_days": 5, "display_months": 6,
             "proposing_department": "组织办", "needs_upper_approval": True, "important": False,
             "legal_basis": "003 §5", "notes": "", "sort_order": 1, "status": "active",
             "status_reason": ""},
        ],
        "obligation": [
            {**base, "id": 1, "organization_id": 2, "catalog_item_id": 1,
             "period_label": "2026-Q1", "period_start": "2026-01-01", "period_end": "2026-03-31",
             "due_date": "2026-04-10", "due_provisional": False, "status": "pending",
             "fulfilled_at": None, "closed_reason": ""},
        ],
        "disclosure": [
            {**base, "id": 1, "organization_id": 2, "catalog_item_id": 1, "obligation_id": 1,
             "title": "第一季度党员发展情况", "scope": "party", "channels": '["party_portal"]',
             "workflow": "national", "state": "published", "proposer_id": 1,
             "department": "组织办", "important": True, "period_label": "2026-Q1",
             "lock_version": 3, "current_version": 2, "published_at": TS,
             "display_from": "2026-03-02", "display_until": "2026-06-30", "updated_at": TS},
        ],
        "disclosure_version": [
            {**base, "id": 1, "disclosure_id": 1, "number": 1, "title": "v1", "body": "正文",
             "reason": "", "author_id": 1, "published_at": TS},
            {**base, "id": 2, "disclosure_id": 1, "number": 2, "title": "v2", "body": "更正后",
             "reason": "数字有误", "author_id": 1, "published_at": None},
        ],
        "disclosure_addressee": [
            {**base, "id": 1, "disclosure_id": 1, "person_id": None, "organization_id": 2},
        ],
        "event": events,
        "feedback": [
            {**base, "id": 1, "receipt_number": "FK-2026-0001", "organization_id": 2,
             "disclosure_id": 1, "channel": "web", "reporter_kind": "investor",
             "anonymous": False, "reporter_id": 1, "reporter_name": "王建国",
             "reporter_contact": "13800000000", "body": "希望更详细", "status": "answered",
             "assignee_id": 1, "important": True, "escalated": False, "answer": "已补充",
             "due_date": "2026-03-20", "answered_at": TS, "reporter_notified_at": TS},
        ],
        "disclosure_request": [
            {**base, "id": 1, "receipt_number": "SQ-2026-0001", "organization_id": 2,
             "applicant_id": 1, "applicant_name": "王建国", "applicant_contact": "",
             "applicant_is_member": True, "subject": "申请公开", "content": "请公开党费收缴",
             "status": "granted", "deadline": "2026-03-30", "deadline_provisional": False,
             "extended": True, "extension_reason": "需核实", "decision_reason": "同意",
             "grant_scope": "unit", "disclosure_id": 1, "decided_at": TS,
             "applicant_notified_at": TS},
        ],
        "filing": [
            {**base, "id": 1, "organization_id": 2, "upper_organization_id": 1,
             "kind": "request", "subject_type": "disclosure_request", "subject_id": 1,
             "title": "依申请公开备案", "body": "", "payload": '{"n":1}', "status": "reviewed",
             "filed_by_id": 1, "reviewed_by_id": 1, "reviewed_at": TS,
             "review_opinion": "同意"},
        ],
        "unit_state": [
            {"key": "audit.head", "value": f'{{"hash":"{head}","id":2}}'},
            {"key": "demo.villages", "value": '{"label":"演示"}'},
        ],
    }  # fmt: skip


def _read(db, table: str, columns: list[str]) -> list[tuple]:
    cols = ", ".join(f'"{c}"' for c in columns)
    return sorted(
        (tuple(r) for r in db.execute_sql(f'SELECT {cols} FROM "{table}"').fetchall()), key=repr
    )


def test_rows_written_at_the_first_schema_survive_every_upgrade(database_url):
    db = connect(database_url)
    assert migrate.upgrade(db, target=FIRST) == [FIRST]
    data = rows_of_the_first_schema()
    tables = set(db.get_tables()) - {migrate.HISTORY_TABLE}
    assert tables == set(data), "every table of the first schema gets rows"
    for table, rows in data.items():
        for row in rows:
            cols = ", ".join(f'"{c}"' for c in row)
            marks = ", ".join([db.param] * len(row))
            db.execute_sql(f'INSERT INTO "{table}" ({cols}) VALUES ({marks})', list(row.values()))
    if db.__class__.__name__.startswith("Postgres"):  # ids were given: move the sequences on
        for table, rows in data.items():
            if "id" in rows[0]:
                db.execute_sql(
                    f"SELECT setval('{table}_id_seq', (SELECT max(id) FROM \"{table}\"))"
                )
    before = {t: _read(db, t, list(rows[0])) for t, rows in data.items()}

    applied = migrate.upgrade(db)
    assert applied == migration_names()[1:]
    assert migrate.pending(db) == []
    for table, rows in data.items():
        assert _read(db, table, list(rows[0])) == before[table], table
    # the models read them, and the audit chain written before the upgrade still verifies
    assert audit.verify() == []
    db.close()


def test_schema_drift_is_empty_after_upgrade(database_url):
    db = connect(database_url)
    migrate.upgrade(db)
    assert migrate.schema_drift(db) == []
    assert migrate.upgrade(db) == []
    db.close()


# --- SQLite: the migrated schema equals the models' schema, table by table ----------------


def _checks(sql: str) -> list[str]:
    """The CHECK expressions of a CREATE TABLE, whitespace-normalized."""
    found, i = [], 0
    while (i := sql.upper().find("CHECK", i)) != -1:
        start = sql.index("(", i)
        depth, j = 0, start
        while True:
            depth += {"(": 1, ")": -1}.get(sql[j], 0)
            if depth == 0:
                break
            j += 1
        found.append(re.sub(r"\s+", " ", sql[start + 1 : j]).strip())
        i = j
    return sorted(found)


def sqlite_schema(path) -> dict:
    db = open_database(f"sqlite:///{path}")
    db.connect()
    schema = {}
    for table, sql in db.execute_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    ).fetchall():
        if table == migrate.HISTORY_TABLE:
            continue
        columns = {
            name: (type_.upper(), bool(notnull), pk)
            for _, name, type_, notnull, _default, pk in db.execute_sql(
                f'PRAGMA table_info("{table}")'
            ).fetchall()
        }
        fks = sorted(
            (row[3], row[2], row[4], row[5], row[6])
            for row in db.execute_sql(f'PRAGMA foreign_key_list("{table}")').fetchall()
        )
        indexes = {}
        for _, name, unique, origin, partial in db.execute_sql(
            f'PRAGMA index_list("{table}")'
        ).fetchall():
            cols = tuple(r[2] for r in db.execute_sql(f'PRAGMA index_info("{name}")').fetchall())
            key = name if origin == "c" else f"({origin}) {cols}"
            indexes[key] = (bool(unique), cols, bool(partial))
        schema[table] = {"columns": columns, "fks": fks, "indexes": indexes, "checks": _checks(sql)}
    db.close()
    return schema


def test_the_migrated_sqlite_schema_equals_the_models(tmp_path):
    migrated = tmp_path / "migrated.db"
    db = connect(f"sqlite:///{migrated}")
    migrate.upgrade(db)
    db.close()
    modelled = tmp_path / "models.db"
    db = connect(f"sqlite:///{modelled}")
    db.create_tables(ALL_MODELS)
    create_index(db)  # the full-text index no model describes (an FTS5 virtual table)
    db.close()
    expected, actual = sqlite_schema(modelled), sqlite_schema(migrated)
    assert sorted(actual) == sorted(expected)
    for table in expected:
        for part in ("columns", "fks", "indexes", "checks"):
            assert actual[table][part] == expected[table][part], (table, part)


@pytest.fixture(autouse=True)
def _close_after(request):
    yield
    from dangwu_core.db import database

    if database.obj is not None and not database.obj.is_closed():
        database.obj.close()
