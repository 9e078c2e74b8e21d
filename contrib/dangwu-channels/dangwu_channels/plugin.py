"""Hooks of dangwu-channels: the one place every channel of the package registers in."""

from flask import Blueprint

from dangwu_core.toolkit import hookimpl

from . import (
    board_demo,
    board_desk,
    board_views,
    delivery_demo,
    kiosk_admin,
    kiosk_views,
    meetings,
    meetings_views,
)
from .actions import ACTIONS
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
def dangwu_register_actions():
    return list(ACTIONS)


@hookimpl
def dangwu_register_blueprints(app):
    blueprint = Blueprint(
        "channels",
        __name__,
        url_prefix="/channels",
        template_folder="templates",
        static_folder="static",
    )
    kiosk_views.register(blueprint)
    return [blueprint]


@hookimpl
def dangwu_register_admin_views(app):
    return [
        board_views.BoardView(name="党务公开栏", endpoint="board", url="/admin/board"),
        kiosk_admin.ScreenView(name="电子显示屏", endpoint="screens", url="/admin/screens"),
        meetings_views.ChannelRecordView(
            name="会议文件简报", endpoint="channel_records", url="/admin/channel-records"
        ),
    ]


@hookimpl
def dangwu_register_desk_items(unit, person):
    return board_desk.desk_items(unit, person)


@hookimpl
def dangwu_register_ledgers():
    return [(meetings.KEY, meetings.TITLE, meetings.ledger)]


@hookimpl
def dangwu_on_demo_built(unit, builder):
    delivery_demo.build(unit)
    board_demo.add(unit, builder)
