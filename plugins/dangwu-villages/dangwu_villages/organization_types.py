"""The organization types of a town (000 一、四(一); 002; 003 §2)."""

from dangwu_core.toolkit import OrganizationKind, OrganizationType

TOWN_COMMITTEE = "town_committee"
STREET_COMMITTEE = "street_working_committee"
GENERAL_BRANCH = "general_branch"
VILLAGE_BRANCH = "village_branch"
COMMUNITY_BRANCH = "community_branch"
STATION_BRANCH = "station_branch"
JOINT_BRANCH = "joint_branch"

_TOP = (TOWN_COMMITTEE, STREET_COMMITTEE)
_UNDER_TOP = (*_TOP, GENERAL_BRANCH)

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
]
