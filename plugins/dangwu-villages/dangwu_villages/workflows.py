"""The procedures of 000 四(一) as data (``workflows/*.toml``) and which types follow which.

* ``villages.town`` (``workflows/town.toml``): 镇党委 and 街道党工委, 000 四(一)1;
* ``villages.branch`` (``workflows/branch.toml``): every grassroots organization under them,
  000 四(一)2 — the liaison submits, the branch committee reviews, the secretary approves, the
  liaison hands the item to the town office, which publishes it.

Both files extend core's national procedure (``extends = "dangwu.default"``) and hold only
their differences; core's registry resolves them, so the plugin never reads core's file.

A vertically managed station whose upper authority has its own rules (000 四(一)2: 垂直管理的
基层站所其上级主管机关有专门要求的除外) takes its procedure from elsewhere when the unit sets
``villages.station_workflow = "upper"``: the plugin then does not answer for station branches,
so the authority's plugin, the unit's own hooks, or core's national procedure answers.
"""

from __future__ import annotations

from typing import Any

from dangwu_core.toolkit import read_toml

from . import organization_types as t
from .settings import BRANCH as BRANCH_CHOICE
from .settings import UPPER

TOWN, BRANCH = "villages.town", "villages.branch"
FILES = {TOWN: "town.toml", BRANCH: "branch.toml"}

BY_TYPE = {
    t.TOWN_COMMITTEE: TOWN,
    t.STREET_COMMITTEE: TOWN,
    t.GENERAL_BRANCH: BRANCH,
    t.VILLAGE_BRANCH: BRANCH,
    t.COMMUNITY_BRANCH: BRANCH,
    t.STATION_BRANCH: BRANCH,
    t.JOINT_BRANCH: BRANCH,
}


def definition(name: str) -> dict[str, Any]:
    """The definition ``name`` as data (an extension of ``dangwu.default``), read afresh."""
    return read_toml("dangwu_villages", f"workflows/{FILES[name]}")


def for_type(type_name: str, settings=None) -> dict[str, Any] | None:
    """The definition an organization type follows, or None to let another plugin answer."""
    name = BY_TYPE.get(type_name)
    if name is None:
        return None
    if type_name == t.STATION_BRANCH:
        choice = _setting(settings, "villages.station_workflow") or BRANCH_CHOICE
        if choice not in (BRANCH_CHOICE, UPPER):
            raise ValueError(
                f"villages.station_workflow is {choice!r}: use {BRANCH_CHOICE!r} or {UPPER!r}"
            )
        if choice == UPPER:
            return None
    return definition(name)


def _setting(settings, name: str):
    if settings is None or name not in settings:
        return None
    return settings[name]
