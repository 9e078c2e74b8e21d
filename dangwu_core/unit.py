"""The running unit: settings, plugins, their registry and the database, started once.

Both the web application and the ``dangwu`` command start a :class:`Unit`; plugins reach the
framework's operations through it (and through :mod:`dangwu_core.toolkit`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from pathlib import Path

import peewee

from . import (
    access,
    disclosures,
    listing,
    migrate,
    obligations,
    organizations,
    schedules,
    timelimits,
    workflow,
)
from .catalogs import install as catalog_install
from .clock import Clock, get_clock, set_clock
from .context import Context
from .db import connect
from .errors import PluginError
from .models import Catalog, Organization
from .plugins import (
    PluginManager,
    collect,
    first,
    make_plugin_manager,
    notify,
)
from .registry import Registry
from .settings import Setting, Settings, load_settings


class Unit:
    """One deployment: what a unit's settings and installed plugins make of dangwu."""

    def __init__(self, settings: Settings, pm: PluginManager, registry: Registry):
        self.settings = settings
        self.pm = pm
        self.registry = registry
        self.db: peewee.Database | None = None
        #: Counts of list statements, valid until the next change (see :mod:`.listing`).
        self.totals = listing.Totals()

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
        # A Settings object may start several units (create_app, the CLI): a plugin's own
        # setting, declared identically by an earlier start, is not a second declaration.
        already = settings.declared
        declared: set[str] = set()
        for plugin, setting in collect(
            pm,
            "dangwu_settings_defaults",
            check=lambda s: isinstance(s, Setting),
            expected="a Setting",
        ):
            if setting.name in declared or already.get(setting.name, setting) != setting:
                raise PluginError(
                    plugin,
                    "dangwu_settings_defaults",
                    f"setting {setting.name!r} is declared twice",
                )
            declared.add(setting.name)
            settings.declare([setting])
        set_clock(Clock(settings.timezone))
        return cls(settings, pm, Registry.collect(pm, settings))

    # --- the context services receive ---------------------------------------------------

    @property
    def context(self) -> Context:
        """The :class:`~dangwu_core.context.UnitContext` services receive: settings,
        registry, clock, notify and due dates (the unit itself satisfies it too)."""
        return Context(self.settings, self.registry, self.notify, self.due_date)

    @property
    def clock(self) -> Clock:
        """The clock in force (see :func:`dangwu_core.clock.use_clock`)."""
        return get_clock()

    # --- database -----------------------------------------------------------------------

    def connect(
        self, *, require_current: bool = True, create: bool | None = None
    ) -> peewee.Database:
        """Open the database of ``database_url``; by default refuse a schema not current.

        :param create: whether a missing SQLite file may be created; by default only when
            the schema need not be current (a new file never is).
        """
        create = not require_current if create is None else create
        self.db = connect(
            self.settings.database_url, self.settings.sqlite_busy_timeout_ms, create=create
        )
        if require_current:
            migrate.require_current(self.db, self.registry.migration_sets)
        return self.db

    def upgrade(self, target: str | None = None) -> list[str]:
        """Bring the database's schema (core's and the plugins' sets) up to date, or up to
        ``target``; return the migrations applied."""
        if self.db is None:
            self.connect(require_current=False)
        return migrate.upgrade(self.db, target, self.registry.migration_sets)

    # --- organizations ------------------------------------------------------------------

    def create_organization(self, **fields) -> Organization:
        """Delegates to :func:`dangwu_core.organizations.create` (which fires the hook)."""
        return organizations.create(self, **fields)

    def move_organization(self, organization, new_parent, **fields) -> Organization:
        """Delegates to :func:`dangwu_core.organizations.move`."""
        return organizations.move(self, organization, new_parent, **fields)

    # --- time limits, obligations, catalogs ---------------------------------------------

    def calendar(self) -> timelimits.WorkCalendar:
        """The working-day calendar, with the schedules loaded into this unit's database."""
        return timelimits.WorkCalendar.from_database()

    def load_calendar(self, source: Path | str | Mapping, *, actor=None) -> timelimits.Schedule:
        """Store a year's holiday schedule (holiday-cn JSON or dangwu's own format: path, text
        or dict) and recompute the open provisional deadlines (see :mod:`.schedules`)."""
        if isinstance(source, str) and not source.lstrip().startswith("{"):
            source = Path(source)
        return schedules.load(self, source, actor=actor).schedule

    def due_date(self, item, period, calendar) -> dt.date:
        """The due date of ``item`` for ``period``: the first answer of ``dangwu_due_date``."""
        return first(
            self.pm,
            "dangwu_due_date",
            check=lambda d: isinstance(d, dt.date) and not isinstance(d, dt.datetime),
            expected="a datetime.date",
            item=item,
            period=period,
            calendar=calendar,
            unit=self,
        )[1]

    def open_obligations(self, year: int, organizations=None, **options) -> int:
        """Open ``year``'s obligations (see :func:`dangwu_core.obligations.open_obligations`)."""
        return obligations.open_obligations(self, year, organizations, **options)

    def install_catalog(self, package, *, actor=None, **options) -> Catalog:
        """Install a catalog package (see :func:`dangwu_core.catalogs.install.apply`)."""
        return catalog_install.install(self, package, actor=actor, **options)

    def install_catalog_template(self, name: str, *, actor=None, **options) -> Catalog:
        """Install a catalog template a plugin's distribution ships (trusted as code)."""
        return catalog_install.install_template(self, name, actor=actor, **options).catalog

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

    def listed_disclosures(self, person) -> peewee.ModelSelect:
        """What lists show ``person``: readable and in a state that discloses by scope."""
        return access.listed_disclosures(person, self.registry.workflows)

    def can_read(self, person, disclosure) -> bool:
        """True when ``person`` (or a :class:`~dangwu_core.readers.Reader`) may read it."""
        return access.can_read(person, disclosure, self.registry.workflows)

    def listing(self, person, query: peewee.ModelSelect | None = None) -> listing.Listing:
        """What lists show ``person`` as a :class:`~dangwu_core.listing.Listing` (pages of ids
        from the index, rows with what lists show, totals kept per change); ``query`` is their
        :meth:`listed_disclosures`, narrowed (by an API token) or not."""
        reader = access.reader_of(person)
        if query is None:
            query = self.listed_disclosures(reader)
        return listing.Listing(query, reader.listed_splits(self.registry.workflows), self.totals)
