"""A small town for the rules' tests: 000 四(一)'s people on a committee, a general branch, a
village branch under it, a station and a joint branch with two member units."""

from __future__ import annotations

from types import SimpleNamespace

from dangwu_core.toolkit import CatalogItem, assign_role, create_person

FINDINGS = {
    "necessity": "属目录规定的应公开事项",
    "accuracy": "与台帐核对一致",
    "legality": "符合有关规定",
    "secrecy": "不涉密",
}


def person(name, org, *roles, reaches_down=False, member=True):
    someone = create_person(name, is_party_member=member)
    for role in roles:
        assign_role(someone, org, role, reaches_down=reaches_down)
    return someone


def build_town(unit):
    org = unit.create_organization
    ns = SimpleNamespace(unit=unit)
    ns.town = org(code="T", name="中共某镇委员会", type="town_committee")
    ns.general = org(code="G", name="某村党总支", type="general_branch", parent="T")
    ns.branch = org(code="B", name="某村第一党支部", type="village_branch", parent="G")
    ns.station = org(code="S", name="某镇农技站党支部", type="station_branch", parent="T")
    ns.joint = org(code="J", name="某镇非公企业联合党支部", type="joint_branch", parent="T")
    ns.member_units = [
        org(code="J1", name="甲机械公司", type="joint_member_unit", parent="J"),
        org(code="J2", name="乙纺织公司", type="joint_member_unit", parent="J"),
    ]
    # 000 四(一)1: a working department, the office (first review, publication), the
    # leadership group's head (approval); the office publishes for the whole town.
    ns.department = person("组织办干事", ns.town, "proposer")
    ns.office = person("公开办主任", ns.town, "reviewer")
    assign_role(ns.office, ns.town, "publisher", reaches_down=True)
    ns.secretary = person("镇党委书记", ns.town, "approver", reaches_down=True)
    # 000 四(一)2: the branch's liaison, a committee member, the branch secretary.
    ns.liaison = person("村联络员", ns.branch, "liaison", "proposer")
    ns.committee = person("村支委", ns.branch, "reviewer")
    ns.branch_secretary = person("村支书", ns.branch, "approver")
    ns.joint_liaison = person("联合支部联络员", ns.joint, "liaison", "proposer")
    ns.joint_committee = person("联合支部支委", ns.joint, "reviewer")
    ns.joint_secretary = person("联合支部书记", ns.joint, "approver")
    ns.catalog = unit.install_catalog_template("villages.town-catalog")
    return ns


def item(code):
    """An item of the installed town catalog (000)."""
    return CatalogItem.get(CatalogItem.code == code)


def branch_walk(ns, disclosure, liaison=None, committee=None, secretary=None):
    """000 四(一)2 up to the hand-over: propose, committee review, secretary approval."""
    unit = ns.unit
    unit.fire(disclosure, "propose", liaison or ns.liaison)
    unit.fire(disclosure, "start_review", committee or ns.committee)
    unit.fire(disclosure, "pass_review", committee or ns.committee, findings=FINDINGS)
    unit.fire(disclosure, "approve", secretary or ns.branch_secretary)
    unit.fire(disclosure, "hand_over", liaison or ns.liaison)
    return disclosure
