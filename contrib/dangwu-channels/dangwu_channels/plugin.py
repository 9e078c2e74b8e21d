"""Hooks of dangwu-channels."""

from flask import Blueprint

from dangwu_core.toolkit import hookimpl

from . import (
    board_desk,
    board_views,
    demo,
    kiosk_admin,
    kiosk_views,
    links,
    meetings,
    meetings_views,
)
from .actions import ACTIONS
from .catalog import CHANNELS


@hookimpl
def dangwu_register_channels():
    return list(CHANNELS)


@hookimpl
def dangwu_settings_defaults():
    return list(links.SETTINGS)


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
    demo.add(unit, builder)
