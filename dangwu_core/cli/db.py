"""``dangwu db``: the schema."""

import sys

import click

from .. import migrate, search
from ..workflow import refile
from . import pass_context

#: The migration that moved search onto the database's own index: the upgrade that applies
#: it fills that index (``dangwu search reindex``), in bounded batches.
SEARCH_ENGINE = "0009_search_on_the_database_engine"
#: Every migration that empties the search index (it is derived data): the upgrade that
#: applies one of them fills the index again, once.
SEARCH_EMPTIED = (SEARCH_ENGINE, "0010_compressed_search_text")


@click.group("db")
def command():
    """Create or upgrade the database schema."""


@command.command("upgrade")
@pass_context
def upgrade(ctx):
    """Apply every pending migration (a new database gets the whole schema), fill the search
    index when a migration moved it, then refile what an older release archived where the
    public could read it (``dangwu workflow refile``)."""
    unit = ctx.connected(require_current=False, create=True)
    sets = unit.registry.migration_sets
    todo = migrate.pending(unit.db, sets)
    if not todo:
        click.echo("The database schema is current.")
    else:
        with click.progressbar(todo, label="Upgrading the schema", file=sys.stderr) as bar:
            for name in bar:
                migrate.upgrade(unit.db, target=name, sets=sets)
        click.echo(f"Applied {len(todo)} migration(s): {', '.join(todo)}")
        if any(name in todo for name in SEARCH_EMPTIED):
            filled = search.reindex(
                on_batch=lambda p: click.echo(f"{p.done}/{p.total} documents indexed", err=True)
            )
            click.echo(f"Indexed {filled.done} disclosure(s) for search.")
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
    sets = unit.registry.migration_sets
    for name in migrate.applied(unit.db, sets):
        click.echo(f"applied  {name}")
    for name in migrate.pending(unit.db, sets):
        click.echo(f"pending  {name}")
