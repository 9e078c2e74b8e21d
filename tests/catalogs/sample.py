"""A small catalog package for tests: two organization types of the test sector, core's
two channels, one item of each time limit."""

from __future__ import annotations

import copy
import datetime as dt

from dangwu_core.catalogs.package import write

TOWN = "TS"
BRANCHES = ("TS-B01", "TS-B02")

_ITEMS = [
    {
        "code": "JY-01",
        "title": "执行上级党组织决议、决定情况",
        "category": "decisions",
        "scope": "party",
        "channels": ["party_portal"],
        "time_limit": "periodic",
        "cadence": "monthly",
    },
    {
        "code": "FW-01",
        "title": "党费收缴使用情况",
        "category": "service",
        "scope": "public",
        "channels": ["website"],
        "time_limit": "periodic",
        "cadence": "quarterly",
    },
    {
        "code": "ZZ-01",
        "title": "党组织设置及班子成员分工",
        "category": "organization",
        "scope": "public",
        "channels": ["website"],
        "time_limit": "long_term",
        "display_months": 6,
    },
    {
        "code": "JY-03",
        "title": "阶段性重点工作推进情况",
        "category": "decisions",
        "scope": "public",
        "channels": ["website"],
        "time_limit": "staged",
        "phases": ["事前", "事中", "事后"],
        "spans_years": True,
    },
    {
        "code": "ZZ-03",
        "title": "发展党员公示",
        "category": "organization",
        "scope": "public",
        "channels": ["website"],
        "time_limit": "immediate",
        "due_within_days": 2,
        "display_days": 5,
    },
]


def manifest(**changes) -> dict:
    """A valid manifest; keyword arguments replace top-level fields."""
    data = {
        "issuer": {"code": TOWN, "name": "中共测试单位委员会"},
        "code": "town-branch-standard",
        "title": "村（社区）党组织党务公开目录",
        "version": "1.0.0",
        "effective_date": "2026-01-01",
        "applies_to": ["testsector_branch"],
        "categories": [
            {"code": "decisions", "name": "党组织决议、决定和执行情况"},
            {"code": "organization", "name": "党的组织建设情况"},
            {"code": "service", "name": "联系和服务党员、群众情况"},
        ],
        "items": copy.deepcopy(_ITEMS),
    }
    data.update(changes)
    return data


def item(code: str, data: dict) -> dict:
    return next(i for i in data["items"] if i["code"] == code)


def build_town(unit) -> dict:
    """The committee and two branches (created before any catalog)."""
    orgs = {
        TOWN: unit.create_organization(
            code=TOWN, name="中共测试单位委员会", type="testsector_committee"
        )
    }
    for number, code in enumerate(BRANCHES, start=1):
        orgs[code] = unit.create_organization(
            code=code, name=f"测试单位第{number}党支部", type="testsector_branch", parent=TOWN
        )
    return orgs


def package_file(tmp_path, data: dict | None = None):
    return write(tmp_path / "town.dwcat.json", data or manifest())


MARCH_10 = dt.datetime(2026, 3, 10, 9, 0)
