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
    @click.option("--force", is_flag=True, help="Rewrite entries whose text is unchanged too.")
    @click.option(
        "--resume", is_flag=True, help="Continue the last unfinished run after its last id."
    )
    @click.option(
        "--batch",
        type=click.IntRange(1, 100_000),
        default=None,
        help="Disclosures per transaction (default 500).",
    )
    @click.pass_context
    def reindex(ctx, force, resume, batch):
        """Bring the search index of every disclosure up to date, in id order and bounded
        transactions; progress on stderr."""
        from dangwu_core import search

        ctx.obj.connected()
        progress = search.reindex(
            force=force,
            resume=resume,
            batch=batch or search.BATCH,
            on_batch=lambda p: click.echo(
                f"{p.done}/{p.total} documents, {p.rate:,.0f}/s", err=True
            ),
        )
        click.echo(
            f"indexed {progress.done} disclosures ({progress.written} written) "
            f"in {progress.seconds:.1f} s"
        )
