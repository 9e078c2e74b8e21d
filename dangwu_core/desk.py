"""What a plugin adds to a person's 工作台 (the admin's home page): :class:`DeskItem`.

Core's home page shows the disclosures to move (:mod:`dangwu_core.worklist`) and the
procedures around them (:mod:`dangwu_core.awaiting`); a plugin adds its own waiting work
(a bulletin-board sheet overdue to come down...) through the ``dangwu_register_desk_items``
hook, each item under its panel's heading.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DeskItem:
    """One line of waiting work on the 工作台.

    :param panel: the heading it is listed under (Chinese, e.g. ``公开栏到期撤除``); lines of
        one heading are shown together, in the order the plugins answered.
    :param text: what waits (the organization and the thing).
    :param url: where to act on it (an admin page).
    :param note: a short remark (a due day, the days overdue).
    :param overdue: it is late: shown as a warning.
    """

    panel: str
    text: str
    url: str
    note: str = ""
    overdue: bool = False
