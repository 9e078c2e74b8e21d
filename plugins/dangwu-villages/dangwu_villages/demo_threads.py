"""The demo year's threads around the sheets, and the year told in order.

The monthly sheets (:mod:`.demo_sheets`) carry most of the year; around them a member's
feedback leads to a section re-published with its reason (003 §8(四), 004 六(二)), an
out-of-catalog item is published with the work plan the town approved and later changed with
the town's approval (004 五, 003 §6(二), 003 §9(二)), opinions and requests are answered, and a
refusal is reviewed by the upper organization (003 §9(三)).
"""

from __future__ import annotations

from dangwu_core.toolkit import DemoBuilder, republish_sections, sections

from .demo_sheets import monthly_sheets
from .demo_story import (
    PUBLIC,
    branch_steps,
    cadre_notice,
    election,
    joint_branch_and_village_affairs,
    other_states,
    past_day,
    start_of_year,
    town_decisions,
)


def sheets(builder: DemoBuilder) -> dict:
    """003 §8(二): every party organization's monthly 党务公开日 sheet (see
    :mod:`.demo_sheets`); 江都村第一支部's January sheet is archived (归档) in April, once the
    year's ledger has moved on."""
    posted = monthly_sheets(builder, start_of_year())
    first, archived_on = posted.get(("XNZ-C01", 1)), past_day(4, 10)
    if first is not None and archived_on:
        with builder.on(archived_on):
            builder.unit.fire(first, "archive", builder.people["office"])
    return posted


def feedback_led_to_republication(builder: DemoBuilder, posted: dict) -> None:
    """意见反馈 → 再公开 (003 §8(四), 004 六(二)): a member asks that the October sheet itemize
    the dues spent; the office re-publishes that section with the reason, the other sections
    unchanged, and the member is answered."""
    sheet, asked, done = posted.get(("XNZ-C01", 10)), past_day(10, 12), past_day(10, 16)
    if sheet is None or not done:
        return
    with builder.on(asked):
        named = builder.feedback(
            "XNZ-C01",
            "10月党务公开日公开的党费使用情况只有总数，建议按项目列明细。",
            reporter_kind="member",
            reporter="member_c01",
        )
        builder.handle_feedback(named, "assign", "office", builder.people["office"])
    section = next(s for s in sections(sheet) if s.catalog_item.code == "ZZ-04")
    with builder.on(done):
        republish_sections(
            builder.unit,
            sheet,
            builder.people["office"],
            {
                section.position: {
                    "reason": f"根据党员意见（意见建议{named.receipt_number}），"
                    "党费使用情况按项目列明细",
                    "body": "9月应交党费党员32名，实交32名，收缴党费1,330.00元；使用党费0元："
                    "慰问困难党员0元、购买学习资料0元、表彰奖励0元；结余已全额上缴镇党委。",
                }
            },
            feedback=named.id,
        )
        builder.handle_feedback(
            named,
            "answer",
            "office",
            "已采纳：10月党费使用情况已按项目列明细再公开，今后按此公开。",
        )


def out_of_catalog_item(builder: DemoBuilder) -> None:
    """目录外事项 (004 五, 003 §6(二)): 龙川村's one-off item needs a work plan (工作方案) that the
    town, whose catalog it follows, approves before it is published; later the town approves a
    change (变更) of it (003 §9(二)), and the office re-publishes it with the reason."""
    day, changed = past_day(7, 15), past_day(8, 20)
    if day is None:
        return
    with builder.on(day):
        item = builder.disclose(
            "XNZ-C03",
            "c03_liaison",
            "龙川村村级光伏发电项目收益分配方案",
            "村级光伏发电项目2025年度收益12.6万元，拟按村集体50%、困难党员群众帮扶30%、"
            "公益事业20%分配，经党员大会讨论通过。",
            "public",
            PUBLIC,
        )
        builder.plan(
            item,
            "c03_liaison",
            "公开内容：收益总额及分配方案；公开范围：向社会公开；公开形式：党务公开栏、党务公开网；"
            "公开时间：党员大会通过后5个工作日内。",
            "secretary",
            "同意按此方案公开",
        )
        for transition, actor, options in branch_steps("c03"):
            builder.unit.fire(item, transition, builder.people[actor], **options)
    if changed is None:
        return
    with builder.on(changed):
        reason = "帮扶对象名单经村民代表会议复核调整，分配比例不变，补充公开帮扶对象人数"
        builder.approved_change(
            item, "change", "c03_liaison", reason, "secretary", "同意变更，变更后再公开"
        )
        builder.unit.fire(
            item,
            "republish",
            builder.people["office"],
            comment=reason,
            body="村级光伏发电项目2025年度收益12.6万元，按村集体50%、困难党员群众帮扶30%"
            "（帮扶对象经复核共23户）、公益事业20%分配，经党员大会讨论通过。",
        )


def feedback_and_requests(builder: DemoBuilder) -> None:
    """意见反馈 and 依申请公开, answered and pending."""
    if past_day(10, 15) is None:
        return
    with builder.on(past_day(9, 3)):
        named = builder.feedback(
            "XNZ-C01",
            "建议公开栏增加党员志愿服务活动的照片。",
            reporter_kind="member",
            reporter="member_c01",
        )
        builder.handle_feedback(named, "assign", "office", builder.people["office"])
        builder.handle_feedback(
            named, "answer", "office", "已采纳，自10月起公开栏每月增加党员活动照片。"
        )
        builder.feedback("XNZ", "公开栏的内容更新不够及时，建议每月初更新。", anonymous=True)
        investor = builder.feedback(
            "XNZ",
            "园区道路改造方案何时公开？",
            reporter_kind="investor",
            reporter_name="扬州某机械公司",
            reporter_contact="0514-8000000",
        )
        builder.handle_feedback(investor, "escalate", "office", "涉及招商企业诉求，报领导小组")
    with builder.on(past_day(10, 15)):
        builder.request(
            "XNZ-C03",
            "member_c03",
            "龙川村集体土地流转收益分配情况",
            "申请公开2025年度龙川村集体土地流转收益的分配方案和党员议事记录。",
        )
        refused = builder.request(
            "XNZ-C01",
            "member_c01",
            "党员个人党费缴纳明细",
            "申请公开支部全体党员个人党费缴纳明细。",
        )
        # 000 四(二): the branch's head accepts, the branch committee decides and explains.
        builder.handle_request(refused, "acknowledge", "c01_secretary")
        refused = builder.handle_request(
            refused,
            "refuse",
            "c01_secretary",
            reasons="涉及其他党员个人信息，可公开汇总数，不公开个人明细。",
        )
    reviewed = past_day(10, 22)
    if reviewed:
        # 003 §9(三): the refusal goes to the upper organization, which upholds it; the
        # applicant is told its view.
        with builder.on(reviewed):
            builder.handle_request(
                refused,
                "review_refusal",
                "zz01_secretary",
                upheld=True,
                opinion="个人党费缴纳明细属于党员个人信息，维持不予公开决定；支部已公开党费收缴汇总情况。",
            )


def tell_the_year(builder: DemoBuilder) -> None:
    posted = sheets(builder)
    feedback_led_to_republication(builder, posted)
    out_of_catalog_item(builder)
    cadre_notice(builder)
    election(builder)
    town_decisions(builder)
    other_states(builder)
    joint_branch_and_village_affairs(builder)
    feedback_and_requests(builder)
    builder.mark_overdue()
