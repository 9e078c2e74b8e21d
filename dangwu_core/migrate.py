"""Schema migrations: ``dangwu db upgrade`` brings any earlier schema to the current one.

Migrations are numbered scripts in ``dangwu_core/migrations/`` run by peewee's migration
runner (``playhouse.migrations``), each in its own transaction and recorded in the
``schema_migration`` table. The first one freezes release 0.1.0's schema as SQL for each
dialect; later ones use ``playhouse.migrate`` operations. The database is never built with
``create_tables``: a new database and an old one take the same path.

Plugins ship sets of their own (:class:`~dangwu_core.migration_sets.MigrationSet`, hook
``dangwu_register_migrations``); every function here takes the unit's sets (``sets``,
normally ``unit.registry.migration_sets``) and always handles core's set first. Without
``sets`` they handle core's schema only.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import peewee
from playhouse.migrations import MigrationError, Runner
from playhouse.schema_diff import diff_models

from .db import database
from .errors import DatabaseError
from .migration_sets import CORE, CORE_HISTORY, MigrationSet
from .models import ALL_MODELS
from .models.disclosure import POSTGRES_INDEXES

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
HISTORY_TABLE = CORE_HISTORY
#: Core's own schema, registered by the essential plugin ``core.schema`` like any other set.
CORE_SET = MigrationSet(CORE, MIGRATIONS_DIR, ALL_MODELS)

Sets = Iterable[MigrationSet]


def ordered(sets: Sets = ()) -> list[MigrationSet]:
    """Core's set first, then the plugins' sets by name (each once)."""
    plugins = {s.name: s for s in sets if s.name != CORE}
    return [CORE_SET] + [plugins[name] for name in sorted(plugins)]


def _db(db: peewee.Database | None) -> peewee.Database:
    db = db or database.obj
    if db is None:
        raise DatabaseError("no database is connected")
    return db


def _runner(db: peewee.Database | None, migration_set: MigrationSet = CORE_SET) -> Runner:
    return Runner(_db(db), str(migration_set.directory), table_name=migration_set.history_table)


def pending(db: peewee.Database | None = None, sets: Sets = ()) -> list[str]:
    """Names of the migrations not yet applied, in the order they will run."""
    return [
        s.qualified(m.name)
        for s in ordered(sets)
        for m in _runner(db, s).status()
        if m.path is not None and not m.applied
    ]


def applied(db: peewee.Database | None = None, sets: Sets = ()) -> list[str]:
    """Names of the migrations applied, core's first."""
    return [
        s.qualified(m.name) for s in ordered(sets) for m in _runner(db, s).status() if m.applied
    ]


def upgrade(
    db: peewee.Database | None = None, target: str | None = None, sets: Sets = ()
) -> list[str]:
    """Apply every pending migration (or those up to ``target``); return the names applied.

    Core's set runs first, then the plugins' by name. Each migration runs in a transaction:
    one that fails leaves the database as the previous one left it, and the error names the
    set it belongs to.
    """
    chosen = ordered(sets)
    if target is not None and not any(s.owns(target) for s in chosen):
        raise DatabaseError(f"unknown migration {target!r}")
    done: list[str] = []
    for migration_set in chosen:
        bare = migration_set.owns(target) if target is not None else None
        try:
            done.extend(migration_set.qualified(n) for n in _runner(db, migration_set).up(bare))
        except MigrationError as exc:
            where = "" if migration_set.name == CORE else f" (set {migration_set.name!r})"
            raise DatabaseError(f"migration failed{where}: {exc}") from None
        except Exception as exc:
            if migration_set.name == CORE:
                raise
            # a plugin's script that raises: name the set; its transaction was rolled back
            raise DatabaseError(
                f"migration failed (set {migration_set.name!r}): {type(exc).__name__}: {exc}"
            ) from exc
        if bare is not None:
            break
    return done


def schema_drift(db: peewee.Database | None = None, sets: Sets = ()) -> list[str]:
    """Differences between the models and the database's tables (empty when current)."""
    db = _db(db)
    models = [model for s in ordered(sets) for model in s.models]
    diff = diff_models(db, models)
    missing = []
    if isinstance(db, peewee.PostgresqlDatabase):  # the indexes only PostgreSQL keeps
        present = {index.name for index in db.get_indexes("disclosure")}
        missing = [f"add index disclosure.{n}" for n in POSTGRES_INDEXES if n not in present]
        diff = diff._replace(
            drop_indexes=[i for i in diff.drop_indexes if i.name not in POSTGRES_INDEXES]
        )
    lines = [line for line in str(diff).splitlines() if line.strip()] if diff else []
    return lines + missing


def require_current(db: peewee.Database | None = None, sets: Sets = ()) -> None:
    """Raise DatabaseError unless every migration (of core and of ``sets``) is applied."""
    todo = pending(db, sets)
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
