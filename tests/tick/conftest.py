"""A town with an installed catalog and something for the tick to do on 12 October 2026:
a published notice whose display window ended, an overdue request and overdue feedback."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from catalogs.sample import MARCH_10, build_town, manifest
from pinned import install_unsigned, start_pinned

from dangwu_core import disclosure_requests, feedback, people
from dangwu_core.clock import FixedClock, use_clock
from dangwu_core.models import CatalogItem

FINDINGS = {
    "necessity": "属目录事项",
    "accuracy": "与记录一致",
    "legality": "符合规定",
    "secrecy": "不涉密",
}
AUGUST_3 = dt.datetime(2026, 8, 3, 9, 0)
#: Monday after National Day week (1–8 October 2026 off, Saturday 10 October worked).
OCTOBER_12 = dt.datetime(2026, 10, 12, 9, 0)


def person(name, org, *roles, department=""):
    someone = people.create_person(name)
    for role in roles:
        people.assign_role(someone, org, role, department=department)
    return someone


def build(unit) -> SimpleNamespace:
    with use_clock(FixedClock(MARCH_10)):
        orgs = build_town(unit)
        install_unsigned(unit, manifest())
    branch = orgs["TS-B01"]
    ns = SimpleNamespace(unit=unit, orgs=orgs, branch=branch)
    ns.liaison = person("村联络员", branch, "liaison", department="组织办")
    ns.reviewer = person("支部委员", branch, "reviewer")
    ns.secretary = person("村支书", branch, "approver")
    ns.publisher = person("村公开员", branch, "publisher")
    ns.member = person("村党员", branch, "member")
    item = CatalogItem.get(CatalogItem.code == "ZZ-03")  # immediate: shown 5 working days
    with use_clock(FixedClock(AUGUST_3)):
        notice = unit.create_draft(
            branch, ns.liaison, "发展党员公示", "拟发展张三为预备党员。", "public", ["website"],
            catalog_item=item,
        )  # fmt: skip
        for name, actor, options in [
            ("propose", ns.liaison, {}),
            ("start_review", ns.reviewer, {}),
            ("pass_review", ns.reviewer, {"findings": FINDINGS}),
            ("approve", ns.secretary, {}),
            ("publish", ns.publisher, {}),
        ]:
            unit.fire(notice, name, actor, **options)
        ns.request = disclosure_requests.submit(
            unit, branch, subject="党费使用", content="请公开党费使用明细。", applicant=ns.member
        )
        ns.feedback = feedback.submit(unit, branch, "公示时间太短。", reporter=ns.member)
    ns.notice = notice
    return ns


@pytest.fixture
def unit(sqlite_url):
    started = start_pinned(sqlite_url)
    yield started
    started.db.close()


@pytest.fixture
def any_unit(database_url):
    started = start_pinned(database_url)
    yield started
    started.db.close()


@pytest.fixture
def town(unit):
    return build(unit)


@pytest.fixture
def any_town(any_unit):
    return build(any_unit)
