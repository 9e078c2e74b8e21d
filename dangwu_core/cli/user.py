"""``dangwu user``: people with logins and their roles."""

import click

from .. import organizations, people
from ..db import atomic
from ..errors import ValidationError
from ..models import Role
from . import pass_context


def _parse_role(value: str) -> tuple[str, str, bool]:
    """``ORG_CODE:ROLE`` or ``ORG_CODE:ROLE+`` (the role reaches down the subtree)."""
    code, sep, role = value.rpartition(":")
    if not sep or not code or not role:
        raise ValidationError(f"role {value!r} is not ORG_CODE:ROLE", "role")
    reaches_down = role.endswith("+")
    return code, role.rstrip("+"), reaches_down


@click.group("user")
def command():
    """Manage people with logins."""


@command.command("create")
@click.argument("username")
@click.option("--name", required=True, help="The person's name.")
@click.option(
    "--password",
    prompt=True,
    hide_input=True,
    confirmation_prompt=True,
    help="At least 8 characters, not an obvious one (prompted when omitted).",
)
@click.option(
    "--role",
    "roles",
    multiple=True,
    metavar="ORG:ROLE[+]",
    help=f"Role on an organization; + reaches down its subtree. Roles: {', '.join(Role.values())}.",
)
@click.option("--superuser", is_flag=True, help="A unit administrator.")
@pass_context
def create(ctx, username, name, password, roles, superuser):
    """Create a person with the login USERNAME and their roles."""
    ctx.connected()
    parsed = [_parse_role(value) for value in roles]
    with atomic():
        person = people.create_person(name)
        people.create_account(person, username, password, superuser=superuser)
        for code, role, reaches_down in parsed:
            people.assign_role(person, organizations.get(code), role, reaches_down=reaches_down)
    click.echo(f"Created {username!r} ({name}) with {len(parsed)} role(s).")


@command.command("password")
@click.argument("username")
@click.option(
    "--password",
    prompt="New password",
    hide_input=True,
    confirmation_prompt=True,
    help="The new password (prompted when omitted); the password policy applies.",
)
@pass_context
def password(ctx, username, password):
    """Give USERNAME a new password: their sessions end and a lockout is lifted."""
    ctx.connected()
    person = people.get_by_username(username)
    people.set_password(person.accounts.get(), password)
    click.echo(f"Changed the password of {username!r}; their sessions have ended.")
