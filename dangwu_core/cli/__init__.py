"""The ``dangwu`` command line (click).

Every command reads the database from ``--database``, else ``DANGWU_DATABASE_URL``, else the
settings file. A refusal prints one line, ``Error: <cause>``, and exits with status 1
(:func:`refusal` says which exceptions are refusals); plugins add commands through
``dangwu_register_commands``. Only ``init``, ``db upgrade`` and ``demo`` create a missing
SQLite file (and ``restore``, which writes it whole); every other command refuses it, so a
mistyped path never becomes an empty database.
"""

from __future__ import annotations

import sys

import click

from .. import __version__, permissions
from ..errors import DangwuError
from ..plugins import make_plugin_manager, notify
from ..settings import load_settings
from ..unit import Unit

#: The type of an argument naming a row by its id: what a database integer can hold (a
#: larger number is a usage error, not an OverflowError from the driver).
ROW_ID = click.IntRange(1, 2**63 - 1)


def refusal(exc: BaseException) -> str | None:
    """The one line a command prints for ``exc``, or None when ``exc`` is a bug.

    A DangwuError is a refusal that names its cause; an OSError on a file the user named
    (a missing directory, no permission) is the user's to fix, so it is said the same way.
    """
    if isinstance(exc, DangwuError):
        return str(exc)
    if isinstance(exc, OSError) and exc.filename is not None:
        return f"cannot use {exc.filename}: {exc.strerror or type(exc).__name__}"
    return None


class DangwuGroup(click.Group):
    """A click group that turns every refusal (see :func:`refusal`) into one line, ``Error:
    <cause>``, and exit status 1; anything else is a bug and keeps its traceback."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except (DangwuError, OSError) as exc:
            message = refusal(exc)
            if message is None:
                raise
            click.echo(f"Error: {message}", err=True)
            ctx.exit(1)


class UnitContext:
    """Lazily starts the unit the first time a command needs it."""

    def __init__(self, settings_path: str | None, database: str | None):
        self.settings_path = settings_path
        self.database = database
        self._unit: Unit | None = None

    def unit(self) -> Unit:
        if self._unit is None:
            settings = load_settings(self.settings_path, database_url=self.database)
            self._unit = Unit.start(settings)
        ctx = click.get_current_context(silent=True)
        if ctx is not None:  # the command's services decide on this unit's registry
            ctx.with_resource(permissions.active(self._unit.registry.permissions))
        return self._unit

    def connected(self, *, require_current: bool = True, create: bool = False) -> Unit:
        """The unit, connected to its database.

        :param create: whether a missing SQLite file may be created: only the commands that
            build a schema pass it (``init``, ``db upgrade``, ``demo``); every other command
            refuses a mistyped path instead of making an empty database there.
        """
        unit = self.unit()
        if unit.db is None:
            unit.connect(require_current=require_current, create=create)
        return unit


pass_context = click.make_pass_decorator(UnitContext)


@click.group(cls=DangwuGroup)
@click.version_option(__version__, prog_name="dangwu")
@click.option(
    "--settings",
    "settings_path",
    metavar="FILE",
    help="TOML settings file (default: $DANGWU_SETTINGS or ./dangwu.toml).",
)
@click.option(
    "--database",
    metavar="URL",
    help="Database URL (default: $DANGWU_DATABASE_URL, else the settings file).",
)
@click.pass_context
def cli(ctx, settings_path, database):
    """dangwu: Party-affairs disclosure (党务公开) for one unit."""
    ctx.obj = UnitContext(settings_path, database)


def _register_core_commands() -> None:
    from . import catalog

    cli.add_command(catalog.command)
    from . import audit, calendar, check, db, demo, init, org, plugins, serve, tick, token, user

    for module in (audit, calendar, check, db, demo, init, org, plugins, serve, tick, token, user):
        cli.add_command(module.command)
    from . import backup, new_unit, procedures

    for command in (*backup.commands, new_unit.command, *procedures.commands):
        cli.add_command(command)
    from . import batch, worker, workflow

    cli.add_command(batch.command)
    cli.add_command(workflow.command)
    cli.add_command(worker.command)


def _settings_option(argv: list[str]) -> str | None:
    """The value of a ``--settings`` option before the command name, if any."""
    for index, arg in enumerate(argv):
        if arg == "--settings" and index + 1 < len(argv):
            return argv[index + 1]
        if arg.startswith("--settings="):
            return arg.split("=", 1)[1]
        if not arg.startswith("-"):
            break  # the command name: its own options are not ours
    return None


def _register_plugin_commands(argv: list[str]) -> None:
    """Let installed plugins add commands (with the plugins the unit's settings allow)."""
    try:
        settings = load_settings(_settings_option(argv))
        pm = make_plugin_manager(settings.disabled_plugins)
    except DangwuError:
        return  # the command itself will report the problem when it starts the unit
    notify(pm, "dangwu_register_commands", cli=cli)


_register_core_commands()


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``dangwu`` console script."""
    argv = sys.argv[1:] if argv is None else argv
    try:
        _register_plugin_commands(argv)
    except DangwuError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(1)
    cli.main(args=argv, prog_name="dangwu")
