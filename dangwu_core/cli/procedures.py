"""``dangwu obligation trigger`` and ``dangwu plan decide``: the procedures worth scripting.

Each calls the same service as the admin's buttons (:mod:`dangwu_core.admin.procedures`), as
the login named by ``--as``, whose permissions the service checks:

* ``dangwu obligation trigger --org CODE --item CODE --date 2026-10-09 --label … --as USER``
  records the event of an immediate item (即时公开, 003 §8(四)) and opens its obligation;
* ``dangwu plan decide FILING --approve|--refuse --opinion … --as USER`` is the catalog
  issuer's decision on a work plan (工作方案, 003 §6(二)) or a change request (001 四.2).
"""

from __future__ import annotations

import click

from .. import changes, disclosures, obligations
from ..errors import NotFound
from ..models import Account, CatalogItem, Filing, FilingKind, Organization, Person
from . import ROW_ID, pass_context

AS_OPTION = click.option(
    "--as", "username", required=True, help="The login acting (its roles are checked)."
)


def _person(username: str) -> Person:
    account = Account.get_or_none(Account.username == username)
    if account is None or not account.is_active:
        raise NotFound(f"no active login is named {username!r}")
    return account.person


@click.group("obligation")
def obligation_command():
    """Obligations (应公开事项): record the event of an immediate item."""


@obligation_command.command("trigger")
@click.option("--org", "org_code", required=True, help="The organization's code.")
@click.option("--item", "item_code", required=True, help="The immediate item's code.")
@click.option("--date", "day", required=True, type=click.DateTime(["%Y-%m-%d"]))
@click.option("--label", default=None, help="Tells apart several events on one day.")
@AS_OPTION
@pass_context
def trigger(ctx, org_code, item_code, day, label, username):
    """Record that the event of an immediate item happened; its obligation opens."""
    unit = ctx.connected()
    organization = Organization.get_or_none(Organization.code == org_code)
    if organization is None:
        raise NotFound(f"no organization {org_code!r}")
    items = [i for i in obligations.immediate_items(organization) if i.code == item_code]
    if not items:
        known = CatalogItem.get_or_none(CatalogItem.code == item_code)
        raise NotFound(
            f"no active immediate item {item_code!r} in the catalogs of {org_code}"
            + (f" ({item_code} is {known.time_limit})" if known is not None else "")
        )
    opened = obligations.open_immediate(
        unit, organization, items[0], day.date(), label=label, actor=_person(username)
    )
    click.echo(
        f"Opened {org_code} {item_code} {opened.period_label}: due {opened.due_date.isoformat()}."
    )


@click.group("plan")
def plan_command():
    """Work plans (工作方案) and change requests filed with the catalog's issuer."""


@plan_command.command("decide")
@click.argument("filing_id", type=ROW_ID)
@click.option("--approve/--refuse", "agree", required=True)
@click.option("--opinion", required=True, help="The issuer's opinion (recorded).")
@AS_OPTION
@pass_context
def decide(ctx, filing_id, agree, opinion, username):
    """Approve or refuse the work plan or change request FILING_ID."""
    unit = ctx.connected()
    filing = Filing.get_or_none(Filing.id == filing_id)
    if filing is None:
        raise NotFound(f"no filing {filing_id}")
    decide_it = (
        disclosures.decide_plan
        if filing.kind == FilingKind.IMPLEMENTATION_PLAN.value
        else changes.decide_change
    )
    decide_it(unit, filing, _person(username), approved=agree, opinion=opinion)
    click.echo(f"{'Approved' if agree else 'Refused'}: {filing.title}")


commands = (obligation_command, plan_command)
