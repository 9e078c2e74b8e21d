"""A year in the demo town, told through the public API in date order.

Town items follow the town procedure (000 四(一)1: a department proposes, the office reviews,
the leadership group approves, the office publishes); branch items the branch procedure (四(一)2:
the liaison proposes, the branch committee reviews, the secretary approves, the liaison hands
the item to the town office, which publishes it). Every party organization posts one sheet on
every month's 党务公开日 covering what it owes (003 §8(二), :mod:`.demo_sheets`); around them
run the year's other threads (a re-publication a member's feedback led to, an out-of-catalog
item with its approved work plan and a change approved by the town, a refusal reviewed
upstream), and one disclosure rests in each workflow state and each scope, so every page of
the portal and the admin has something real to show. Everything happens in the current year
up to today; what falls due later is still pending, what fell due unpublished is overdue.
"""

from __future__ import annotations

import datetime as dt

from dangwu_core.toolkit import DemoBuilder, add_attachment, today

from .demo_files import plan_pdf

COUNTY_STANDARD = "villages.county-standard"
PARTY = ["meeting", "document", "party_portal"]
PUBLIC = ["bulletin_board", "website"]

FINDINGS = {
    "necessity": "属于目录规定的应公开事项，党员普遍关注",
    "accuracy": "数据与台帐核对一致",
    "legality": "符合党章和有关规定",
    "secrecy": "不涉及党和国家秘密，已隐去个人身份证号、银行卡号",
}
#: The office's first review (初审) of a town item, 000 四(一)1(2).
REVIEW = [("start_review", "office", {}), ("pass_review", "office", {"findings": FINDINGS})]


def start_of_year() -> dt.date:
    """The day the town is set up: early enough for January's 党务公开日 (2 January or after)."""
    return dt.date(today().year, 1, 2)


def past_day(month: int, day: int) -> dt.date | None:
    """That day of this year, if it is already past (the story never runs ahead of today)."""
    if not 1 <= month <= 12:
        return None
    date = dt.date(today().year, month, min(day, 28))
    return date if date < today() else None


def _review(committee: str) -> list:
    """The first review: the office for town items, a branch committee member for a branch's."""
    return [("start_review", committee, {}), ("pass_review", committee, {"findings": FINDINGS})]


def branch_steps(branch: str = "c01", *, publish: bool = True) -> list:
    """000 四(一)2: liaison proposes → the branch committee reviews → the secretary approves →
    the liaison hands it to the town office → the office publishes it for the branch."""
    steps = [
        ("propose", f"{branch}_liaison", {}),
        *_review(f"{branch}_committee"),
        ("approve", f"{branch}_secretary", {}),
        ("hand_over", f"{branch}_liaison", {}),
    ]
    return [*steps, ("publish", "office", {})] if publish else steps


def _attach_then(builder: DemoBuilder, disclosure, proposer: str, files, steps) -> None:
    """附件: the proposer attaches ``files`` (name, bytes) to the draft, then ``steps`` run."""
    for name, data in files:
        add_attachment(builder.unit, disclosure, name, data, builder.people[proposer])
    for transition, actor, options in steps:
        builder.unit.fire(disclosure, transition, builder.people[actor], **options)


def cadre_notice(builder: DemoBuilder) -> None:
    """即时公开: a pre-appointment notice (任前公示), shown for five working days, then expired
    (003 §8(四))."""
    day = past_day(3, 9)
    if day is None:
        return
    with builder.on(day):
        obligation = builder.open_immediate("XNZ", "GB-01", day)
        notice = builder.disclose(
            "XNZ",
            "organization_dept",
            "干部任前公示（张明同志）",
            "经镇党委研究，拟提名张明同志为镇农业服务中心主任人选，现予公示。"
            "公示期5个工作日。对公示对象有意见的，可向镇纪委反映。",
            "public",
            PUBLIC,
            item="GB-01",
            obligation=obligation,
            steps=[
                ("propose", "organization_dept", {}),
                *REVIEW,
                (
                    "approve",
                    "secretary",
                    {
                        "collective_decision": {
                            "meeting": "镇党委会",
                            "date": day.isoformat(),
                            "decision": "同意张明同志作为镇农业服务中心主任人选，进行任前公示",
                        }
                    },
                ),
                ("publish", "office", {}),
            ],
        )
    later = past_day(4, 20)
    if later:
        with builder.on(later):
            builder.unit.fire(notice, "expire", builder.people["office"])


def election(builder: DemoBuilder) -> None:
    """换届选举结果: the branch escalates to the town, which approves; one still waits."""
    day = past_day(4, 10)
    if day is None:
        return
    with builder.on(day):
        builder.disclose(
            "XNZ-C01",
            "c01_liaison",
            "江都村第一支部换届选举结果",
            "经党员大会选举，赵德明、孙丽、钱有福同志当选为新一届支部委员会委员，"
            "赵德明同志当选为支部书记。",
            "public",
            PUBLIC,
            item="ZZ-02",
            obligation=builder.open_immediate("XNZ-C01", "ZZ-02", day),
            steps=[
                ("propose", "c01_liaison", {}),
                *_review("c01_committee"),
                ("escalate", "c01_secretary", {"comment": "换届选举结果报上一级党组织审批"}),
                ("approve_upper", "secretary", {}),
                ("hand_over", "c01_liaison", {}),
                ("publish", "office", {}),
            ],
        )
    pending = past_day(10, 20)
    if pending:
        with builder.on(pending):
            builder.disclose(
                "XNZ-C03",
                "c03_liaison",
                "龙川村支部换届选举结果",
                "经党员大会选举产生新一届支部委员会，周海同志当选为支部书记。",
                "public",
                PUBLIC,
                item="ZZ-02",
                obligation=builder.open_immediate("XNZ-C03", "ZZ-02", pending),
                steps=[
                    ("propose", "c03_liaison", {}),
                    *_review("c03_committee"),
                    ("escalate", "c03_secretary", {"comment": "报镇党委审批"}),
                ],
            )


def town_decisions(builder: DemoBuilder) -> None:
    """An important decision, collectively decided, later re-published with a reason (再公开),
    and a party-only item widened to the public (先党内后党外)."""
    day = past_day(5, 12)
    if day is None:
        return
    with builder.on(day):
        decision = builder.disclose(
            "XNZ",
            "organization_dept",
            "关于实施农村人居环境整治的决定及执行情况",
            "镇党委决定在全镇实施农村人居环境整治三年行动，今年完成6个村的改厕和污水治理。",
            "public",
            PUBLIC,
            item="JY-02",
            important=True,
        )
        plan = plan_pdf(
            "农村人居环境整治三年行动实施方案",
            [
                "一、目标：三年内全镇各村完成改厕和生活污水治理。",
                f"二、{day.year}年：完成江都村、龙川村、三里桥村等6个村。",
                "三、责任：镇党委统一领导，各村党组织书记为第一责任人。",
                "四、监督：实施情况纳入党务公开，接受党员群众监督。",
            ],
        )
        _attach_then(
            builder,
            decision,
            "organization_dept",
            [("人居环境整治三年行动实施方案.pdf", plan)],
            [
                ("propose", "organization_dept", {}),
                *REVIEW,
                (
                    "approve",
                    "secretary",
                    {
                        "collective_decision": {
                            "meeting": "镇党委会（第12次）",
                            "date": day.isoformat(),
                            "decision": "一致同意实施并公开",
                        }
                    },
                ),
                ("publish", "office", {}),
            ],
        )
    later = past_day(6, 15)
    if later:
        with builder.on(later):
            builder.unit.fire(
                decision,
                "republish",
                builder.people["office"],
                comment="根据党员群众意见，补充各村完成时间表",
                body="镇党委决定在全镇实施农村人居环境整治三年行动，今年完成6个村的改厕和"
                "污水治理：江都村、龙川村6月底前完成，三里桥村、张纲村9月底前完成，"
                "双沟村、芒稻社区12月底前完成。",
            )
    day = past_day(2, 26)
    if day:
        with builder.on(day):
            resolution = builder.disclose(
                "XNZ",
                "organization_dept",
                "镇党委贯彻落实县委全会精神的工作部署",
                "镇党委召开扩大会议，传达学习县委全会精神，部署全年重点工作八项。",
                "party",
                PARTY,
                item="JY-01",
                steps=[
                    ("propose", "organization_dept", {}),
                    *REVIEW,
                    ("approve", "secretary", {}),
                    ("publish", "office", {}),
                ],
            )
        with builder.on(past_day(3, 5) or day):
            builder.unit.fire(
                resolution,
                "widen_scope",
                builder.people["office"],
                comment="先党内后党外：不涉及秘密，群众普遍关注，向社会公开",
                scope="public",
                channels=PUBLIC,
            )


def other_states(builder: DemoBuilder) -> None:
    """One disclosure resting in each remaining state, and the unit and specific scopes."""
    if past_day(10, 28) is None:
        return
    with builder.on(past_day(7, 8)):
        # 党内公开: the leadership's meeting is told to the party only (LD-02, staged).
        builder.disclose(
            "XNZ",
            "organization_dept",
            "镇党委领导班子民主生活会会前征求意见情况",
            "会前通过座谈、个别访谈等方式征求党员干部意见建议26条，已梳理反馈班子成员。",
            "party",
            PARTY,
            item="LD-02",
            steps=[
                ("propose", "organization_dept", {}),
                *REVIEW,
                ("approve", "secretary", {}),
                ("publish", "office", {}),
            ],
        )
        builder.disclose(
            "XNZ-C03",
            "c03_liaison",
            "龙川村支部书记任期经济责任审计情况",
            "经镇审计，周海同志任期内村级财务收支基本规范，提出整改意见3条，已整改完毕。",
            "unit",
            ["meeting", "document"],
            item="LZ-03",
            steps=branch_steps("c03"),
        )
        builder.disclose(
            "XNZ-C01",
            "c01_liaison",
            "民主评议党员结果个别告知",
            "钱有福同志：经支部民主评议，你被评为合格党员。特此告知。",
            "specific",
            ["interview", "letter"],
            item="ZZ-05",
            addressees=["member_c01"],
            steps=branch_steps(),
        )
    with builder.on(past_day(8, 18)):
        withdrawn = builder.disclose(
            "XNZ-C01",
            "c01_liaison",
            "江都村第一支部党员活动日安排（已撤销）",
            "8月25日组织党员赴县党性教育基地开展主题党日活动。",
            "party",
            PARTY,
            item="SX-01",
            steps=branch_steps(),
        )
        builder.unit.fire(
            withdrawn,
            "withdraw",
            builder.people["c01_secretary"],
            comment="活动因防汛任务取消，撤销公开",
        )
        builder.disclose(
            "XNZ-C03",
            "c03_liaison",
            "龙川村支部处理违纪党员情况",
            "某党员违纪问题正在调查中。",
            "party",
            PARTY,
            item="LZ-02",
            steps=[
                ("propose", "c03_liaison", {}),
                *_review("c03_committee"),
                (
                    "defer",
                    "c03_secretary",
                    {"comment": "案件尚在调查，结论作出前暂不宜公开，报镇党委备案"},
                ),
            ],
        )
        superseded = builder.disclose(
            "XNZ",
            "organization_dept",
            "镇党委领导班子职责分工（2025年版）",
            "书记王建国主持镇党委全面工作；副书记……",
            "public",
            PUBLIC,
            item="LD-01",
            steps=[
                ("propose", "organization_dept", {}),
                *REVIEW,
                ("approve", "secretary", {}),
                ("publish", "office", {}),
            ],
        )
    with builder.on(past_day(9, 10)):
        builder.unit.fire(
            superseded,
            "supersede",
            builder.people["office"],
            comment="班子调整后发布新的职责分工，本件被替代",
        )
        builder.disclose(
            "XNZ",
            "organization_dept",
            "镇党委领导班子职责分工",
            "书记王建国主持镇党委全面工作，分管组织、纪检；副书记李明分管宣传、统战……",
            "public",
            PUBLIC,
            item="LD-01",
            steps=[
                ("propose", "organization_dept", {}),
                *REVIEW,
                ("approve", "secretary", {}),
                ("publish", "office", {}),
            ],
        )
    with builder.on(past_day(10, 28)):
        builder.disclose(
            "XNZ-C01",
            "c01_liaison",
            "关于公开个人家庭住址的请示",
            "拟公开党员家庭住址。",
            "party",
            PARTY,
            item="QT-01",
            steps=[
                ("propose", "c01_liaison", {}),
                ("start_review", "c01_committee", {}),
                ("refuse", "c01_committee", {"comment": "涉及个人信息，不予公开"}),
            ],
        )
        builder.disclose(
            "XNZ",
            "organization_dept",
            "干部监督制度及执行情况",
            "镇党委严格执行干部监督各项制度，全年开展谈心谈话42人次。",
            "party",
            PARTY,
            item="GB-02",
            steps=[("propose", "organization_dept", {}), *REVIEW, ("approve", "secretary", {})],
        )
        builder.disclose(
            "XNZ-C03",
            "c03_liaison",
            "龙川村支部10月党费收缴、管理和使用情况",
            "本月应交党费党员27名，实交27名，收缴党费980.00元。",
            "party",
            PARTY,
            item="ZZ-04",
            steps=[("propose", "c03_liaison", {}), *_review("c03_committee")],
        )
        builder.disclose(
            "XNZ-C03",
            "c03_liaison",
            "龙川村支部11月主题党日活动安排",
            "11月第一周星期五组织党员学习党的二十届四中全会精神，并开展志愿服务。",
            "party",
            PARTY,
            item="SX-01",
            steps=branch_steps("c03", publish=False),
        )
        builder.disclose(
            "XNZ",
            "organization_dept",
            "镇党员干部教育培训计划",
            # in review: the review checks (dangwu-review) find the contact's mobile number
            "全年举办党员冬训班1期、村干部培训班2期。\n报名联系人：组织办张伟，手机13812345678。",
            "party",
            PARTY,
            item="SX-02",
            steps=[("propose", "organization_dept", {}), ("start_review", "office", {})],
        )
        builder.disclose(
            "XNZ",
            "discipline",
            "镇党风廉政建设责任制落实情况（10月）",
            "本月开展廉政谈话8人次，督查村级“三资”管理2次。",
            "party",
            PARTY,
            item="LZ-01",
            steps=[("propose", "discipline", {})],
        )
        builder.disclose(
            "XNZ",
            "organization_dept",
            "镇党委理论学习中心组学习计划（草稿）",
            "全年安排集中学习12次，专题研讨4次。",
            "party",
            PARTY,
            item="SX-01",
        )


def joint_branch_and_village_affairs(builder: DemoBuilder) -> None:
    """000 五(二): the joint branch's item is disclosed at each member unit; 000 五(四): a
    village branch's public item also goes onto the village-affairs board (村务公开栏)."""
    day = past_day(6, 10)
    if day is None:
        return
    with builder.on(day):
        builder.disclose(
            "XNZ-L01",
            "l01_liaison",
            "非公企业联合支部发展党员公示",
            "经支部委员会研究，拟将扬州华宇机械有限公司员工刘强同志列为发展对象，现予公示。"
            "公示期7天。",
            "public",
            PUBLIC,
            item="ZZ-03",
            obligation=builder.open_immediate("XNZ-L01", "ZZ-03", day),
            steps=branch_steps("l01"),
        )
        builder.disclose(
            "XNZ-C01",
            "c01_liaison",
            "江都村第一支部村道路灯修复情况（热点问题办理）",
            "村民反映的村道路灯不亮问题，支部已协调镇便民服务中心于6月8日修复。",
            "public",
            [*PUBLIC, "village_affairs"],
            item="FW-01",
            steps=branch_steps(),
        )
