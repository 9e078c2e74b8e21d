"""``dangwu demo``: build the demo unit of a sector plugin."""

import click

from ..demo import build_demo
from . import pass_context


@click.command("demo")
@click.option(
    "--sector", help="Which sector's demo (default: the sector setting, or the only one)."
)
@pass_context
def command(ctx, sector):
    """Create the schema if needed and build a realistic demo unit (idempotent)."""
    unit = ctx.connected(require_current=False, create=True)
    unit.upgrade()
    demo, built = build_demo(unit, sector)
    if built:
        click.echo(f"Built the demo unit: {demo.label}.")
    else:
        click.echo(f"The demo unit is already built: {demo.label}.")
    if demo.logins:
        click.echo("Demo logins (username / password):")
        for username, password, what in demo.logins:
            click.echo(f"  {username:<16} {password:<14} {what}")
