"""The hooks of dangwu-villages: thin functions that hand the sector's data to core.

Everything the sector knows lives in data files and small modules next to this one:
organization types (``organization_types.py``), procedures (``workflows/*.toml``, bound in
``workflows.py``), catalogs (``catalogs/*.dwcat.json``), the 党务公开日 (``due_dates.py``),
publication at member units and on the village-affairs board (``publication.py``), settings
(``settings.py``), the printable application forms 附件4/5 in the admin (``forms.py``) and
the demo town (``demo.py``).
"""

from pathlib import Path

from dangwu_core.toolkit import CatalogTemplate, Demo, hookimpl

from . import due_dates, forms, publication, workflows
from .demo import DEMO_LOGINS, build
from .organization_types import ORGANIZATION_TYPES
from .settings import SETTINGS

CATALOGS = Path(__file__).parent / "catalogs"
COUNTY_STANDARD = "villages.county-standard"
TOWN_CATALOG = "villages.town-catalog"


@hookimpl
def dangwu_settings_defaults():
    return list(SETTINGS)


@hookimpl
def dangwu_register_organization_types():
    return list(ORGANIZATION_TYPES)


@hookimpl
def dangwu_register_channels():
    return list(publication.CHANNELS)


@hookimpl
def dangwu_register_catalog_templates():
    return [
        CatalogTemplate(
            COUNTY_STANDARD,
            CATALOGS / "county-standard.dwcat.json",
            "党的基层组织党务公开目录（县级标准，003）",
        ),
        CatalogTemplate(
            TOWN_CATALOG,
            CATALOGS / "town.dwcat.json",
            "镇党委及基层党组织党务公开目录（000）",
        ),
    ]


@hookimpl
def dangwu_workflow_definition(organization_type, settings):
    return workflows.for_type(organization_type.name, settings)


@hookimpl
def dangwu_due_date(item, period, calendar, unit):
    return due_dates.due_date(item, period, calendar, unit.settings)


@hookimpl
def dangwu_on_transition(disclosure, transition, event):
    publication.on_published(disclosure, transition, event)


@hookimpl
def dangwu_register_blueprints(app):
    return [forms.blueprint()]


@hookimpl
def dangwu_register_admin_views(app):
    return forms.admin_views()


@hookimpl
def dangwu_register_demos():
    return [Demo("villages", "仙女镇党委（镇村党务公开演示单位）", build, DEMO_LOGINS)]
