"""The hooks of dangwu-villages: thin functions that hand the sector's data to core."""

from dangwu_core.toolkit import Demo, hookimpl

from .demo import DEMO_LOGINS, build
from .organization_types import ORGANIZATION_TYPES


@hookimpl
def dangwu_register_organization_types():
    return list(ORGANIZATION_TYPES)


@hookimpl
def dangwu_register_demos():
    return [Demo("villages", "仙女镇党委（镇村党务公开演示单位）", build, DEMO_LOGINS)]
