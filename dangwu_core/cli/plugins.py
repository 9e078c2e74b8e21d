"""``dangwu plugins``: what is loaded, with versions and hooks."""

import json
from dataclasses import asdict

import click

from ..plugins import plugin_infos
from . import pass_context


@click.command("plugins")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_context
def command(ctx, as_json):
    """List loaded plugins, their distribution and version, and the hooks each implements."""
    infos = plugin_infos(ctx.unit().pm)
    if as_json:
        click.echo(json.dumps([asdict(i) for i in infos], ensure_ascii=False, indent=2))
        return
    for info in infos:
        flag = " (essential)" if info.essential else ""
        click.echo(f"{info.name}  {info.distribution} {info.version}{flag}")
        for hook in info.hooks:
            click.echo(f"    {hook}")
