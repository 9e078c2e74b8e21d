"""``dangwu worker``: deliver the outbox (e-mail, SMS, linked publication...) until stopped."""

import click

from .. import worker as delivering
from . import pass_context


@click.command("worker")
@click.option("--once", is_flag=True, help="Deliver what is due now, then exit.")
@click.option(
    "--batch",
    default=10,
    show_default=True,
    type=click.IntRange(1, 1000),
    help="Deliveries claimed at a time.",
)
@click.option(
    "--idle",
    "idle_seconds",
    default=2.0,
    show_default=True,
    type=click.FloatRange(0.1, 3600),
    help="Seconds to wait when nothing is due.",
)
@pass_context
def command(ctx, once, batch, idle_seconds):
    """Send the outbox's deliveries, with retries, until SIGTERM (graceful: the delivery in
    hand is finished first).

    On PostgreSQL several workers may run at once; on SQLite one does, and a second one says
    so and exits with status 1. Run it under the unit's service manager (systemd, supervisor).
    """
    unit = ctx.connected()
    stop = delivering.Stop()

    def report(done):
        click.echo(f"sent {done.sent}, to retry {done.retrying}, dead letters {done.dead}")

    def started():
        click.echo(f"dangwu worker {delivering.worker_name()} delivering", err=True)

    with stop.on_signals():
        delivering.run(
            unit,
            batch=batch,
            idle_seconds=idle_seconds,
            once=once,
            stop=stop,
            report=report,
            started=started,
        )
    click.echo("dangwu worker stopped", err=True)
