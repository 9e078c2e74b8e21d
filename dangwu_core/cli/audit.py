"""``dangwu audit``: the tamper-evident audit trail."""

import click

from .. import audit
from ..models import Event
from . import pass_context


@click.group("audit")
def command():
    """Inspect and verify the audit trail."""


@command.command("verify")
@pass_context
def verify(ctx):
    """Recompute the hash chain; name every edited, inserted or deleted event (exit 1)."""
    ctx.connected()
    problems = audit.verify()
    if problems:
        for problem in problems:
            click.echo(f"Error: {problem}", err=True)
        raise click.exceptions.Exit(1)
    click.echo(f"The audit trail is intact ({Event.select().count()} events).")
