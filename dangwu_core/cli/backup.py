"""``dangwu backup FILE`` and ``dangwu restore FILE``: see :mod:`dangwu_core.backup`."""

from __future__ import annotations

import click

from .. import audit, backup, migrate
from ..models import Event
from ..settings import load_settings
from . import pass_context


def _database_url(ctx) -> str:
    # Only the settings: a backup must work even when a plugin fails to load.
    return load_settings(ctx.settings_path, database_url=ctx.database).database_url


@click.command("backup")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--force", is_flag=True, help="Replace FILE if it exists.")
@pass_context
def backup_command(ctx, file, force):
    """Write a consistent backup of the database to FILE, while the unit keeps running.

    SQLite: a copy made with SQLite's online backup API. PostgreSQL: a pg_dump custom-format
    archive (pg_dump must be installed).
    """
    result = backup.backup(_database_url(ctx), file, force=force)
    kind = "SQLite database" if result.kind == backup.SQLITE else "pg_dump archive"
    click.echo(f"Backed up the database to {result.path} ({kind}, {result.size} bytes).")


@click.command("restore")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option(
    "--force", is_flag=True, help="Restore over a database that has tables (replaces its data)."
)
@pass_context
def restore_command(ctx, file, force):
    """Restore a backup made by `dangwu backup` into the (empty) database, then verify it."""
    url = _database_url(ctx)
    backup.restore(url, file, force=force)
    click.echo(f"Restored {file}.")
    unit = ctx.connected(require_current=False)
    todo = migrate.pending(unit.db, unit.registry.migration_sets)
    if todo:
        click.echo(
            f"The backup's schema is older than this dangwu ({len(todo)} migration(s) "
            "pending): run `dangwu db upgrade`."
        )
        return
    problems = audit.verify()
    if problems:
        for problem in problems:
            click.echo(f"Error: {problem}", err=True)
        raise click.exceptions.Exit(1)
    click.echo(f"The audit trail is intact ({Event.select().count()} events).")


#: Registered by ``dangwu_core.cli._register_core_commands`` (one module, two commands).
commands = (backup_command, restore_command)
