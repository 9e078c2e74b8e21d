"""The demo town: a town committee, a dozen branches, people in every role, the county
standard catalog, and a year of disclosures told in order.

002's "12345" practice (一套目录、两本台帐、三个机构、四块载体、五项制度) shows as: one catalog (the
county standard, installed at the start of the year); three bodies (the leadership group, its
office and the supervision group, organizations under the committee with their members); four
carriers (bulletin board, website, meetings and documents, and the village-affairs board); the
two ledgers are the audit trail and the obligations (exportable once the admin issue lands).
"""

from dangwu_core.toolkit import DemoBuilder, Role, assign_role

from . import organization_types as t
from .demo_story import COUNTY_STANDARD, start_of_year
from .demo_threads import tell_the_year

PASSWORD = "dangwu-demo"  # nosec B105  # the demo unit's published logins (README, make demo)
TOWN = "XNZ"

#: (code, name, type, parent)
ORGANIZATIONS = [
    (TOWN, "中共仙女镇委员会", t.TOWN_COMMITTEE, None),
    ("XNZ-ZZ01", "中共仙女镇江都村总支部委员会", t.GENERAL_BRANCH, TOWN),
    ("XNZ-C01", "中共仙女镇江都村第一支部委员会", t.VILLAGE_BRANCH, "XNZ-ZZ01"),
    ("XNZ-C02", "中共仙女镇江都村第二支部委员会", t.VILLAGE_BRANCH, "XNZ-ZZ01"),
    ("XNZ-C03", "中共仙女镇龙川村支部委员会", t.VILLAGE_BRANCH, TOWN),
    ("XNZ-C04", "中共仙女镇三里桥村支部委员会", t.VILLAGE_BRANCH, TOWN),
    ("XNZ-C05", "中共仙女镇张纲村支部委员会", t.VILLAGE_BRANCH, TOWN),
    ("XNZ-C06", "中共仙女镇双沟村支部委员会", t.VILLAGE_BRANCH, TOWN),
    ("XNZ-S01", "中共仙女镇东方红社区支部委员会", t.COMMUNITY_BRANCH, TOWN),
    ("XNZ-S02", "中共仙女镇芒稻社区支部委员会", t.COMMUNITY_BRANCH, TOWN),
    ("XNZ-S03", "中共仙女镇新都社区支部委员会", t.COMMUNITY_BRANCH, TOWN),
    ("XNZ-Z01", "中共仙女镇农业服务中心支部委员会", t.STATION_BRANCH, TOWN),
    ("XNZ-Z02", "中共仙女镇文化站支部委员会", t.STATION_BRANCH, TOWN),
    ("XNZ-L01", "中共仙女镇非公企业联合支部委员会", t.JOINT_BRANCH, TOWN),
    # 000 五(二): the joint branch discloses at each of its member units.
    ("XNZ-L01-01", "扬州华宇机械有限公司", t.MEMBER_UNIT, "XNZ-L01"),
    ("XNZ-L01-02", "江都润丰纺织有限公司", t.MEMBER_UNIT, "XNZ-L01"),
    # 002's 三个机构, and 000 五(一): the office is set up in the discipline commission.
    ("XNZ-LDXZ", "仙女镇党务公开工作领导小组", t.LEADING_GROUP, TOWN),
    ("XNZ-GKB", "仙女镇党务公开办公室（设在镇纪委）", t.DISCLOSURE_OFFICE, TOWN),
    ("XNZ-JDXZ", "仙女镇党务公开监督小组", t.SUPERVISION_GROUP, TOWN),
]

#: (key, name, username, roles as (org, role), reaches_down, department)
PEOPLE = [
    (
        "secretary",
        "王建国",
        "wangjg",
        [(TOWN, Role.APPROVER), ("XNZ-LDXZ", Role.APPROVER)],
        True,
        "党务公开工作领导小组（组长）",
    ),
    (
        "office",
        "李秀英",
        "lixy",
        [(TOWN, Role.PUBLISHER), ("XNZ-GKB", Role.PUBLISHER)],
        True,
        "党务公开办公室",
    ),
    ("organization_dept", "张伟", "zhangw", [(TOWN, Role.PROPOSER)], False, "组织办"),
    ("discipline", "刘洋", "liuy", [(TOWN, Role.PROPOSER)], False, "纪委"),
    (
        "supervisor",
        "陈静",
        "chenj",
        [(TOWN, Role.SUPERVISOR), ("XNZ-JDXZ", Role.SUPERVISOR)],
        True,
        "党务公开监督小组",
    ),
    ("c01_secretary", "赵德明", "zhaodm", [("XNZ-C01", Role.APPROVER)], False, "村党支部"),
    (
        "c01_liaison",
        "孙丽",
        "sunl",
        [("XNZ-C01", Role.LIAISON), ("XNZ-C01", Role.PROPOSER)],
        False,
        "村党支部",
    ),
    ("c01_committee", "陈光荣", "chengr", [("XNZ-C01", Role.REVIEWER)], False, "支委会"),
    ("c03_secretary", "周海", "zhouh", [("XNZ-C03", Role.APPROVER)], False, "村党支部"),
    ("c03_committee", "许文华", "xuwh", [("XNZ-C03", Role.REVIEWER)], False, "支委会"),
    (
        "c03_liaison",
        "吴敏",
        "wum",
        [("XNZ-C03", Role.LIAISON), ("XNZ-C03", Role.PROPOSER)],
        False,
        "村党支部",
    ),
    ("s01_secretary", "郑芳", "zhengf", [("XNZ-S01", Role.APPROVER)], False, "社区党支部"),
    ("l01_secretary", "蒋立新", "jianglx", [("XNZ-L01", Role.APPROVER)], False, "联合党支部"),
    ("l01_committee", "韩梅", "hanm", [("XNZ-L01", Role.REVIEWER)], False, "联合党支部"),
    (
        "l01_liaison",
        "杨帆",
        "yangf",
        [("XNZ-L01", Role.LIAISON), ("XNZ-L01", Role.PROPOSER)],
        False,
        "联合党支部",
    ),
    ("member_c01", "钱有福", "qianyf", [("XNZ-C01", Role.MEMBER)], False, ""),
    ("member_c03", "冯桂兰", "fenggl", [("XNZ-C03", Role.MEMBER)], False, ""),
    ("member_s01", "何志强", "hezq", [("XNZ-S01", Role.MEMBER)], False, ""),
]

#: 000 四(一)2: every other party organization's secretary (approves), committee member
#: (reviews) and liaison (proposes, hands over) — (organization, secretary, committee member,
#: liaison); None where PEOPLE has the person. They post the monthly sheets; no logins.
BRANCH_PEOPLE = [
    ("XNZ-ZZ01", "江德华", "潘玉梅", "沈凯"),
    ("XNZ-C02", "顾永生", "唐秀兰", "陆斌"),
    ("XNZ-C04", "朱国强", "葛红", "马骏"),
    ("XNZ-C05", "胡建华", "林小燕", "高翔"),
    ("XNZ-C06", "曹德胜", "谢春花", "罗勇"),
    ("XNZ-S01", None, "邵丽华", "袁野"),
    ("XNZ-S02", "施国平", "范晓云", "方磊"),
    ("XNZ-S03", "汤明", "彭丽", "戴军"),
    ("XNZ-Z01", "夏志远", "钟慧", "姜涛"),
    ("XNZ-Z02", "石磊", "贾婷", "段鹏"),
]


def branch_people(builder: DemoBuilder) -> None:
    """The people of :data:`BRANCH_PEOPLE`, keyed ``c02_secretary``, ``c02_committee``..."""
    for code, secretary, committee, liaison in BRANCH_PEOPLE:
        key = code.split("-", 1)[1].lower()
        department = "党总支" if code.endswith("ZZ01") else "党支部"
        for suffix, name, roles in (
            ("secretary", secretary, [(code, Role.APPROVER)]),
            ("committee", committee, [(code, Role.REVIEWER)]),
            ("liaison", liaison, [(code, Role.LIAISON), (code, Role.PROPOSER)]),
        ):
            if name is not None:
                builder.person(f"{key}_{suffix}", name, roles=roles, department=department)


DEMO_LOGINS = (
    ("admin", PASSWORD, "管理员 (unit administrator)"),
    ("lixy", PASSWORD, "党务公开办公室: first review of town items, publishes for the town"),
    ("wangjg", PASSWORD, "镇党委书记, 领导小组组长: approver"),
    ("sunl", PASSWORD, "江都村第一支部 liaison (联络员)"),
    ("chengr", PASSWORD, "江都村第一支部 committee member: reviews the branch's items"),
    ("zhaodm", PASSWORD, "江都村第一支部 secretary: approves the branch's items"),
    ("chenj", PASSWORD, "监督员 (supervisor, read-only)"),
    ("qianyf", PASSWORD, "党员 (member) of 江都村第一支部"),
)


def build(builder: DemoBuilder) -> None:
    """Set the town up at the start of the year, then tell the year up to today."""
    with builder.on(start_of_year()):
        for code, name, type_, parent in ORGANIZATIONS:
            builder.organization(code, name, type_, parent)
        builder.person("admin", "系统管理员", username="admin", password=PASSWORD, superuser=True)
        for key, name, username, roles, reaches_down, department in PEOPLE:
            builder.person(
                key,
                name,
                username=username,
                password=PASSWORD,
                roles=roles,
                reaches_down=reaches_down,
                department=department,
            )
        branch_people(builder)
        # 000 四(一)1(2): the office makes the first review of the town's own items only; the
        # branches' committees review theirs (四(一)2(2)), so this role does not reach down.
        assign_role(
            builder.people["office"],
            builder.organizations[TOWN],
            Role.REVIEWER,
            department="党务公开办公室",
        )
        builder.install_catalog(COUNTY_STANDARD)
    tell_the_year(builder)
