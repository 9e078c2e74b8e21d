"""``dangwu org``: the organization tree."""

import click

from .. import organizations
from . import pass_context


@click.group("org")
def command():
    """Create, move and list organizations."""


@command.command("create")
@click.argument("code")
@click.option("--name", required=True)
@click.option("--type", "type_", required=True, help="An organization type a plugin registered.")
@click.option("--parent", help="The parent organization's code.")
@pass_context
def create(ctx, code, name, type_, parent):
    """Create the organization CODE."""
    unit = ctx.connected()
    org = unit.create_organization(code=code, name=name, type=type_, parent=parent)
    click.echo(f"Created {org.code} {org.name}.")


@command.command("move")
@click.argument("code")
@click.option("--parent", required=True, help="The new parent's code.")
@click.option("--reason", default="", help="Why (kept in the audit trail).")
@pass_context
def move(ctx, code, parent, reason):
    """Move the organization CODE (with its subtree) under another parent."""
    unit = ctx.connected()
    org = unit.move_organization(code, parent, reason=reason)
    click.echo(f"Moved {org.code} under {parent}.")


@command.command("list")
@pass_context
def list_(ctx):
    """Print the organization tree."""
    unit = ctx.connected()
    labels = {t.name: t.label for t in unit.registry.organization_types}

    def show(nodes, depth=0):
        for node in nodes:
            org = node.organization
            click.echo(f"{'  ' * depth}{org.code}  {org.name}  ({labels.get(org.type, org.type)})")
            show(node.children, depth + 1)

    show(organizations.tree())


list_.name = "list"
