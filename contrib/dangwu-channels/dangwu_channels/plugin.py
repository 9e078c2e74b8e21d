"""Hooks of dangwu-channels."""

from dangwu_core.toolkit import hookimpl

from .catalog import CHANNELS


@hookimpl
def dangwu_register_channels():
    return list(CHANNELS)
