"""The unit's registry: what the plugins contribute, collected once and validated.

Organization types, channels, review checks, catalog templates and demos are gathered from
their ``dangwu_register_*`` hooks when the unit starts. A wrong shape or a name registered
twice is a PluginError naming the plugin(s).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .actions import core_permissions
from .catalogs.template import CatalogTemplate
from .channels import Channel, Channels
from .demos import Demo
from .errors import PluginError, ValidationError
from .migration_sets import CORE, MigrationSet
from .organization_types import OrganizationType, OrganizationTypes
from .permissions import Action, Permissions
from .plugins import PluginManager, collect, extend, first
from .review import ReviewCheck, RiskRule
from .senders import Sender
from .workflow.definition import WorkflowFunction, Workflows, load_definition
from .workflow.files import DEFAULT_WORKFLOW, default_definition_data


def _by_name(pm: PluginManager, hook: str, cls: type, what: str) -> dict[str, Any]:
    found: dict[str, Any] = {}
    owners: dict[str, str] = {}
    for plugin, item in collect(pm, hook, check=lambda x: isinstance(x, cls), expected=what):
        key = item.sector if cls is Demo else item.name
        if key in found:
            raise PluginError(
                plugin, hook, f"{cls.__name__} {key!r} is already registered by {owners[key]!r}"
            )
        found[key] = item
        owners[key] = plugin
    return found


def _template_sources(pm: PluginManager, templates: dict[str, Any]) -> dict[str, str]:
    """Which distribution ships each catalog template (recorded when one is installed)."""
    sources: dict[str, str] = {}
    for impl in pm.hook.dangwu_register_catalog_templates.get_hookimpls():
        dist = pm.distributions.get(impl.plugin_name)
        shipped = (
            f"{dist.metadata['Name']} {dist.version}" if dist else f"plugin {impl.plugin_name}"
        )
        for template in impl.function() or []:
            name = getattr(template, "name", None)
            if name in templates:
                sources.setdefault(name, shipped)
    return sources


@dataclass
class Registry:
    organization_types: OrganizationTypes
    channels: Channels
    review_checks: dict[str, ReviewCheck] = field(default_factory=dict)
    #: Plugins' rules flagging items for a risk assessment (风险评估, 004 七(四)).
    risk_rules: dict[str, RiskRule] = field(default_factory=dict)
    catalog_templates: dict[str, CatalogTemplate] = field(default_factory=dict)
    #: ``<distribution> <version>`` (or ``plugin <name>``) shipping each catalog template.
    catalog_template_sources: dict[str, str] = field(default_factory=dict)
    demos: dict[str, Demo] = field(default_factory=dict)
    workflow_functions: dict[str, WorkflowFunction] = field(default_factory=dict)
    workflows: Workflows = field(default_factory=lambda: Workflows({}, {}))
    permissions: Permissions = field(default_factory=core_permissions)
    #: The outbox's senders (``dangwu_register_senders``), by code.
    senders: dict[str, Sender] = field(default_factory=dict)
    #: Core's schema and the plugins' tables (``dangwu_register_migrations``), core's first.
    migration_sets: list[MigrationSet] = field(default_factory=list)

    @classmethod
    def collect(cls, pm: PluginManager, settings: Any = None) -> Registry:
        """Gather what the plugins contribute; ``settings`` reach ``dangwu_workflow_definition``."""
        organization_types = OrganizationTypes(
            _by_name(
                pm,
                "dangwu_register_organization_types",
                OrganizationType,
                "an OrganizationType",
            )
        )
        functions = _by_name(
            pm, "dangwu_register_workflow_functions", WorkflowFunction, "a WorkflowFunction"
        )
        templates = _by_name(
            pm, "dangwu_register_catalog_templates", CatalogTemplate, "a CatalogTemplate"
        )
        return cls(
            organization_types=organization_types,
            channels=Channels(_by_name(pm, "dangwu_register_channels", Channel, "a Channel")),
            review_checks=_by_name(
                pm, "dangwu_register_review_checks", ReviewCheck, "a ReviewCheck"
            ),
            risk_rules=_by_name(pm, "dangwu_register_risk_rules", RiskRule, "a RiskRule"),
            catalog_templates=templates,
            catalog_template_sources=_template_sources(pm, templates),
            demos=_by_name(pm, "dangwu_register_demos", Demo, "a Demo"),
            workflow_functions=functions,
            workflows=_workflows(pm, organization_types, functions, settings),
            permissions=_permissions(pm),
            senders=_senders(pm),
            migration_sets=_migration_sets(pm),
        )


def _migration_sets(pm: PluginManager) -> list[MigrationSet]:
    """Every plugin's migration sets, core's first; a set name or a table claimed twice is a
    PluginError naming both owners."""
    hook = "dangwu_register_migrations"
    sets: dict[str, MigrationSet] = {}
    owners: dict[str, str] = {}
    tables: dict[str, str] = {}
    for plugin, migration_set in collect(
        pm, hook, check=lambda x: isinstance(x, MigrationSet), expected="a MigrationSet"
    ):
        name = migration_set.name
        if name in sets:
            raise PluginError(
                plugin, hook, f"MigrationSet {name!r} is already registered by {owners[name]!r}"
            )
        sets[name], owners[name] = migration_set, plugin
        for model in migration_set.models:
            table = model._meta.table_name
            if table in tables:
                raise PluginError(
                    plugin,
                    hook,
                    f"table {table!r} of set {name!r} is already modelled by set {tables[table]!r}",
                )
            tables[table] = name
    return sorted(sets.values(), key=lambda s: (s.name != CORE, s.name))


def _senders(pm: PluginManager) -> dict[str, Sender]:
    """Every plugin's senders by code; a code registered twice is a PluginError."""
    found: dict[str, Sender] = {}
    owners: dict[str, str] = {}
    hook = "dangwu_register_senders"
    for plugin, sender in collect(
        pm, hook, check=lambda s: bool(getattr(s, "code", "")), expected="a Sender"
    ):
        if sender.code in found:
            raise PluginError(
                plugin,
                hook,
                f"sender {sender.code!r} is already registered by {owners[sender.code]!r}",
            )
        found[sender.code], owners[sender.code] = sender, plugin
    return found


def _permissions(pm: PluginManager) -> Permissions:
    """Every plugin's ``dangwu_register_actions``, then each ``dangwu_extend_action`` in turn.

    A name declared twice, or an extension that renames or is not an Action, is a
    PluginError naming the plugin(s).
    """
    actions = _by_name(pm, "dangwu_register_actions", Action, "an Action")
    for name in list(actions):
        actions[name] = extend(
            pm,
            "dangwu_extend_action",
            "action",
            actions[name],
            check=lambda a, name=name: isinstance(a, Action) and a.name == name,
            expected=f"the Action {name!r}",
        )
    return Permissions(actions)


def _workflows(
    pm: PluginManager,
    types: OrganizationTypes,
    functions: dict[str, WorkflowFunction],
    settings: Any = None,
) -> Workflows:
    """Ask ``dangwu_workflow_definition`` for every organization type; validate each answer.

    A definition that says ``extends = "<name>"`` is resolved against the definitions the
    plugins answered (for any type) and core's default (``dangwu.default``), so a sector's
    variant needs neither core's file nor the other plugin's. A definition that does not load
    (an unknown base, a cycle, a bad merge included), or two different definitions under one
    name, is a PluginError naming the plugin.
    """
    hook = "dangwu_workflow_definition"
    answers: list[tuple[str, str, Any]] = []
    raw: dict[str, Any] = {DEFAULT_WORKFLOW: default_definition_data()}
    for org_type in types:
        plugin, data = first(pm, hook, organization_type=org_type, settings=settings)
        answers.append((org_type.name, plugin, data))
        if isinstance(data, dict) and isinstance(data.get("workflow"), str):
            raw.setdefault(data["workflow"], data)
    by_name: dict[str, object] = {}
    owners: dict[str, str] = {}
    by_type: dict[str, str] = {}
    for type_name, plugin, data in answers:
        try:
            definition = load_definition(data, functions, raw.get)
        except ValidationError as exc:
            raise PluginError(plugin, hook, str(exc)) from None
        known = by_name.get(definition.name)
        if known is not None and known != definition:
            raise PluginError(
                plugin,
                hook,
                f"workflow {definition.name!r} differs from the one {owners[definition.name]!r} "
                "gave under the same name",
            )
        by_name.setdefault(definition.name, definition)
        owners.setdefault(definition.name, plugin)
        by_type[type_name] = definition.name
    return Workflows(by_name, by_type)
