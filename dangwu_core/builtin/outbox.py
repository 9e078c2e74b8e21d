"""The outbox's settings (:mod:`dangwu_core.outbox`), declared like any plugin's."""

from .. import hookimpl
from ..outbox import SETTINGS


@hookimpl
def dangwu_settings_defaults():
    return list(SETTINGS)
