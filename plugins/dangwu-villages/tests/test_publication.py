"""Where a published item also goes: each member unit of a joint branch (000 五(二)) and the
village-affairs board (000 五(四), 002 二.3); the default carriers of 000 三."""

from __future__ import annotations

import pytest
from villages_town import branch_walk, item

from dangwu_core.toolkit import Event, ValidationError


def _events(action, disclosure):
    return list(
        Event.select()
        .where((Event.action == action) & (Event.subject_id == disclosure.id))
        .order_by(Event.id)
    )


def test_a_joint_branch_discloses_at_each_member_unit_000_5_2(town):
    unit = town.unit
    d = unit.create_draft(
        town.joint,
        town.joint_liaison,
        "联合支部发展党员公示",
        "拟将甲机械公司员工刘强同志列为发展对象，现予公示。",
        "public",
        ["bulletin_board", "website"],
        catalog_item=item("ZZZ-02"),
    )
    branch_walk(town, d, town.joint_liaison, town.joint_committee, town.joint_secretary)
    assert _events("villages.joint.disclose_at_member", d) == []  # not before publication
    unit.fire(d, "publish", town.office)
    at = _events("villages.joint.disclose_at_member", d)
    assert [e.organization_id for e in at] == [u.id for u in town.member_units]
    assert {e.payload["version"] for e in at} == {1}
    unit.fire(d, "republish", town.office, comment="更正公示期", body="……公示期7天。")
    again = _events("villages.joint.disclose_at_member", d)[len(at) :]
    assert [e.payload["version"] for e in again] == [2, 2]  # 再公开 reaches them too


def test_a_village_branch_item_is_linked_to_the_village_affairs_board_000_5_4_002_2_3(town):
    unit = town.unit
    board = unit.registry.channels.get("village_affairs")
    assert board.label.startswith("村务公开") and set(board.scopes) == {"public"}
    d = unit.create_draft(
        town.branch,
        town.liaison,
        "村民关注的热点问题及办理情况",
        "村道路灯已修复。",
        "public",
        ["bulletin_board", "website", "village_affairs"],
        catalog_item=item("ZFW-01"),
    )
    unit.fire(branch_walk(town, d), "publish", town.office)
    (linked,) = _events("villages.linked.village_affairs", d)
    assert (linked.payload["platform"], linked.organization_id) == ("村务公开", town.branch.id)
    with pytest.raises(ValidationError, match="village_affairs"):  # party items stay inside
        unit.create_draft(
            town.branch, town.liaison, "党内事项", "正文", "party", ["village_affairs"]
        )


def test_the_carriers_of_000_3_are_there_by_default(unit):
    """000 三: 党内会议、文件、通报、公开栏 and the town's disclosure website."""
    channels = unit.registry.channels
    for name in ("meeting", "document", "briefing", "bulletin_board", "website"):
        assert name in channels
