"""Hooks of dangwu-channels: the one place every channel of the package registers in."""

from dangwu_core.toolkit import hookimpl

from . import demo
from .catalog import CHANNELS
from .linked import LinkedSender
from .mail import EmailSender
from .settings import SETTINGS
from .sms import SmsSender


@hookimpl
def dangwu_register_channels():
    return list(CHANNELS)


@hookimpl
def dangwu_settings_defaults():
    return list(SETTINGS)


@hookimpl
def dangwu_register_senders():
    # E-mail first: a reminder digest goes to a person's address before their number.
    return [EmailSender(), SmsSender(), LinkedSender()]


@hookimpl
def dangwu_on_demo_built(unit, builder):
    demo.build(unit)
