"""``dangwu workflow list|show|refile``: the unit's workflows, resolved (extensions merged in).

``show NAME`` prints the definition the unit loaded — states with their kinds, labels and
readers; transitions with their kinds, from/to, roles, relation, guards and effects — as text,
or as ``--format json|toml``: complete data (no ``extends``) that loads back to the same
definition.

``refile`` moves what an older release archived where the public reads it although it was
never published (refused, withdrawn, superseded items) to where its workflow files it now
(:mod:`dangwu_core.workflow.refile`); ``--dry-run`` only lists them.
"""

from __future__ import annotations

import json

import click

from ..workflow.definition import Definition
from . import pass_context


@click.group("workflow")
def command():
    """The unit's workflows (程序), resolved."""


@command.command("list")
@pass_context
def list_command(ctx):
    """List the loaded workflows and the organization types that follow each."""
    workflows = ctx.unit().registry.workflows
    for definition in workflows:
        types = sorted(t for t, n in workflows.by_type.items() if n == definition.name)
        click.echo(f"{definition.name}  {definition.label}")
        click.echo(f"    types: {', '.join(types) or '-'}")


@command.command("show")
@click.argument("name")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "toml"]),
    default="text",
    show_default=True,
)
@pass_context
def show_command(ctx, name, fmt):
    """Print workflow NAME resolved: every state and transition, with its kind."""
    definition = ctx.unit().registry.workflows.get(name)
    if fmt == "json":
        click.echo(json.dumps(definition.as_data(), ensure_ascii=False, indent=2))
    elif fmt == "toml":
        click.echo(to_toml(definition.as_data()), nl=False)
    else:
        click.echo(as_text(definition), nl=False)


@command.command("refile")
@click.option("--dry-run", is_flag=True, help="List what would be refiled; change nothing.")
@pass_context
def refile_command(ctx, dry_run):
    """Refile archived items that were never published: off the public surfaces (also run by
    ``dangwu db upgrade``)."""
    from ..workflow import refile

    unit = ctx.unit()
    found = refile.misfiled(unit) if dry_run else refile.refile(unit)
    for entry in found:
        item = entry.disclosure
        click.echo(
            f"#{item.id} {item.title}: {item.state} (from {entry.came_from}) → {entry.target}"
        )
    verb = "would refile" if dry_run else "refiled"
    click.echo(f"{verb} {len(found)} disclosure(s)")


def as_text(definition: Definition) -> str:
    """A readable listing of ``definition``."""
    lines = [f"{definition.name} — {definition.label}", f"initial: {definition.initial}", ""]
    lines.append("states:")
    for s in definition.states.values():
        lines.append(f"  {s.name} [{s.kind}] {s.label}")
        lines.append(f"      readers: {', '.join(s.readers)}")
    lines.append("")
    lines.append("transitions:")
    for t in definition.transitions.values():
        comment = ", requires a reason" if t.requires_comment else ""
        lines.append(f"  {t.name} [{t.kind}] {t.label}")
        lines.append(f"      {', '.join(t.sources)} -> {t.target}")
        lines.append(f"      roles: {', '.join(t.roles)} (on {t.on}){comment}")
        if t.guards:
            lines.append(f"      guards: {', '.join(t.guards)}")
        if t.effects:
            lines.append(f"      effects: {', '.join(t.effects)}")
    return "\n".join(lines) + "\n"


def _value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)


def to_toml(data: dict) -> str:
    """Definition data (strings, booleans, lists of strings, two levels of tables) as TOML."""
    out = [f"{k} = {_value(v)}" for k, v in data.items() if not isinstance(v, dict)]
    for section in ("states", "transitions"):
        for name, entry in data.get(section, {}).items():
            out.append("")
            out.append(f"[{section}.{name}]")
            out.extend(f"{_key(k)} = {_value(v)}" for k, v in entry.items())
    return "\n".join(out) + "\n"


def _key(key: str) -> str:
    return key if key.replace("_", "").isalnum() and key.isascii() else json.dumps(key)
