"""The unit's registry: what the plugins contribute, collected once and validated.

Organization types, channels, review checks, catalog templates and demos are gathered from
their ``dangwu_register_*`` hooks when the unit starts. A wrong shape or a name registered
twice is a PluginError naming the plugin(s).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .catalogs import CatalogTemplate
from .channels import Channel, Channels
from .demo import Demo
from .errors import PluginError
from .organizations import OrganizationType, OrganizationTypes
from .plugins import PluginManager, collect
from .review import ReviewCheck


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


@dataclass
class Registry:
    organization_types: OrganizationTypes
    channels: Channels
    review_checks: dict[str, ReviewCheck] = field(default_factory=dict)
    catalog_templates: dict[str, CatalogTemplate] = field(default_factory=dict)
    demos: dict[str, Demo] = field(default_factory=dict)

    @classmethod
    def collect(cls, pm: PluginManager) -> Registry:
        return cls(
            organization_types=OrganizationTypes(
                _by_name(
                    pm,
                    "dangwu_register_organization_types",
                    OrganizationType,
                    "an OrganizationType",
                )
            ),
            channels=Channels(_by_name(pm, "dangwu_register_channels", Channel, "a Channel")),
            review_checks=_by_name(
                pm, "dangwu_register_review_checks", ReviewCheck, "a ReviewCheck"
            ),
            catalog_templates=_by_name(
                pm, "dangwu_register_catalog_templates", CatalogTemplate, "a CatalogTemplate"
            ),
            demos=_by_name(pm, "dangwu_register_demos", Demo, "a Demo"),
        )
