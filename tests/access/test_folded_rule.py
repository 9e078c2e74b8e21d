"""The folded read rule (dangwu_core/readers.py) decides exactly what the rule did before it
was folded (tests/access/reference_rule.py), for every workflow × state × scope × reader, in
SQL (lists, admin lists, listing pages and totals) and in Python (``can_read``)."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from dangwu_core import access, people, readers
from dangwu_core.models import Disclosure, DisclosureAddressee, Scope
from dangwu_core.testing import counting_statements, start_unit

from . import reference_rule as reference


@pytest.fixture
def generated(database_url):
    """Three levels and a stranger; people holding each kind of role (directly, reaching
    down, on the parent); a disclosure in every workflow × state × scope × organization, some
    with an unknown workflow, addressed to a person or an organization."""
    unit = start_unit(database_url)
    ns = type("Generated", (), {})()
    ns.unit = unit
    town = unit.create_organization(code="town", name="镇党委", type="testsector_committee")
    general = unit.create_organization(
        code="g1", name="总支", type="testsector_general_branch", parent="town"
    )
    branch = unit.create_organization(code="v1", name="支部", type="testsector_branch", parent="g1")
    other = unit.create_organization(code="town2", name="邻镇", type="testsector_committee")
    orgs = [town, general, branch, other]

    def person(name, *grants, member=True):
        someone = people.create_person(name, is_party_member=member)
        for org, role, down in grants:
            people.assign_role(someone, org, role, reaches_down=down)
        return someone

    ns.people = {
        "anonymous": None,
        "citizen": person("群众", member=False),
        "member_elsewhere": person("党员"),
        "branch_member": person("支部党员", (branch, "member", False)),
        "general_proposer": person(
            "申报人", (general, "proposer", False), (general, "liaison", False)
        ),
        "general_reviewer": person(
            "审核人", (general, "reviewer", False), (general, "approver", False)
        ),
        "town_supervisor": person("镇监督员", (town, "supervisor", False)),
        "town_approver_down": person("镇审批人", (town, "approver", True)),
        "stranger_officer": person("邻镇书记", (other, "approver", False)),
        "addressee": person("特定对象", member=False),
        "superuser": person("管理员"),
    }
    people.create_account(ns.people["superuser"], "root", "x" * 16 + "Aa1!", superuser=True)
    proposers = [ns.people["general_proposer"], ns.people["citizen"]]
    published = dt.datetime(2026, 3, 1)
    n = 0
    definitions = list(unit.registry.workflows)
    for definition, org, scope in itertools.product(definitions, orgs, list(Scope)):
        for state in [*definition.states, "nonexistent"]:
            n += 1
            d = Disclosure.create(
                organization=org,
                title=f"{definition.name} {state} {scope.value}",
                scope=scope.value,
                channels=[],
                workflow=definition.name,
                state=state,
                proposer=proposers[n % 2],
                published_at=None if n % 7 == 0 else published + dt.timedelta(hours=n % 5),
            )
            if scope is Scope.SPECIFIC:
                if n % 2:
                    DisclosureAddressee.create(disclosure=d, person=ns.people["addressee"])
                else:
                    DisclosureAddressee.create(disclosure=d, organization=general)
    for state in ("published", "draft"):
        Disclosure.create(
            organization=town, title="未安装的程序", scope="public", channels=[],
            workflow="uninstalled.workflow", state=state, proposer=proposers[0],
            published_at=published,
        )  # fmt: skip
    ns.definitions = definitions
    yield ns
    unit.db.close()


def ids(query) -> set[int]:
    return {d.id for d in query}


def newest_first(query) -> list[int]:
    rows = list(query)
    rows.sort(key=lambda d: d.id, reverse=True)
    rows.sort(key=lambda d: d.published_at is None)  # nulls last
    rows.sort(key=lambda d: d.published_at or dt.datetime.min, reverse=True)
    return [d.id for d in rows]


@pytest.mark.parametrize("inline_max", [readers.INLINE_MAX, 0])
def test_folded_rule_agrees_with_the_rule_as_written_for_every_state_scope_and_reader(
    generated, monkeypatch, inline_max
):
    """004 四(二) (unit scope: the subtree's members, the officers above), 003 §8(一) (the
    scope decides who reads), the 2017 regulation's four tiers; with ``INLINE_MAX = 0`` every
    set of ids is asked as a subquery, as it is for a reader holding many organizations."""
    monkeypatch.setattr(readers, "INLINE_MAX", inline_max)
    unit, definitions = generated.unit, generated.definitions
    everything = list(Disclosure.select())
    assert len(everything) > 300
    for name, who in generated.people.items():
        reader = access.reader_of(who)
        expected = ids(reference.readable(who, definitions))
        assert ids(access.readable_disclosures(reader, definitions)) == expected, name
        for d in everything:
            assert access.can_read(reader, d, definitions) == (d.id in expected), (name, d.title)
        listed = ids(reference.listed(who, definitions))
        assert ids(unit.listed_disclosures(reader)) == listed, name
        assert ids(access.admin_disclosures(reader, definitions)) == ids(
            reference.admin(who, definitions)
        ), name
        # the listing's pages (one branch per state and scope) hold the same rows, in order
        listing = unit.listing(reader)
        order = newest_first(reference.listed(who, definitions))
        assert listing.ids(0, len(order) + 5) == order, name
        assert listing.ids(3, 7) == order[3:10], name
        assert listing.total() == len(order), name
    # the readers differ: the test would notice a rule that admits everyone or no one
    seen = {n: len(ids(reference.listed(w, definitions))) for n, w in generated.people.items()}
    assert len(set(seen.values())) >= 5, seen


def test_a_reader_queries_its_facts_once_whatever_it_is_asked(generated):
    """The facts of one reader are asked once: many questions, no new statement."""
    unit, definitions = generated.unit, generated.definitions
    reader = access.reader_of(generated.people["town_approver_down"])
    everything = list(Disclosure.select())
    for d in everything:  # warms every fact (parents of organizations included)
        access.can_read(reader, d, definitions)
    with counting_statements(unit.db) as statements:
        for d in everything:
            access.can_read(reader, d, definitions)
        access.readable_condition(reader, definitions)
    assert statements == []
