"""``dangwu serve``: serve the unit with waitress, a production WSGI server."""

import click

from ..errors import SettingsError
from ..settings import secret_key_problem
from . import pass_context


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--threads", default=8, show_default=True, type=click.IntRange(1, 64))
@pass_context
def command(ctx, host, port, threads):
    """Serve the portal on HOST:PORT (waitress; never Flask's development server)."""
    import waitress

    from ..app import create_app

    unit = ctx.connected()
    weak_key = secret_key_problem(unit.settings)
    if weak_key:  # a guessable key lets anyone forge a login
        raise SettingsError(weak_key)
    app = create_app(unit=unit)
    click.echo(
        f"Serving {app.extensions['dangwu'].settings.unit_name or 'dangwu'} "
        f"at http://{host}:{port}/  (Ctrl-C to stop)"
    )
    waitress.serve(app, host=host, port=port, threads=threads, ident="dangwu")
