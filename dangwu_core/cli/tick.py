"""``dangwu tick``: open obligations, mark overdue ones, expire, flag, remind (run by cron)."""

import click

from .. import tick as ticking
from .. import worker as delivering
from . import pass_context


@click.command("tick")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing when nothing changed.")
@pass_context
def command(ctx, quiet):
    """Do what time does to the unit, as of today; idempotent, safe to run twice at once.

    Opens this year's obligations (and next year's from 15 December), marks overdue ones,
    expires display windows, flags overdue requests and feedback once, enqueues reminders;
    then delivers a bounded part of the outbox (reminder digests among it) unless a
    `dangwu worker` holds the SQLite lock.
    Cron example (every hour): ``0 * * * * dangwu --settings /srv/unit/dangwu.toml tick -q``
    """
    unit = ctx.connected()
    report = ticking.tick(unit)
    delivered = delivering.tick_pass(unit)
    if delivered is not None and delivered.handled:
        click.echo(
            f"outbox: sent {delivered.sent}, to retry {delivered.retrying}, "
            f"dead letters {delivered.dead}"
        )
    if quiet and not report.changed:
        return
    for line in report.lines():
        click.echo(line)
