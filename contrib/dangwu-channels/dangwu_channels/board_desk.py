"""The 工作台's 公开栏到期撤除: sheets still on the board past their taking-down day, of the
organizations where the person posts sheets (one query, :func:`dangwu_channels.board.overdue`)."""

from __future__ import annotations

from flask import url_for

from dangwu_core.toolkit import DeskItem, today

from . import board

PANEL = "公开栏到期撤除"


def desk_items(unit, person) -> list[DeskItem]:
    items = []
    for posting in board.overdue(unit, person):
        late = (today() - posting.take_down_due).days
        items.append(
            DeskItem(
                PANEL,
                f"{posting.organization.name}：{posting.day.isoformat()} 党务公开日的公开栏",
                url_for("board.index", org=posting.organization_id, day=posting.day.isoformat()),
                f"应于 {posting.take_down_due.isoformat()} 撤除，已逾期 {late} 天",
                overdue=True,
            )
        )
    return items
