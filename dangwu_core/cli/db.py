"""``dangwu db``: the schema."""

import sys

import click

from .. import migrate
from ..workflow import refile
from . import pass_context


@click.group("db")
def command():
    """Create or upgrade the database schema."""


@command.command("upgrade")
@pass_context
def upgrade(ctx):
    """Apply every pending migration (a new database gets the whole schema), then refile what
    an older release archived where the public could read it (``dangwu workflow refile``)."""
    unit = ctx.connected(require_current=False, create=True)
    todo = migrate.pending(unit.db)
    if not todo:
        click.echo("The database schema is current.")
    else:
        with click.progressbar(todo, label="Upgrading the schema", file=sys.stderr) as bar:
            for name in bar:
                migrate.upgrade(unit.db, target=name)
        click.echo(f"Applied {len(todo)} migration(s): {', '.join(todo)}")
    refiled = refile.refile(unit)
    if refiled:
        click.echo(
            f"Refiled {len(refiled)} archived disclosure(s) that were never published "
            "(see `dangwu workflow refile`)."
        )


@command.command("status")
@pass_context
def status(ctx):
    """List applied and pending migrations."""
    unit = ctx.connected(require_current=False)
    for name in migrate.applied(unit.db):
        click.echo(f"applied  {name}")
    for name in migrate.pending(unit.db):
        click.echo(f"pending  {name}")
