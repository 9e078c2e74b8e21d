"""Who reads what: scope × state × organization, decided in SQL (access.py)."""

from __future__ import annotations

import pytest

from dangwu_core import access, people
from dangwu_core.models import Disclosure

from .conftest import FINDINGS, make_item, person


@pytest.fixture
def tree(unit):
    """town ─ general branch ─ village branch; and a second town with nothing to do with it."""
    ns = type("Tree", (), {})()
    ns.unit = unit
    ns.town = unit.create_organization(code="town", name="仙女镇党委", type="testsector_committee")
    ns.general = unit.create_organization(
        code="g1", name="东方党总支", type="testsector_general_branch", parent="town"
    )
    ns.branch = unit.create_organization(
        code="v1", name="东方村党支部", type="testsector_branch", parent="g1"
    )
    ns.other = unit.create_organization(code="town2", name="邻镇党委", type="testsector_committee")
    ns.liaison = person("联络员", ns.general, "liaison", "proposer")
    ns.reviewer = person("审核人", ns.general, "reviewer", "approver", "publisher")
    ns.town_officer = person("镇党委委员", ns.town, "supervisor")
    ns.town_member = person("镇机关党员", ns.town, "member")
    ns.general_member = person("总支党员", ns.general, "member")
    ns.branch_member = person("村党员", ns.branch, "member")
    ns.stranger_member = person("邻镇党员", ns.other, "member")
    ns.citizen = people.create_person("群众", is_party_member=False)
    ns.item = make_item("R01")
    return ns


def publish(ns, scope, channels, addressees=()):
    unit = ns.unit
    d = unit.create_draft(
        ns.general,
        ns.liaison,
        f"{scope} 公开事项",
        "正文",
        scope,
        channels,
        catalog_item=ns.item,
        addressees=addressees,
    )
    unit.fire(d, "propose", ns.liaison)
    unit.fire(d, "start_review", ns.reviewer)
    unit.fire(d, "pass_review", ns.reviewer, findings=FINDINGS)
    unit.fire(d, "approve", ns.reviewer)
    unit.fire(d, "publish", ns.reviewer)
    return d


def readers(ns, d):
    everyone = {
        "anonymous": None,
        "liaison": ns.liaison,
        "reviewer": ns.reviewer,
        "town_officer": ns.town_officer,
        "town_member": ns.town_member,
        "general_member": ns.general_member,
        "branch_member": ns.branch_member,
        "stranger_member": ns.stranger_member,
        "citizen": ns.citizen,
    }
    seen = set()
    for name, who in everyone.items():
        in_list = ns.unit.readable_disclosures(who).where(Disclosure.id == d.id).exists()
        assert in_list == ns.unit.can_read(who, d), name
        if in_list:
            seen.add(name)
    return seen


OFFICERS = {"liaison", "reviewer", "town_officer"}


def test_public_is_read_by_everyone_even_anonymous(tree):
    d = publish(tree, "public", ["website"])
    assert readers(tree, d) == {
        "anonymous",
        "liaison",
        "reviewer",
        "town_officer",
        "town_member",
        "general_member",
        "branch_member",
        "stranger_member",
        "citizen",
    }


def test_party_is_read_by_every_party_member_only(tree):
    d = publish(tree, "party", ["party_portal"])
    assert readers(tree, d) == OFFICERS | {
        "town_member",
        "general_member",
        "branch_member",
        "stranger_member",
    }


def test_unit_is_read_by_the_subtree_and_officers_above_004_4_2(tree):
    d = publish(tree, "unit", ["party_portal"])
    # A plain member of the town committee is above, not in, the general branch.
    assert readers(tree, d) == OFFICERS | {"general_member", "branch_member"}


def test_specific_is_read_by_addressees_only(tree):
    d = publish(tree, "specific", ["party_portal"], addressees=[tree.citizen, tree.branch])
    assert readers(tree, d) == {"liaison", "reviewer", "citizen", "branch_member"}


def test_drafts_are_read_by_the_proposer_and_officers_not_by_members(tree):
    d = tree.unit.create_draft(
        tree.general, tree.liaison, "草稿", "正文", "public", ["website"], catalog_item=tree.item
    )
    assert readers(tree, d) == {"liaison", "reviewer"}
    officer_above = person("镇公开办", tree.town, "reviewer", reaches_down=True)
    assert tree.unit.can_read(officer_above, d)


def test_a_superuser_reads_everything(tree):
    d = tree.unit.create_draft(
        tree.general, tree.liaison, "草稿", "正文", "public", ["website"], catalog_item=tree.item
    )
    root = people.create_person("管理员")
    people.create_account(root, "root", "a-long-password", superuser=True)
    assert tree.unit.can_read(root, d)
    assert "admin" in access.roles_of(root, tree.branch)


def test_roles_reach_down_through_the_closure_table(tree):
    assert access.roles_of(tree.reviewer, tree.general) == {"reviewer", "approver", "publisher"}
    assert access.roles_of(tree.reviewer, tree.branch) == frozenset()
    down = person("镇组织委员", tree.town, "reviewer", reaches_down=True)
    assert access.roles_of(down, tree.branch) == {"reviewer"}
    assert access.roles_of(tree.reviewer, tree.branch, on="parent") == {
        "reviewer",
        "approver",
        "publisher",
    }
    assert access.roles_of(tree.town_officer, tree.branch, on="ancestor") == {"supervisor"}
    assert access.roles_of(None, tree.branch) == frozenset()
    assert not access.has_role(tree.town_member, "reviewer", tree.town)


def test_readable_disclosures_is_one_sql_query(tree):
    publish(tree, "unit", ["party_portal"])
    publish(tree, "public", ["website"])
    query = tree.unit.readable_disclosures(tree.branch_member)
    sql, params = query.sql()
    # filtered in SQL, not in Python: the reader's facts (their organizations) are folded
    # into the one statement's condition
    assert sql.count("SELECT") == 1 and '"scope"' in sql.split("WHERE", 1)[1]
    assert tree.branch.id in params and tree.other.id not in params
    assert query.count() == 2
    assert sorted(d.scope for d in query) == ["public", "unit"]
