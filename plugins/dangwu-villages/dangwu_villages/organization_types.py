"""The organization types of a town (000 一、四(一)、五; 002 一(二)3; 003 §2, §10).

The party organizations: the town committee or street working committee, general branches,
and village, community, station and joint branches. Besides them, as 002's "12345" practice
sets up (一套目录、两本台帐、三个机构、四块载体、五项制度) and 000 五(一) and 003 §10 describe, the
town's three disclosure bodies are organizations of their own under the committee, so the
tree shows who sits on them: the leadership group (党务公开工作领导小组), its office
(党务公开办公室, set up in the discipline commission) and the supervision group (监督小组).
The roles that act on the town's items are held on the committee itself (the workflow checks
roles on the disclosing organization); a body records its members.

A joint branch (联合党支部) is built across several units; its member units (成员单位) are
organizations under it, and what it publishes is disclosed at each of them (000 五(二), see
:mod:`dangwu_villages.publication`).
"""

from dangwu_core.toolkit import OrganizationKind, OrganizationType

TOWN_COMMITTEE = "town_committee"
STREET_COMMITTEE = "street_working_committee"
GENERAL_BRANCH = "general_branch"
VILLAGE_BRANCH = "village_branch"
COMMUNITY_BRANCH = "community_branch"
STATION_BRANCH = "station_branch"
JOINT_BRANCH = "joint_branch"
LEADING_GROUP = "disclosure_leading_group"
DISCLOSURE_OFFICE = "disclosure_office"
SUPERVISION_GROUP = "disclosure_supervision_group"
MEMBER_UNIT = "joint_member_unit"

_TOP = (TOWN_COMMITTEE, STREET_COMMITTEE)
_UNDER_TOP = (*_TOP, GENERAL_BRANCH)

#: The party organizations that disclose (the catalogs apply to these).
PARTY_ORGANIZATIONS = (
    TOWN_COMMITTEE,
    STREET_COMMITTEE,
    GENERAL_BRANCH,
    VILLAGE_BRANCH,
    COMMUNITY_BRANCH,
    STATION_BRANCH,
    JOINT_BRANCH,
)
#: 002's 三个机构: the bodies that run disclosure work in the town.
BODIES = (LEADING_GROUP, DISCLOSURE_OFFICE, SUPERVISION_GROUP)

ORGANIZATION_TYPES = [
    OrganizationType(TOWN_COMMITTEE, "镇党委", OrganizationKind.COMMITTEE, "town", root=True),
    OrganizationType(
        STREET_COMMITTEE, "街道党工委", OrganizationKind.COMMITTEE, "street", root=True
    ),
    OrganizationType(
        GENERAL_BRANCH, "党总支", OrganizationKind.GENERAL_BRANCH, "village", parent_types=_TOP
    ),
    OrganizationType(
        VILLAGE_BRANCH, "村党支部", OrganizationKind.BRANCH, "village", parent_types=_UNDER_TOP
    ),
    OrganizationType(
        COMMUNITY_BRANCH,
        "社区党支部",
        OrganizationKind.BRANCH,
        "community",
        parent_types=_UNDER_TOP,
    ),
    OrganizationType(
        STATION_BRANCH, "站所党支部", OrganizationKind.BRANCH, "station", parent_types=_UNDER_TOP
    ),
    OrganizationType(
        JOINT_BRANCH, "联合党支部", OrganizationKind.BRANCH, "joint", parent_types=_UNDER_TOP
    ),
    OrganizationType(
        LEADING_GROUP, "党务公开工作领导小组", OrganizationKind.OTHER, "town", parent_types=_TOP
    ),
    OrganizationType(
        DISCLOSURE_OFFICE, "党务公开办公室", OrganizationKind.DEPARTMENT, "town", parent_types=_TOP
    ),
    OrganizationType(
        SUPERVISION_GROUP, "党务公开监督小组", OrganizationKind.OTHER, "town", parent_types=_TOP
    ),
    OrganizationType(
        MEMBER_UNIT,
        "联合支部成员单位",
        OrganizationKind.OTHER,
        "joint",
        parent_types=(JOINT_BRANCH,),
    ),
]
