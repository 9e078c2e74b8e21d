"""A small unit for the channels' tests: a committee and a branch of the neutral test sector,
their officers (core's procedure: propose, review, approve, publish) and readers with e-mail
addresses and mobile numbers, and one catalog item to publish under."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from dangwu_core.testing import start_unit
from dangwu_core.toolkit import Catalog, CatalogItem, Category, assign_role, create_person

FINDINGS = {
    "necessity": "属目录事项，应当公开",
    "accuracy": "内容与会议记录一致",
    "legality": "符合党内法规",
    "secrecy": "不涉及国家秘密和个人隐私",
}
SECRET = "a-secret-of-the-receiving-platform"


def person(name, org, *roles, **fields):
    someone = create_person(name, **fields)
    for role in roles:
        assign_role(someone, org, role)
    return someone


def build(url: str, **settings) -> SimpleNamespace:
    unit = start_unit(url, **{"channels.public_url": "https://dw.example.org", **settings})
    committee = unit.create_organization(code="C", name="测试党委", type="testsector_committee")
    branch = unit.create_organization(
        code="C-B1", name="第一党支部", type="testsector_branch", parent="C"
    )
    ns = SimpleNamespace(unit=unit, committee=committee, branch=branch)
    ns.proposer = person("组织委员", committee, "proposer")
    ns.reviewer = person("公开办主任", committee, "reviewer")
    ns.approver = person("党委书记", committee, "approver")
    ns.publisher = person("公开办干事", committee, "publisher", "admin")
    ns.zhang = person("张明", committee, "member", email="zhang@example.org", phone="13800000001")
    ns.li = person("李华", committee, "member", email="li@example.org")
    ns.wang = person("王芳", committee, "member", phone="13800000003")
    catalog = Catalog.create(
        code="t",
        title="测试目录",
        version="1.0.0",
        version_key=1_000_000,
        issuer_code="C",
        issuer_name="测试党委",
        effective_date=dt.date(2026, 1, 1),
    )
    category = Category.create(catalog=catalog, code="decisions", name="党组织决议、决定")
    ns.item = CatalogItem.create(
        catalog=catalog,
        code="A01",
        title="目录事项",
        category=category,
        scope="public",
        channels=["website"],
        time_limit="long_term",
    )
    return ns


def publish(
    ns, title="2026年第一季度党费收缴情况", *, scope="public", channels=("website",), addressees=()
):
    """A disclosure of the committee taken through core's procedure to published."""
    item = ns.unit.create_draft(
        ns.committee,
        ns.proposer,
        title,
        "本季度应缴党费12人，实缴12人，收缴党费共计3600元。",
        scope,
        list(channels),
        catalog_item=ns.item,
        addressees=list(addressees),
    )
    ns.unit.fire(item, "propose", ns.proposer)
    ns.unit.fire(item, "start_review", ns.reviewer)
    ns.unit.fire(item, "pass_review", ns.reviewer, findings=FINDINGS)
    ns.unit.fire(item, "approve", ns.approver)
    ns.unit.fire(item, "publish", ns.publisher)
    return item
