"""Core's actions (the permission registry's own entries), registered like any plugin's."""

from .. import hookimpl
from ..actions import CORE_ACTIONS


@hookimpl
def dangwu_register_actions():
    return list(CORE_ACTIONS)
