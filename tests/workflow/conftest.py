"""A town with one village branch and the people of 000 四(一): office staff and branch officers.

``town`` is the 镇党委 (仙女镇), ``branch`` a 村党支部 under it. Roles follow 000 四(一)1–2: a
职能科室 proposes, the 党务公开办公室 reviews, the leadership approves, the office publishes; in
the branch the liaison (联络员) submits and the branch secretary approves.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from pinned import start_pinned

from dangwu_core import people
from dangwu_core.models import Catalog, CatalogItem, Category, Obligation


def person(name, org, *roles, reaches_down=False, member=True):
    someone = people.create_person(name, is_party_member=member)
    for role in roles:
        people.assign_role(someone, org, role, reaches_down=reaches_down)
    return someone


def make_item(code="A01", *, important=False, needs_upper_approval=False, **fields):
    catalog = Catalog.get_or_none(Catalog.code == "xn") or Catalog.create(
        code="xn",
        title="仙女镇党务公开目录",
        version="1.0.0",
        version_key=1_000_000,
        issuer_code="town",
        issuer_name="仙女镇党委",
        effective_date=dt.date(2026, 1, 1),
    )
    category = Category.get_or_none(Category.code == "decisions") or Category.create(
        catalog=catalog, code="decisions", name="党组织决议、决定及执行情况"
    )
    return CatalogItem.create(
        catalog=catalog,
        code=code,
        title=f"目录事项 {code}",
        category=category,
        scope=fields.pop("scope", "public"),
        channels=["website"],
        time_limit=fields.pop("time_limit", "long_term"),
        important=important,
        needs_upper_approval=needs_upper_approval,
        **fields,
    )


def make_obligation(org, item, due=dt.date(2026, 3, 31)):
    return Obligation.create(
        organization=org,
        catalog_item=item,
        period_label="2026-Q1",
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 3, 31),
        due_date=due,
    )


FINDINGS = {
    "necessity": "属目录事项，应当公开",
    "accuracy": "内容与会议记录一致",
    "legality": "符合党内法规",
    "secrecy": "不涉及国家秘密和个人隐私",
}


@pytest.fixture
def unit(sqlite_url):
    """A unit whose every organization type follows core's procedure (``dangwu.default``),
    whatever the installed sector plugins bind (see ``tests/pinned.py``)."""
    started = start_pinned(sqlite_url)
    yield started
    started.db.close()


@pytest.fixture
def town(unit):
    town = unit.create_organization(code="town", name="仙女镇党委", type="testsector_committee")
    branch = unit.create_organization(
        code="v1", name="东方村党支部", type="testsector_branch", parent="town"
    )
    ns = SimpleNamespace(unit=unit, town=town, branch=branch)
    ns.proposer = person("组织委员", town, "proposer")
    ns.reviewer = person("公开办主任", town, "reviewer")
    ns.approver = person("镇党委书记", town, "approver", reaches_down=False)
    ns.publisher = person("公开办干事", town, "publisher")
    ns.member = person("普通党员", town, "member")
    ns.liaison = person("村联络员", branch, "liaison")
    ns.secretary = person("村支书", branch, "approver", "reviewer")
    ns.branch_publisher = person("村公开员", branch, "publisher")
    ns.branch_member = person("村党员", branch, "member")

    ns.item = make_item("A00")

    def draft(org=None, who=None, **fields):
        """A draft of a catalogued item (pass ``catalog_item=None`` for an out-of-catalog one)."""
        if "obligation" not in fields:
            fields.setdefault("catalog_item", ns.item)
        fields.setdefault("title", "2026年第一季度党费收缴情况")
        fields.setdefault("body", "本季度应缴党费12人，实缴12人。")
        fields.setdefault("scope", "public")
        fields.setdefault("channels", ["website"])
        return unit.create_draft(org or town, who or ns.proposer, **fields)

    ns.draft = draft
    return ns


def walk(ns, disclosure, until):
    """Fire the default procedure's happy path up to (and including) ``until``."""
    steps = [
        ("propose", ns.proposer, {}),
        ("start_review", ns.reviewer, {}),
        ("pass_review", ns.reviewer, {"findings": FINDINGS}),
        ("approve", ns.approver, {}),
        ("publish", ns.publisher, {}),
    ]
    for name, actor, options in steps:
        ns.unit.fire(disclosure, name, actor, **options)
        if name == until:
            return disclosure
    return disclosure
