"""``dangwu db``: the schema."""

import sys

import click

from .. import migrate
from . import pass_context


@click.group("db")
def command():
    """Create or upgrade the database schema."""


@command.command("upgrade")
@pass_context
def upgrade(ctx):
    """Apply every pending migration (a new database gets the whole schema)."""
    unit = ctx.connected(require_current=False, create=True)
    todo = migrate.pending(unit.db)
    if not todo:
        click.echo("The database schema is current.")
        return
    with click.progressbar(todo, label="Upgrading the schema", file=sys.stderr) as bar:
        for name in bar:
            migrate.upgrade(unit.db, target=name)
    click.echo(f"Applied {len(todo)} migration(s): {', '.join(todo)}")


@command.command("status")
@pass_context
def status(ctx):
    """List applied and pending migrations."""
    unit = ctx.connected(require_current=False)
    for name in migrate.applied(unit.db):
        click.echo(f"applied  {name}")
    for name in migrate.pending(unit.db):
        click.echo(f"pending  {name}")
