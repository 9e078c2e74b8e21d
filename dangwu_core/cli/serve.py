"""``dangwu serve``: serve the unit with waitress, a production WSGI server.

Memory: glibc's allocator gives each thread that allocates its own arena (up to eight per
core), and an arena's freed memory mostly stays with the process, so a server of eight
threads grows to several times the memory its data needs. ``dangwu serve`` caps the arenas at
two (``--malloc-arenas``) before waitress starts its threads, by ``mallopt(M_ARENA_MAX)``: the
run-time form of the ``MALLOC_ARENA_MAX`` environment variable, which glibc reads only when
the process starts (so setting it from Python changes nothing). A ``MALLOC_ARENA_MAX`` given
to the process is left to glibc; ``--malloc-arenas 0`` keeps glibc's default. Elsewhere than
glibc it does nothing.
"""

import ctypes
import os

import click

from ..errors import SettingsError
from ..settings import secret_key_problem
from . import pass_context

#: glibc's ``mallopt`` parameter for the most arenas (``M_ARENA_MAX`` in ``malloc.h``).
M_ARENA_MAX = -8
ARENAS = 2


def limit_malloc_arenas(arenas: int) -> bool:
    """Cap glibc's malloc arenas at ``arenas`` for the threads started after this call;
    return whether the cap was set (not when ``arenas`` is 0, when the process was given
    ``MALLOC_ARENA_MAX``, or when the C library has no ``mallopt``)."""
    if arenas <= 0 or "MALLOC_ARENA_MAX" in os.environ:
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes, mallopt.restype = (ctypes.c_int, ctypes.c_int), ctypes.c_int
    return mallopt(M_ARENA_MAX, arenas) == 1


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--threads", default=8, show_default=True, type=click.IntRange(1, 64))
@click.option(
    "--malloc-arenas",
    default=ARENAS,
    show_default=True,
    type=click.IntRange(0, 64),
    help="Cap glibc's malloc arenas (less memory for many threads); 0: glibc's default.",
)
@pass_context
def command(ctx, host, port, threads, malloc_arenas):
    """Serve the portal on HOST:PORT (waitress; never Flask's development server)."""
    import waitress

    from ..app import create_app

    limit_malloc_arenas(malloc_arenas)  # before waitress starts its threads
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
