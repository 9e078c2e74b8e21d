"""The organization tree (党组织: 党委 → 总支 → 支部) and its closure table.

Rules (DESIGN.md, glossary "党组织"; ``dangwu_core.organizations``): subtree and ancestor
queries are one join over the closure table; a move carries the subtree and keeps the closure
rows and depths exact; cycles, unknown types, duplicate codes and parents of a type the child
does not accept are refused, and a refusal leaves the database exactly as it was ("a bad input
gets a clear error and leaves the database as it was").
"""

from __future__ import annotations

import pytest

from dangwu_core import audit, organizations
from dangwu_core.errors import NotFound, ValidationError
from dangwu_core.models import Event, Organization, OrganizationClosure

from .conftest import build_town


def expected_closure() -> set[tuple[str, str, int]]:
    """The closure the parent pointers imply: (ancestor, descendant, distance), self included."""
    by_id = {org.id: org for org in Organization.select()}
    rows = set()
    for org in by_id.values():
        node, distance = org, 0
        while node is not None:
            rows.add((node.code, org.code, distance))
            node = by_id.get(node.parent_id)
            distance += 1
    return rows


def stored_closure() -> set[tuple[str, str, int]]:
    codes = {org.id: org.code for org in Organization.select()}
    return {
        (codes[row.ancestor_id], codes[row.descendant_id], row.depth)
        for row in OrganizationClosure.select()
    }


def assert_tree_consistent() -> None:
    """Closure rows exactly as the parents say, and each depth = number of ancestors."""
    closure = stored_closure()
    assert closure == expected_closure()
    for org in Organization.select():
        assert org.depth == sum(1 for a, d, n in closure if d == org.code and n > 0), org.code


def codes(query) -> list[str]:
    return [org.code for org in query]


@pytest.fixture
def town(any_unit):
    orgs = build_town(any_unit)
    assert_tree_consistent()
    return orgs


def test_subtree_is_the_organization_and_everything_under_it(town):
    assert codes(organizations.subtree(town["T"])) == ["T", "C3", "G", "S1", "C1", "C2"]
    assert codes(organizations.subtree(town["G"])) == ["G", "C1", "C2"]
    assert codes(organizations.subtree(town["G"], include_self=False)) == ["C1", "C2"]
    assert codes(organizations.subtree(town["C1"])) == ["C1"]
    ids = set(organizations.subtree_ids(town["G"]).tuples())
    assert {i for (i,) in ids} == {town[c].id for c in ("G", "C1", "C2")}


def test_ancestors_are_listed_nearest_first(town):
    assert codes(organizations.ancestors(town["C1"])) == ["G", "T"]
    assert codes(organizations.ancestors(town["C1"], include_self=True)) == ["C1", "G", "T"]
    assert organizations.ancestors(town["T"]) == []
    assert organizations.is_ancestor(town["T"], town["C2"])
    assert not organizations.is_ancestor(town["C2"], town["T"])
    assert not organizations.is_ancestor(town["ST"], town["C1"])


def test_tree_nests_children_under_their_parents(town):
    roots = organizations.tree()
    assert [n.organization.code for n in roots] == ["ST", "T"]
    town_node = roots[1]
    assert [n.organization.code for n in town_node.children] == ["C3", "G", "S1"]
    assert [n.organization.code for n in town_node.children[1].children] == ["C1", "C2"]
    (only,) = organizations.tree(town["G"])
    assert [n.organization.code for n in only.children] == ["C1", "C2"]


def test_moving_a_general_branch_carries_its_branches(any_unit, town):
    events = Event.select().count()
    moved = any_unit.move_organization("G", "ST", reason="区划调整")
    assert moved.parent_id == town["ST"].id
    assert_tree_consistent()
    depth = {o.code: o.depth for o in Organization.select()}
    assert (depth["G"], depth["C1"], depth["C2"], depth["C3"]) == (1, 2, 2, 1)
    assert codes(organizations.subtree(town["ST"])) == ["ST", "G", "C1", "C2"]
    assert codes(organizations.subtree(town["T"])) == ["T", "C3", "S1"]
    assert codes(organizations.ancestors(town["C2"])) == ["G", "ST"]
    # one event records it, with where from and where to, and the chain still verifies
    assert Event.select().count() == events + 1
    event = Event.select().order_by(Event.id.desc()).get()
    assert (event.action, event.subject_id, event.reason) == (
        "organization.move",
        town["G"].id,
        "区划调整",
    )
    assert event.payload == {"from_parent": "T", "to_parent": "ST"}
    assert audit.verify() == []


def test_moving_a_branch_deeper_and_back_keeps_depths(any_unit, town):
    any_unit.move_organization(town["C3"], town["G"])
    assert_tree_consistent()
    assert Organization.get_by_id(town["C3"].id).depth == 2
    any_unit.move_organization("C3", "T")
    assert_tree_consistent()
    assert Organization.get_by_id(town["C3"].id).depth == 1


REFUSALS = {
    "cycle: under its own child": (
        lambda unit: unit.move_organization("G", "C1"),
        ValidationError,
        "would make a cycle",
    ),
    "cycle: under itself": (
        lambda unit: unit.move_organization("G", "G"),
        ValidationError,
        "would make a cycle",
    ),
    "move under a parent type not allowed": (
        lambda unit: unit.move_organization("C3", "C1"),
        ValidationError,
        "cannot stand under",
    ),
    "move a non-root type to the top": (
        lambda unit: unit.move_organization("G", None),
        ValidationError,
        "needs a parent",
    ),
    "move under an unknown organization": (
        lambda unit: unit.move_organization("G", "NOPE"),
        NotFound,
        "'NOPE'",
    ),
    "unknown type": (
        lambda unit: unit.create_organization(code="X", name="某委员会", type="soviet", parent="T"),
        ValidationError,
        "unknown organization type 'soviet'",
    ),
    "duplicate code": (
        lambda unit: unit.create_organization(
            code="C1", name="重复", type="testsector_branch", parent="G"
        ),
        ValidationError,
        "'C1' already exists",
    ),
    "parent type not allowed": (
        lambda unit: unit.create_organization(
            code="X", name="支部下的支部", type="testsector_branch", parent="C1"
        ),
        ValidationError,
        "cannot stand under",
    ),
    "branch without a parent": (
        lambda unit: unit.create_organization(code="X", name="孤立支部", type="testsector_branch"),
        ValidationError,
        "needs a parent",
    ),
    "unknown parent": (
        lambda unit: unit.create_organization(
            code="X", name="某支部", type="testsector_branch", parent="NOPE"
        ),
        NotFound,
        "'NOPE'",
    ),
    "empty code": (
        lambda unit: unit.create_organization(
            code=" ", name="某支部", type="testsector_branch", parent="T"
        ),
        ValidationError,
        "needs a code",
    ),
}


def test_every_refusal_leaves_the_database_exactly_as_it_was(any_unit, town, contents):
    url = any_unit.settings.database_url
    before = contents(url)
    assert before["event"] and before["organization_closure"]
    for label, (attempt, error, message) in REFUSALS.items():
        with pytest.raises(error) as caught:
            attempt(any_unit)
        assert message in str(caught.value), label
        assert contents(url) == before, label
    assert audit.verify() == []
    # and the unit still works afterwards (no transaction left open)
    any_unit.create_organization(code="C4", name="新支部", type="testsector_branch", parent="T")
    assert_tree_consistent()
