"""The hooks of dangwu-villages: thin functions that hand the sector's data to core."""

from pathlib import Path

from dangwu_core.toolkit import CatalogTemplate, Demo, hookimpl

from .demo import DEMO_LOGINS, build
from .organization_types import ORGANIZATION_TYPES

CATALOGS = Path(__file__).parent / "catalogs"
COUNTY_STANDARD = "villages.county-standard"


@hookimpl
def dangwu_register_organization_types():
    return list(ORGANIZATION_TYPES)


@hookimpl
def dangwu_register_catalog_templates():
    return [
        CatalogTemplate(
            COUNTY_STANDARD,
            CATALOGS / "county-standard.dwcat.json",
            "党的基层组织党务公开目录（县级标准，003）",
        )
    ]


@hookimpl
def dangwu_register_demos():
    return [Demo("villages", "仙女镇党委（镇村党务公开演示单位）", build, DEMO_LOGINS)]
