"""Every hook of the ``dangwu`` project: the API that sector, channel and review plugins use.

Naming families (as in Datasette), the only ones this module uses:

* ``dangwu_register_*()`` (and ``dangwu_settings_defaults()``) return a list of things to
  add; every plugin's answer is kept.
* ``dangwu_extend_*(thing)`` transform a thing and return it (or None to leave it); every
  plugin's answer is applied in turn (``dangwu_extend_action``).
* ``dangwu_on_*(...)`` are notifications after the fact; their return value is ignored.
* ``firstresult`` hooks, named after what they answer (``dangwu_workflow_definition``,
  ``dangwu_due_date``): the first non-None answer wins, and core's own answer is registered
  ``trylast`` so any plugin can override it.

Every hookspec is annotated. The types are those of the layers below the plugin manager (the
models, the domain's value types) or of the web libraries; where the argument is the running
unit, which sits above the plugin manager, the annotation is ``Any`` and the docstring names
the type (an import of it here would point up the layers).

Core's defaults are ordinary plugins in :mod:`dangwu_core.builtin`. A plugin that raises or
answers with the wrong shape is named in a :class:`~dangwu_core.errors.PluginError`; hooks
that write run inside one transaction, so a failure leaves no half-written data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:  # types only; every module named here sits below dangwu_core.plugins
    import click
    import flask
    import flask_admin

    from .catalogs.template import CatalogTemplate
    from .channels import Channel
    from .desk import DeskItem
    from .migration_sets import MigrationSet
    from .models import CatalogItem, Disclosure, Event, Organization
    from .organization_types import OrganizationType
    from .permissions import Action
    from .review import ReviewCheck, RiskRule, Span
    from .senders import Sender
    from .settings import Setting, Settings
    from .timelimits import Period, WorkCalendar
    from .workflow.definition import WorkflowFunction

hookspec = pluggy.HookspecMarker("dangwu")


# --- Settings -----------------------------------------------------------------------------


@hookspec
def dangwu_settings_defaults() -> list[Setting]:
    """Declare the settings a plugin reads, with their defaults and help.

    Called once when the unit starts, after the plugin manager is built and before the
    database is opened.

    :returns: a list of :class:`dangwu_core.settings.Setting`. Names should be prefixed with
        the plugin's name and a dot (``myplugin.catalog``); their environment variable is then
        ``DANGWU_MYPLUGIN__CATALOG`` and they may live in a ``[myplugin]`` table of the TOML
        settings file. A name core or another plugin already declares is an error.
    """


@hookspec
def dangwu_register_migrations() -> list[MigrationSet]:
    """Ship the tables a plugin keeps data in, as a set of migrations of its own.

    Called once when the unit starts, while the registry is gathered. ``dangwu db upgrade``
    (and ``dangwu init``, ``dangwu demo``) apply core's set first, then every plugin's set by
    name; ``dangwu db status`` lists a plugin's migrations as ``name:0001_initial``;
    ``dangwu check`` compares the set's models with the database; a unit refuses to start
    while any set has a migration pending. Each set keeps its own history table
    (``schema_migration_<name>``), so a plugin numbers its migrations from ``0001`` and never
    needs one of core's. Core's own schema is registered the same way, by the essential
    plugin ``core.schema``.

    A script is ``up(migrator, db)`` in a module named ``NNNN_what.py`` in the set's
    directory, with the models it creates frozen inside it (as core's migrations do); it runs
    in its own transaction. Tables should be named after the plugin (``consultation_comment``)
    and may refer to core's tables, which always exist first.

    :returns: a list of :class:`dangwu_core.migration_sets.MigrationSet` (from the toolkit).
        A set name registered twice, or a table that two sets both model, is a PluginError.
    """


# --- The domain: organization types, channels, catalogs, review checks -------------------


@hookspec
def dangwu_register_organization_types() -> list[OrganizationType]:
    """Name the organization types a sector uses (党委, 党总支, 党支部, 机关党委...).

    Called once when the unit starts; the types are validated and kept in the unit's
    registry. Creating an organization of a type nobody registered is refused.

    :returns: a list of :class:`dangwu_core.organizations.OrganizationType`. A type name
        registered twice is an error naming both plugins.
    """


@hookspec
def dangwu_register_channels() -> list[Channel]:
    """Name the channels (公开形式) disclosures can be published on, and the scopes each carries.

    Called once when the unit starts. Core registers the portal website itself
    (``dangwu_core/builtin/channels.py``); channel plugins add bulletin boards, e-screens,
    SMS, meetings and the like.

    :returns: a list of :class:`dangwu_core.channels.Channel`.
    """


@hookspec
def dangwu_register_catalog_templates() -> list[CatalogTemplate]:
    """Offer catalog packages (党务公开目录) that a unit can install, with their categories.

    Called when the unit lists or installs catalogs (``dangwu catalog``, the demo). This is
    how an upstream body publishes its catalog as an installable Python distribution.

    :returns: a list of :class:`dangwu_core.catalogs.CatalogTemplate` (a name and the path of
        a package file shipped inside the plugin).
    """


@hookspec
def dangwu_register_review_checks() -> list[ReviewCheck]:
    """Add checks that run during review (审核) before anything is published.

    Called once when the unit starts; the workflow engine runs every check on each
    disclosure it reviews (secrecy markings, personal data, risk assessment...).

    :returns: a list of :class:`dangwu_core.review.ReviewCheck`.
    """


@hookspec
def dangwu_register_risk_rules() -> list[RiskRule]:
    """Add rules that flag disclosures needing a risk assessment (风险评估, 004 七(四)).

    Called once when the unit starts; each rule is asked of a disclosure when its review
    passes (what it answers is recorded as a requirement, which supervision counts) and when it
    is approved (approval is refused until the assessments it needs are complete). Besides
    the rules, a catalog item (``risk_assessment`` in its catalog file) and the reviewer flag
    items. Usually implemented by sector plugins (the matters their sector decides that
    touch many people's interests).

    :returns: a list of :class:`dangwu_core.review.RiskRule`; a rule's ``applies(disclosure)``
        answers ``"stability"``, ``"opinion"`` (both assessments, for a major decision) or None.
    """


# --- Delivery: the outbox's senders -----------------------------------------------------


@hookspec
def dangwu_register_senders() -> list[Sender]:
    """Add the senders that deliver the outbox's messages (e-mail, SMS, webhooks...).

    Called once when the unit starts; the unit's registry keeps them by code
    (``unit.registry.senders``). Each sender is asked, inside the transaction of every
    publishing, re-publishing, widening and withdrawing step, which deliveries that step
    makes (``sender.plan(change)``: a list of
    :class:`~dangwu_core.senders.DeliveryDraft`, written into the outbox in that same
    transaction, so a step and its deliveries commit or fail together); nothing is sent in the
    request. ``dangwu worker`` (and the bounded pass of ``dangwu tick``) later calls
    ``sender.send(delivery, settings)`` for each delivery of its channel, with retries,
    backoff and dead letters (:mod:`dangwu_core.outbox`). The reminder digests reach a person
    through the first sender whose ``address_of(person, settings)`` answers an address.

    :returns: a list of :class:`dangwu_core.senders.Sender`: a ``code`` (the deliveries'
        channel), ``honours_idempotency_key`` (whether the far end drops a second message with
        the same key: a delivery resent after a crash is then not delivered twice),
        ``enabled(settings)``, ``plan(change)``, ``address_of(person, settings)`` and
        ``send(delivery, settings) -> SendResult`` (raising
        :class:`~dangwu_core.senders.PermanentFailure` makes a dead letter at once). A code
        registered twice is an error naming both plugins. Usually implemented by channel
        plugins (``contrib/dangwu-channels``).
    """


@hookspec(firstresult=True)
def dangwu_redacted_file(
    filename: str, content_type: str, data: bytes, spans: list[Span]
) -> bytes | None:
    """Return a redacted copy (脱敏) of an attachment for readers who may not see its original.

    Called when such a reader downloads an attachment in whose text the review checks found
    personal data the reviewer did not clear (:func:`dangwu_core.findings.file_for`); the
    original bytes stay stored for those who read the original.

    :param filename: the attachment's file name (its extension says its type).
    :param content_type: the sniffed content type.
    :param data: the original bytes.
    :param spans: the :class:`~dangwu_core.review.Span` objects to mask, with the offsets the
        checks gave in the text extracted from the file and, as ``suggestion``, what to show
        instead (``110105********123X``).
    :returns: the redacted file's bytes, or None to let the next plugin answer. When no plugin
        answers, the file is withheld from such readers and the page says why. A PDF is
        always withheld (it cannot be safely redacted in place).

    Stops at the first non-None answer. Implemented by review plugins, which know how to read
    the file (``contrib/dangwu-review``: .docx, .xlsx, plain text).
    """


# --- Permissions ------------------------------------------------------------------------


@hookspec
def dangwu_register_actions() -> list[Action]:
    """Declare the actions (permitted acts) a plugin's services, views and commands check.

    Called once when the unit starts; the unit's registry keeps every plugin's actions in one
    :class:`dangwu_core.permissions.Permissions`, which every surface asks
    (``access.allowed``, the ``@requires`` view decorator, the admin's ``can(...)``).

    :returns: a list of :class:`dangwu_core.permissions.Action` (name, Chinese label, the
        roles that grant it, ``on``: own/parent/ancestor, optional statuses). Name yours
        after your plugin (``myplugin.print_sheet``). A name declared twice is an error
        naming both plugins. Core's own are in ``dangwu_core/builtin/actions.py``.
    """


@hookspec
def dangwu_extend_action(action: Action) -> Action | None:
    """Change a declared action: grant it to more roles, narrow its statuses...

    Called once per action, after every ``dangwu_register_actions``; the plugins' answers
    are applied in turn, each receiving the previous one's result.

    :param action: the :class:`dangwu_core.permissions.Action` as declared (or as changed
        by the plugins before this one).
    :returns: the action to keep (``action.granted_to("supervisor")``), or None to leave it
        unchanged. Renaming it is an error naming the plugin.
    """


# --- Procedure and time -------------------------------------------------------------------


@hookspec(firstresult=True)
def dangwu_workflow_definition(
    organization_type: OrganizationType, settings: Settings | None
) -> Mapping[str, Any] | None:
    """Return the workflow (程序) that disclosures of ``organization_type`` follow.

    Called once per organization type while the unit starts (the registry binds each type to
    a definition); a disclosure is bound to its type's definition when it is created.

    :param organization_type: the :class:`~dangwu_core.organizations.OrganizationType` of the
        disclosing organization.
    :param settings: the unit's :class:`~dangwu_core.settings.Settings`, plugin settings
        included, so a unit can choose between procedures (a vertically managed station
        following its upper authority's rules, 000 四(一)2). None when a registry is collected
        without settings.
    :returns: a workflow definition as data (a mapping validated by the workflow schema), or
        None to let the next plugin answer. Core's default (``builtin/workflow.py``, trylast)
        answers the national procedure: propose, review, approve, publish.

    Stops at the first non-None answer. Implemented by sector plugins for the types whose
    procedure differs (e.g. a branch whose items its parent organization's office publishes).
    """


@hookspec
def dangwu_register_workflow_functions() -> list[WorkflowFunction]:
    """Name the guards and effects that workflow definitions may reference.

    Called once when the unit starts, before any definition is loaded: a definition that
    names a guard or effect nobody registered is refused. Definitions hold no expressions;
    behaviour lives in these functions (as Plone DCWorkflow's guards and Wagtail's tasks).

    :returns: a list of :class:`dangwu_core.workflow.WorkflowFunction`, each a name, a kind
        (``"guard"``: ``function(ctx) -> str | None``, a refusal message or None; ``"effect"``:
        ``function(ctx) -> None``, run inside the transition's transaction) and a label. ``ctx``
        is a :class:`~dangwu_core.workflow.TransitionContext`. A name registered twice is an
        error naming both plugins.

    Core registers its own (``builtin/workflow.py``: ``not_proposer``, ``file_with_upper``...);
    sector and review plugins add theirs.
    """


@hookspec(firstresult=True)
def dangwu_due_date(
    item: CatalogItem, period: Period, calendar: WorkCalendar, unit: Any
) -> dt.date | None:
    """Return the date by which ``item`` must be disclosed for ``period``.

    Called by the obligation engine when it opens an obligation for a periodic item.

    :param item: the :class:`~dangwu_core.models.CatalogItem`.
    :param period: the :class:`~dangwu_core.timelimits.Period` (start, end, label).
    :param calendar: the unit's working-day :class:`~dangwu_core.timelimits.WorkCalendar`.
    :param unit: the running :class:`~dangwu_core.unit.Unit`: a policy the unit chooses in
        its settings reads ``unit.settings``. Implementations may leave it out of their
        signature (pluggy passes only the arguments an implementation names).
    :returns: a ``datetime.date``, or None to let the next plugin answer.

    Stops at the first non-None answer; core's default (``builtin/due_dates.py``, trylast)
    answers the last working day of the period. Usually implemented by sector plugins (a
    an upper body's "first Friday of the month" rule is a few lines).
    """


@hookspec
def dangwu_on_transition(unit: Any, disclosure: Disclosure, transition: str, event: Event) -> None:
    """React after a disclosure moved from one workflow state to another.

    Called after the transition's transaction committed, once per transition.

    :param unit: the running :class:`~dangwu_core.unit.Unit`.
    :param disclosure: the :class:`~dangwu_core.models.Disclosure` in its new state.
    :param transition: the name of the transition fired (``submit``, ``publish``...).
    :param event: the audit :class:`~dangwu_core.models.Event` that recorded it.
    :returns: nothing; the return value is ignored. Channel plugins publish here.
    """


@hookspec
def dangwu_on_organization_created(unit: Any, organization: Organization) -> None:
    """React after an organization was created (inside the creating transaction).

    Called by :func:`dangwu_core.organizations.create` (whoever calls it: the CLI, the admin,
    a demo, ``Unit.create_organization``) once the organization and its tree links are
    written. Core's ``builtin/catalog_obligations.py`` opens the obligations of the catalogs
    that bind the new organization here.

    :param unit: the context the service was given (a
        :class:`~dangwu_core.context.UnitContext`: usually the running unit itself).
    :param organization: the new :class:`~dangwu_core.models.Organization`.
    :returns: nothing. Raising aborts the creation with a PluginError; nothing is written.
    """


# --- The demo -----------------------------------------------------------------------------


@hookspec
def dangwu_register_demos() -> list[Any]:
    """Offer a demo unit for a sector: believable organizations, people, catalog and items.

    Called by ``dangwu demo``, which runs the chosen demo in one transaction through the
    public Python API.

    :returns: a list of :class:`dangwu_core.demo.Demo` (a sector name, a label and a
        ``build(builder)`` function that receives a :class:`dangwu_core.demo.DemoBuilder`).
    """


@hookspec
def dangwu_on_demo_built(unit: Any, builder: Any, sector: str) -> None:
    """Add to a demo unit once the sector's demo has built it (inside the same transaction).

    Called by ``dangwu demo`` (:func:`dangwu_core.demo.build_demo`) right after the chosen
    demo's ``build(builder)``, before the demo is marked built; the demo's clock is back to
    today. Contrib plugins show their part of the unit here, whatever the sector: the channels
    plugin gives the demo's published items deliveries of each kind, a posted and a taken-down
    公开栏 sheet, an e-screen and a meeting record.

    :param unit: the running :class:`~dangwu_core.unit.Unit`.
    :param builder: the :class:`dangwu_core.demo.DemoBuilder` the demo used (its
        ``organizations`` and ``people`` by key, ``on(day)`` to act on a past day).
    :param sector: the sector name of the demo that was built.
    :returns: nothing. Raising aborts the demo with a PluginError; nothing is written.
    """


# --- Surfaces: web, admin, command line ---------------------------------------------------


@hookspec
def dangwu_register_blueprints(app: flask.Flask) -> list[flask.Blueprint]:
    """Add Flask blueprints (pages, API endpoints) to the unit's web application.

    Called once by :func:`dangwu_core.app.create_app`. Core registers its own portal the same
    way (``builtin/portal.py``).

    :param app: the Flask application being built.
    :returns: a list of ``flask.Blueprint``.
    """


@hookspec
def dangwu_register_admin_views(app: flask.Flask) -> list[flask_admin.BaseView]:
    """Add Flask-Admin views to the unit's admin.

    Called once when the admin is built for ``app``.

    :param app: the Flask application being built.
    :returns: a list of new ``flask_admin.BaseView`` instances (one set per call: each app
        gets its own).
    """


@hookspec
def dangwu_register_content_sources(app: flask.Flask) -> list[tuple[str, str]]:
    """Allow the unit's pages to load something from another origin (a map's tiles).

    Called once by :func:`dangwu_core.app.create_app` while it builds the
    ``Content-Security-Policy`` every response carries (:mod:`dangwu_core.web.security`). By
    default everything comes from the unit's own origin; each pair adds one source to one
    directive for every page (the policy is one for the whole application).

    :param app: the Flask application being built.
    :returns: a list of ``(directive, source)`` pairs, e.g.
        ``[("img-src", "https://tiles.example.org")]``. The directive is one of
        ``script-src``, ``style-src``, ``img-src``, ``font-src``, ``connect-src``,
        ``media-src``, ``frame-src``; the source one origin (``https://host``, wildcards in
        the host allowed) or scheme (``blob:``; not for scripts), or ``'self'``. Framing,
        forms and inline code cannot be opened: ``'unsafe-inline'``, ``'unsafe-eval'`` or
        ``*`` make the plugin fail with a :class:`~dangwu_core.errors.PluginError`.
    """


@hookspec
def dangwu_register_desk_items(unit: Any, person: Any) -> list[DeskItem]:
    """Add a plugin's waiting work to a person's 工作台 (the admin's home page).

    Called each time the admin's home page is shown, after core's own lists (the worklist
    and the procedures waiting on the person) are read. Keep it to one or two queries: it
    runs on every visit of every officer.

    :param unit: the running :class:`~dangwu_core.unit.Unit`.
    :param person: the :class:`~dangwu_core.models.Person` looking at the page.
    :returns: a list of :class:`dangwu_core.desk.DeskItem` (heading, text, link, note,
        overdue), only those the person may act on (ask the permission registry, as every
        list does); an empty list when nothing waits. Every plugin's answer is shown.
    """


@hookspec
def dangwu_register_ledgers() -> list[tuple[str, str, Any]]:
    """Add registers (台帐) to the ones the admin exports (公开事项登记簿, 会议记录簿...).

    Called each time the ledgers are listed or one is built (the admin's 台帐 page,
    :func:`dangwu_core.ledgers.build`); core's own are :data:`dangwu_core.ledgers.LEDGERS`.

    :returns: a list of ``(key, title, build)`` triples: ``key`` names it in the address
        (``myplugin-register``), ``title`` is its Chinese name, and ``build(unit,
        organization, start, end, *, subtree, within)`` returns a
        :class:`dangwu_core.ledgers.Ledger` of the organization (and with ``subtree`` its
        organizations below, kept to ``within``: the ids where the person may export, or
        None for all) for the period. The export permission is asked by core before. A key
        core or another plugin uses is an error naming it.
    """


@hookspec
def dangwu_register_commands(cli: click.Group) -> None:
    """Add commands to the ``dangwu`` command line.

    Called once when the ``dangwu`` command starts, before it parses its arguments.

    :param cli: the ``dangwu`` :class:`click.Group`; add commands with ``cli.add_command`` or
        the ``@cli.command()`` decorator.
    :returns: nothing.
    """
