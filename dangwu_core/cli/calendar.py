"""``dangwu calendar``: the official holiday schedule that working days are counted on."""

from pathlib import Path

import click

from .. import schedules
from ..timelimits import WorkCalendar
from . import pass_context

SOURCES = {
    "loaded": "载入的节假日安排",
    "chinesecalendar": "chinesecalendar 软件包",
    "provisional": "暂按周一至周五计算（尚无官方安排，期限为暂定）",
}


@click.group("calendar")
def command():
    """Load and show the official holiday schedule (法定节假日和调休)."""


@command.command("load")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@pass_context
def load(ctx, file):
    """Load one year's schedule from FILE and recompute the open provisional deadlines.

    FILE is a holiday-cn year file (JSON with "year" and "days"), or dangwu's own format,
    TOML or JSON: year = 2027, holidays = [dates off], workdays = [weekend days worked],
    optionally source = "...". See dangwu_core/schedules.py.
    """
    unit = ctx.connected()
    result = schedules.load(unit, file)
    schedule = result.schedule
    click.echo(
        f"Loaded {schedule.year} ({schedule.source}): {len(schedule.holidays)} holiday(s), "
        f"{len(schedule.workdays)} make-up working day(s)."
    )
    for line in result.changes:
        click.echo(f"  {line}")
    click.echo(f"{len(result.changes)} open deadline(s) recomputed.")


@command.command("show")
@click.argument("year", type=click.IntRange(1949, 2200))
@pass_context
def show(ctx, year):
    """Show where YEAR's working days come from, its days off and its make-up working days."""
    ctx.connected()
    view = schedules.describe(year, WorkCalendar.from_database())
    click.echo(f"{year}: {SOURCES[view.source]} ({view.detail})")
    if view.source == "provisional":
        click.echo("Load the State Council's schedule with `dangwu calendar load FILE`.")
        return
    for title, days in (("holidays (放假)", view.holidays), ("workdays (调休上班)", view.workdays)):
        click.echo(f"{title}: {len(days)}")
        for day, name in days:
            click.echo(f"  {day.isoformat()} 周{'一二三四五六日'[day.weekday()]} {name}".rstrip())
