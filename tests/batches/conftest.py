"""A branch of the test sector in March 2026, its catalog installed and its year's obligations
open: the fixture of the 党务公开日 batch tests (003 §8(二)), on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from dangwu_core import people
from dangwu_core.clock import FixedClock, get_clock, use_clock
from dangwu_core.demo import DemoBuilder
from dangwu_core.models import Role

FINDINGS = {
    "necessity": "属目录事项，应当公开",
    "accuracy": "内容与会议记录一致",
    "legality": "符合党内法规",
    "secrecy": "不涉及国家秘密和个人隐私",
}

ORGANIZATIONS = [
    ("TS", "中共测试单位委员会", "testsector_committee", None),
    ("TS-B01", "中共测试单位第一支部委员会", "testsector_branch", "TS"),
    ("TS-B02", "中共测试单位第二支部委员会", "testsector_branch", "TS"),
]
PEOPLE = [
    ("office", "李秀英", [("TS", Role.PUBLISHER)], True),
    ("liaison", "孙丽", [("TS-B01", Role.LIAISON), ("TS-B01", Role.PROPOSER)], False),
    ("reviewer", "陈光荣", [("TS-B01", Role.REVIEWER)], False),
    ("secretary", "赵德明", [("TS-B01", Role.APPROVER)], False),
    ("member", "钱有福", [("TS-B01", Role.MEMBER)], False),
    ("other_liaison", "吴敏", [("TS-B02", Role.LIAISON), ("TS-B02", Role.PROPOSER)], False),
]


def on(day: dt.date, hour: int = 10):
    """Do what the block does at ``hour`` on ``day``."""
    tz = get_clock().tz
    return use_clock(FixedClock(dt.datetime(day.year, day.month, day.day, hour, tzinfo=tz)))


@pytest.fixture
def branch(any_unit):
    """The unit, its organizations (``orgs``) and people, set up on 2 January 2026."""
    builder = DemoBuilder(any_unit)
    with on(dt.date(2026, 1, 2)):
        for code, name, type_, parent in ORGANIZATIONS:
            builder.organization(code, name, type_, parent)
        public = people.create_person("过路群众", is_party_member=False)
        for key, name, roles, reaches_down in PEOPLE:
            builder.person(key, name, roles=roles, reaches_down=reaches_down)
        builder.install_catalog("testsector.standard")
    return SimpleNamespace(
        unit=any_unit,
        orgs=builder.organizations,
        public=public,
        **builder.people,
    )


def walk(unit, disclosure, crew, *, until="published"):
    """Fire the test sector's procedure on ``disclosure`` up to ``until``, asking kinds of
    its definition for nothing: the sector's steps are the default's names."""
    steps = [
        ("propose", crew.liaison, {}),
        ("start_review", crew.reviewer, {}),
        ("pass_review", crew.reviewer, {"findings": FINDINGS, "comment": "同意"}),
        (
            "approve",
            crew.secretary,
            {
                "collective_decision": {
                    "meeting": "支部委员会",
                    "date": "2026-03-03",
                    "decision": "同意公开",
                }
            },
        ),
        ("publish", crew.office, {}),
    ]
    for name, actor, options in steps:
        unit.fire(disclosure, name, actor, **options)
        if disclosure.state == until:
            break
    return disclosure
