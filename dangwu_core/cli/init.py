"""``dangwu init``: create the database and the first administrator."""

import click

from .. import people
from ..db import atomic
from ..errors import ValidationError
from ..models import Account
from . import pass_context


@click.command("init")
@click.option("--admin-username", default="admin", show_default=True)
@click.option("--admin-name", default="管理员", show_default=True, help="The person's name.")
@click.option(
    "--admin-password",
    prompt=True,
    hide_input=True,
    confirmation_prompt=True,
    envvar="DANGWU_ADMIN_PASSWORD",
    show_envvar=True,
    help="At least 8 characters (prompted when omitted).",
)
@pass_context
def command(ctx, admin_username, admin_name, admin_password):
    """Create (or upgrade) the database and its first administrator."""
    unit = ctx.connected(require_current=False, create=True)
    applied = unit.upgrade()
    if applied:
        click.echo(f"Created the schema ({len(applied)} migration(s)).")
    with atomic():
        if Account.select().where(Account.is_superuser == True).exists():  # noqa: E712
            raise ValidationError(
                "this database already has an administrator; add more with `dangwu user create`"
            )
        person = people.create_person(admin_name)
        people.create_account(person, admin_username, admin_password, superuser=True)
    click.echo(f"Created administrator {admin_username!r}.")
