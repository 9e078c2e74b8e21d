"""Keeps the search index (``dangwu_core.search``) current: every transition re-indexes the
disclosure it moved (a publication, a re-publication with a new text, a withdrawal); adds
``dangwu search reindex``."""

from __future__ import annotations

from dangwu_core import hookimpl


@hookimpl
def dangwu_on_transition(unit, disclosure, transition, event):
    from dangwu_core import search

    search.index(disclosure)


@hookimpl
def dangwu_register_commands(cli):
    import click

    @cli.group("search")
    def search_group():
        """The full-text search index."""

    @search_group.command("reindex")
    @click.pass_context
    def reindex(ctx):
        """Rebuild the search index of every disclosure."""
        from dangwu_core import search

        ctx.obj.connected()
        click.echo(f"indexed {search.reindex_all()} disclosures")
