"""The running unit: settings, plugins, their registry and the database, started once.

Both the web application and the ``dangwu`` command start a :class:`Unit`; plugins reach the
framework's operations through it (and through :mod:`dangwu_core.toolkit`).
"""

from __future__ import annotations

from collections.abc import Iterable

import peewee

from . import access, disclosures, migrate, organizations, workflow
from .clock import Clock, set_clock
from .db import connect
from .errors import PluginError
from .models import Organization
from .plugins import PluginManager, collect, make_plugin_manager, notify
from .registry import Registry
from .settings import Setting, Settings, load_settings


class Unit:
    """One deployment: what a unit's settings and installed plugins make of dangwu."""

    def __init__(self, settings: Settings, pm: PluginManager, registry: Registry):
        self.settings = settings
        self.pm = pm
        self.registry = registry
        self.db: peewee.Database | None = None

    @classmethod
    def start(
        cls,
        settings: Settings | None = None,
        *,
        extra_plugins: Iterable[tuple[str, object]] = (),
        load_entry_points: bool = True,
    ) -> Unit:
        """Load settings (if not given), plugins and their settings, and the registry."""
        settings = settings if settings is not None else load_settings()
        pm = make_plugin_manager(
            settings.disabled_plugins,
            load_entry_points=load_entry_points,
            extra=extra_plugins,
        )
        declared = set(settings.declared)
        for plugin, setting in collect(
            pm,
            "dangwu_settings_defaults",
            check=lambda s: isinstance(s, Setting),
            expected="a Setting",
        ):
            if setting.name in declared:
                raise PluginError(
                    plugin,
                    "dangwu_settings_defaults",
                    f"setting {setting.name!r} is declared twice",
                )
            declared.add(setting.name)
            settings.declare([setting])
        set_clock(Clock(settings.timezone))
        return cls(settings, pm, Registry.collect(pm))

    # --- database -----------------------------------------------------------------------

    def connect(self, *, require_current: bool = True) -> peewee.Database:
        """Open the database of ``database_url``; by default refuse a schema not current."""
        self.db = connect(self.settings.database_url, self.settings.sqlite_busy_timeout_ms)
        if require_current:
            migrate.require_current(self.db)
        return self.db

    def upgrade(self) -> list[str]:
        """Bring the database's schema up to date; return the migrations applied."""
        if self.db is None:
            self.connect(require_current=False)
        return migrate.upgrade(self.db)

    # --- organizations ------------------------------------------------------------------

    def create_organization(self, **fields) -> Organization:
        """Create an organization (see :func:`dangwu_core.organizations.create`)."""
        return organizations.create(
            self.registry.organization_types,
            on_created=lambda org: notify(
                self.pm, "dangwu_on_organization_created", organization=org
            ),
            **fields,
        )

    def move_organization(self, organization, new_parent, **fields) -> Organization:
        return organizations.move(
            self.registry.organization_types, organization, new_parent, **fields
        )

    # --- disclosures, workflow and access -----------------------------------------------

    def notify(self, hook_name: str, **kwargs) -> None:
        """Call every implementation of a ``dangwu_on_*`` hook (for services below the unit)."""
        notify(self.pm, hook_name, **kwargs)

    def create_draft(self, organization, proposer, title, body, scope, channels, **fields):
        """Draft a disclosure (see :func:`dangwu_core.disclosures.create_draft`)."""
        return disclosures.create_draft(
            self, organization, proposer, title, body, scope, channels, **fields
        )

    def fire(self, disclosure, transition_name, actor, **options):
        """Fire a workflow transition (see :func:`dangwu_core.workflow.engine.fire`)."""
        return workflow.fire(self, disclosure, transition_name, actor, **options)

    def available_transitions(self, disclosure, actor) -> list[str]:
        """The transitions ``actor`` may fire on ``disclosure`` now."""
        return workflow.available_transitions(self, disclosure, actor)

    def readable_disclosures(self, person) -> peewee.ModelSelect:
        """Every disclosure ``person`` (None: anonymous) may read, filtered in SQL."""
        return access.readable_disclosures(person, self.registry.workflows)

    def can_read(self, person, disclosure) -> bool:
        return access.can_read(person, disclosure, self.registry.workflows)
