"""The worklist (the admin home's 待办): what the engine offers, in a constant number of queries.

Supervision views over a whole tree are a handful of queries, not one per row (DESIGN: fast
where it matters); the worklist is the admin's first page, asked on every visit.
"""

from __future__ import annotations

import pytest

from dangwu_core import access, people, worklist
from dangwu_core.models import Disclosure
from dangwu_core.testing import counting_statements


def proposed(town, count, org=None, who=None):
    if who is town.secretary and not access.has_role(who, "proposer", town.branch):
        people.assign_role(who, town.branch, "proposer")
    items = []
    for n in range(count):
        item = town.draft(org, who, title=f"第{n + 1}项公开事项")
        town.unit.fire(item, "propose", who or town.proposer)
        items.append(item)
    return items


def expected(unit, person):
    """What the engine says, item by item, over everything the admin lists for the person."""
    out = {}
    for item in access.admin_disclosures(person, unit.registry.workflows):
        names = unit.available_transitions(item, person)
        if names:
            out[item.id] = names
    return out


def queries_for(unit, person):
    with counting_statements() as statements:
        found = worklist.waiting(unit, person)
    return len(statements), found


def test_worklist_answers_in_the_same_number_of_queries_for_1_10_and_200_items(town):
    unit = town.unit
    counts = {}
    made = 0
    for total in (1, 10, 200):
        proposed(town, total - made)
        made = total
        count, found = queries_for(unit, town.reviewer)
        assert len(found) == total
        counts[total] = count
    assert counts[1] == counts[10] == counts[200], counts
    assert counts[1] <= 3, counts


def test_worklist_is_what_available_transitions_says_for_each_item(town):
    unit = town.unit
    # Items at several steps, in the town and in the branch, proposed by different people.
    submitted = proposed(town, 2)
    in_review = proposed(town, 2)
    for item in in_review:
        unit.fire(item, "start_review", town.reviewer)
    town.draft()  # a draft: only its proposer may move it
    branch_items = proposed(town, 2, org=town.branch, who=town.liaison)
    own = proposed(town, 1, org=town.branch, who=town.secretary)
    assert submitted and branch_items and own
    for person in (
        town.proposer,
        town.reviewer,
        town.approver,
        town.publisher,
        town.liaison,
        town.secretary,
        town.branch_member,
    ):
        found = {w.disclosure.id: w.names for w in worklist.waiting(unit, person)}
        assert found == expected(unit, person), person.name


def test_the_proposer_is_never_offered_to_judge_their_own_item_004_5(town):
    unit = town.unit
    # The branch secretary reviews and approves in the branch, and here proposes himself.
    (mine,) = proposed(town, 1, org=town.branch, who=town.secretary)
    (theirs,) = proposed(town, 1, org=town.branch, who=town.liaison)
    found = {w.disclosure.id: w.names for w in worklist.waiting(unit, town.secretary)}
    assert "start_review" in found[theirs.id]
    assert "start_review" not in found.get(mine.id, [])


def test_published_items_are_not_in_the_worklist(town):
    from .conftest import walk

    unit = town.unit
    item = town.draft()
    walk(town, item, "publish")
    # The publisher could republish or withdraw it, but it is disclosed: the portal's now.
    assert unit.available_transitions(item, town.publisher)
    assert item.id not in {w.disclosure.id for w in worklist.waiting(unit, town.publisher)}


@pytest.mark.parametrize("context", [True, False])
def test_the_worklist_takes_the_unit_or_its_context(town, context):
    unit = town.unit
    proposed(town, 1)
    ctx = unit.context if context else unit
    assert [w.names for w in worklist.waiting(ctx, town.reviewer)] == [["start_review"]]


def test_a_refused_item_waits_for_its_archive_step_and_then_is_filed_for_good_004_5_5(town):
    """Archiving keeps the readers an item had: the worklist offers a refused item the
    archive step its state leaves by (into a state not readable by scope); once filed no step
    leaves it, so it is no candidate and takes no place in the first CANDIDATES."""
    unit = town.unit
    (item,) = proposed(town, 1)
    unit.fire(item, "start_review", town.reviewer)
    unit.fire(item, "refuse", town.reviewer, comment="涉及个人信息")
    found = {w.disclosure.id: w.names for w in worklist.waiting(unit, town.publisher)}
    assert found[item.id] == ["archive_undisclosed"]
    unit.fire(item, "archive_undisclosed", town.publisher)
    assert not unit.registry.workflows.get(item.workflow).states[item.state].by_scope
    assert (
        not access.admin_disclosures(town.publisher, unit.registry.workflows)
        .where(worklist.in_progress_condition(unit.registry.workflows))
        .where(Disclosure.id == item.id)
        .exists()
    )
    assert access.can_read(town.publisher, item, unit.registry.workflows)
