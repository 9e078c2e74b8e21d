"""``dangwu batch due|prepare``: the month's 党务公开日 sheet, for scripts (003 §8(二)).

``due --org CODE --month 2026-03`` lists what the organization's sheet for that month should
cover (:func:`dangwu_core.batches.due_for_batch`) and its disclosure day; ``prepare`` drafts
the sheet as ``--actor`` (a proposer or liaison there), one section per due obligation
(:func:`dangwu_core.batches.prepare_batch`). Refusals are one line, ``Error: <cause>``.
"""

from __future__ import annotations

import re

import click

from .. import batches, organizations, people
from ..errors import ValidationError
from ..models import ObligationStatus
from . import pass_context

_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


def _month(value: str) -> tuple[int, int]:
    match = _MONTH.match(value or "")
    if not match or not (1 <= int(match.group(2)) <= 12):
        raise ValidationError(f"--month takes a month as YYYY-MM (2026-03), not {value!r}")
    return int(match.group(1)), int(match.group(2))


@click.group("batch")
def command():
    """党务公开日: the month's sheet that covers every item due (one section per item)."""


@command.command("due")
@click.option("--org", "code", required=True, help="The organization's code.")
@click.option("--month", required=True, help="The month, YYYY-MM.")
@pass_context
def due_command(ctx, code, month):
    """List what the organization's sheet for MONTH should cover, in catalog order."""
    unit = ctx.connected()
    year, number = _month(month)
    organization = organizations.get(code)
    day = batches.disclosure_day(unit, organization, year, number)
    click.echo(
        f"{organization.name} {year}-{number:02d}: 党务公开日 {day.isoformat() if day else '-'}"
    )
    found = batches.due_for_batch(organization, year, number, workflows=unit.registry.workflows)
    for obligation in found:
        status = ObligationStatus(obligation.status).label
        click.echo(
            f"  {obligation.catalog_item.code}  {obligation.catalog_item.title}  "
            f"{obligation.period_label}  due {obligation.due_date.isoformat()}  {status}"
        )
    click.echo(f"{len(found)} obligation(s) due")


@command.command("prepare")
@click.option("--org", "code", required=True, help="The organization's code.")
@click.option("--month", required=True, help="The month, YYYY-MM.")
@click.option("--actor", "username", required=True, help="The proposer's username.")
@click.option("--title", default=None, help="The sheet's title (default: <org>YYYY年M月党务公开).")
@pass_context
def prepare_command(ctx, code, month, username, title):
    """Draft the organization's sheet for MONTH, one section per due obligation."""
    unit = ctx.connected()
    year, number = _month(month)
    organization = organizations.get(code)
    proposer = people.get_by_username(username)
    sheet = batches.prepare_batch(unit, organization, proposer, year, number, title=title)
    parts = batches.sections(sheet)
    click.echo(f"#{sheet.id} {sheet.title}: {len(parts)} section(s), {sheet.state}")
    for section in parts:
        scope = f"  [{section.scope}]" if section.scope else ""
        click.echo(f"  {section.position}. {section.title}{scope}")
