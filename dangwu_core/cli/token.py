"""``dangwu token``: API tokens for e-screens and integrations (:mod:`dangwu_core.tokens`).

A token acts for an officer (``--user``; by default the unit administrator ``dangwu init``
created), narrowed to one organization's subtree and, unless ``--read-write``, to reading. The
secret is printed once, when it is issued; only its SHA-256 is kept.
"""

from __future__ import annotations

import datetime as dt

import click

from .. import organizations, tokens
from ..clock import get_clock, today, utcnow
from ..errors import NotFound, ValidationError
from ..models import Account, ApiToken, Organization, Person
from . import ROW_ID, pass_context


def _acting(username: str | None) -> Person:
    """The person a token acts for: ``username``'s, or the first active administrator's."""
    if username:
        account = Account.get_or_none(Account.username == username)
        if account is None or not account.is_active:
            raise NotFound(f"no active login is named {username!r}")
        return account.person
    account = (
        Account.select()
        .where(Account.is_superuser & Account.is_active)
        .order_by(Account.id)
        .first()
    )
    if account is None:
        raise NotFound(
            "the unit has no administrator to act for: run `dangwu init`, or name an officer "
            "with --user"
        )
    return account.person


def _expiry(value: str | None) -> dt.datetime | None:
    """The end of the day ``value`` (YYYY-MM-DD) in the unit's time zone, as naive UTC."""
    if not value:
        return None
    try:
        last_day = dt.date.fromisoformat(value)
    except ValueError:
        raise ValidationError(f"--expires {value!r} is not a date (YYYY-MM-DD)") from None
    if last_day < today():
        raise ValidationError(f"--expires {value} is in the past", "expires")
    end = dt.datetime.combine(last_day + dt.timedelta(days=1), dt.time(), get_clock().tz)
    return end.astimezone(dt.UTC).replace(tzinfo=None)


def _local(at: dt.datetime | None) -> str:
    if at is None:
        return "-"
    return at.replace(tzinfo=dt.UTC).astimezone(get_clock().tz).strftime("%Y-%m-%d %H:%M")


def _status(token: ApiToken) -> str:
    if token.revoked_at is not None:
        return f"revoked {_local(token.revoked_at)}"
    if token.expires_at is not None and token.expires_at <= utcnow():
        return f"expired {_local(token.expires_at)}"
    if token.expires_at is not None:
        return f"active until {_local(token.expires_at)}"
    return "active"


@click.group("token")
def command():
    """Issue, list and revoke API tokens for e-screens and integrations."""


@command.command("issue")
@click.argument("org_code")
@click.option("--name", required=True, help="What uses the token, e.g. 党群服务中心电子屏.")
@click.option("--read-write", is_flag=True, help="May also fire workflow transitions.")
@click.option("--expires", metavar="DATE", help="Its last day (YYYY-MM-DD); default: no end.")
@click.option(
    "--user",
    "username",
    metavar="USERNAME",
    help="The officer it acts for (default: the unit administrator).",
)
@pass_context
def issue(ctx, org_code, name, read_write, expires, username):
    """Issue a token for the subtree of ORG_CODE; print its secret once."""
    ctx.connected()
    organization = organizations.get(org_code)
    expires_at = _expiry(expires)
    person = _acting(username)
    token, secret = tokens.issue(
        person, organization, name, can_write=read_write, expires_at=expires_at
    )
    access = "read-write" if token.can_write else "read-only"
    until = f", its last day {expires}" if expires else ""
    click.echo(
        f"Issued token {token.id} “{token.name}” for {organization.code} {organization.name}: "
        f"{access}, acting for {person.name}{until}."
    )
    click.echo("Send it as `Authorization: Bearer <token>`. It is shown only now:")
    click.echo(secret)


@command.command("list")
@click.option("--org", "org_code", metavar="CODE", help="Only the tokens of this organization.")
@pass_context
def list_(ctx, org_code):
    """List tokens (never their secrets): id, name, organization, access, status."""
    ctx.connected()
    query = (
        ApiToken.select(ApiToken, Organization, Person)
        .join(Organization, on=(ApiToken.organization == Organization.id))
        .switch(ApiToken)
        .join(Person, on=(ApiToken.person == Person.id))
        .order_by(ApiToken.id)
    )
    if org_code:
        query = query.where(ApiToken.organization == organizations.get(org_code).id)
    rows = list(query)
    if not rows:
        click.echo("No API tokens.")
        return
    for token in rows:
        access = "rw" if token.can_write else "ro"
        click.echo(
            f"{token.id:>4}  {token.name}  {token.organization.code}  {access}  "
            f"acts for {token.person.name}  {_status(token)}  "
            f"last used {_local(token.last_used_at)}"
        )


list_.name = "list"


@command.command("revoke")
@click.argument("token_id", type=ROW_ID)
@click.option(
    "--user",
    "username",
    metavar="USERNAME",
    help="Who revokes it (default: the unit administrator).",
)
@pass_context
def revoke(ctx, token_id, username):
    """Revoke the token TOKEN_ID at once (its screen or system gets 401 from then on)."""
    ctx.connected()
    token = ApiToken.get_or_none(ApiToken.id == token_id)
    if token is None:
        raise NotFound(f"no API token has the id {token_id} (see `dangwu token list`)")
    if token.revoked_at is not None:
        raise ValidationError(f"token {token_id} “{token.name}” is already revoked")
    tokens.revoke(token, _acting(username))
    click.echo(f"Revoked token {token.id} “{token.name}”.")
