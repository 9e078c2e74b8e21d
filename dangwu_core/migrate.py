"""Schema migrations: ``dangwu db upgrade`` brings any earlier schema to the current one.

Migrations are numbered scripts in ``dangwu_core/migrations/`` run by peewee's migration
runner (``playhouse.migrations``), each in its own transaction and recorded in the
``schema_migration`` table. The first one freezes release 0.1.0's schema as SQL for each
dialect; later ones use ``playhouse.migrate`` operations. The database is never built with
``create_tables``: a new database and an old one take the same path.
"""

from __future__ import annotations

from pathlib import Path

import peewee
from playhouse.migrations import MigrationError, Runner
from playhouse.schema_diff import diff_models

from .db import database
from .errors import DatabaseError
from .models import ALL_MODELS
from .models.disclosure import POSTGRES_INDEXES

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
HISTORY_TABLE = "schema_migration"


def _runner(db: peewee.Database | None = None) -> Runner:
    db = db or database.obj
    if db is None:
        raise DatabaseError("no database is connected")
    return Runner(db, str(MIGRATIONS_DIR), table_name=HISTORY_TABLE)


def pending(db: peewee.Database | None = None) -> list[str]:
    """Names of the migrations not yet applied, in order."""
    return [m.name for m in _runner(db).status() if m.path is not None and not m.applied]


def applied(db: peewee.Database | None = None) -> list[str]:
    return [m.name for m in _runner(db).status() if m.applied]


def upgrade(db: peewee.Database | None = None, target: str | None = None) -> list[str]:
    """Apply every pending migration (or up to ``target``); return the names applied.

    Each migration runs in a transaction: one that fails leaves the database as the
    previous one left it.
    """
    try:
        return _runner(db).up(target)
    except MigrationError as exc:
        raise DatabaseError(f"migration failed: {exc}") from None


def schema_drift(db: peewee.Database | None = None) -> list[str]:
    """Differences between the models and the database's tables (empty when current)."""
    db = db or database.obj
    diff = diff_models(db, ALL_MODELS)
    missing = []
    if isinstance(db, peewee.PostgresqlDatabase):  # the indexes only PostgreSQL keeps
        present = {index.name for index in db.get_indexes("disclosure")}
        missing = [f"add index disclosure.{n}" for n in POSTGRES_INDEXES if n not in present]
        diff = diff._replace(
            drop_indexes=[i for i in diff.drop_indexes if i.name not in POSTGRES_INDEXES]
        )
    lines = [line for line in str(diff).splitlines() if line.strip()] if diff else []
    return lines + missing


def require_current(db: peewee.Database | None = None) -> None:
    """Raise DatabaseError unless every migration is applied."""
    todo = pending(db)
    if todo:
        raise DatabaseError(
            f"the database schema is not current ({len(todo)} migration(s) pending: "
            f"{', '.join(todo)}); run `dangwu db upgrade`"
        )


def schema_ddl(dialect: peewee.Database) -> list[str]:
    """The SQL that creates the models' current schema on ``dialect`` (to freeze a release)."""
    previous = database.obj
    database.initialize(dialect)
    try:
        statements = []
        for model in ALL_MODELS:
            statements.append(model._schema._create_table(safe=False).query()[0])
            statements.extend(i.query()[0] for i in model._schema._create_indexes(safe=False))
        return statements
    finally:
        database.initialize(previous)
