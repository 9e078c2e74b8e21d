"""``dangwu check``: validate settings, plugins and database."""

import click

from .. import migrate, schedules
from ..errors import DangwuError
from ..plugins import installed_plugin_names
from ..settings import secret_key_problem
from ..timelimits import WorkCalendar
from . import pass_context


@click.command("check")
@pass_context
def command(ctx):
    """Check settings, plugins and the database; exit 1 on any error (warnings don't fail)."""
    errors: list[str] = []
    warnings: list[str] = []
    unit = ctx.unit()  # settings and plugins: a failure here is reported by the group
    settings = unit.settings
    for name, source in settings.unknown():
        warnings.append(f"unknown setting {name!r} (from {source})")
    loaded = {name for name, plugin in unit.pm.list_name_plugin() if plugin is not None}
    installed = installed_plugin_names()
    for name in settings.disabled_plugins:
        if name not in installed:
            warnings.append(f"disabled plugin {name!r} is not installed")
    if not settings.secret_key:
        warnings.append("secret_key is empty: sessions will not survive a restart")
    weak_key = secret_key_problem(settings)
    if weak_key:
        errors.append(weak_key)
    if not len(unit.registry.organization_types):
        warnings.append("no plugin registers organization types: install a sector plugin")
    try:
        db = unit.connect(require_current=False, create=False)
        todo = migrate.pending(db, unit.registry.migration_sets)
        if todo:
            errors.append(f"{len(todo)} migration(s) pending: run `dangwu db upgrade`")
        else:
            for line in migrate.schema_drift(db, unit.registry.migration_sets):
                errors.append(f"schema differs from the models: {line}")
            for year in schedules.uncovered_years(WorkCalendar.from_database()):
                warnings.append(
                    f"the next {schedules.COVERAGE_DAYS} days reach {year}, which has no "
                    "official holiday schedule: its deadlines are provisional (Monday to "
                    f"Friday); load it with `dangwu calendar load FILE`"
                )
    except DangwuError as exc:
        errors.append(str(exc))
    click.echo(
        f"plugins: {len(loaded)} loaded; organization types: "
        f"{len(unit.registry.organization_types)}; channels: {len(unit.registry.channels)}"
    )
    for warning in warnings:
        click.echo(f"Warning: {warning}", err=True)
    for error in errors:
        click.echo(f"Error: {error}", err=True)
    if errors:
        ctx_exit = click.get_current_context()
        ctx_exit.exit(1)
    click.echo("OK")
