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
    help="At least 8 characters (prompted when omitted).",
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
