"""The organization types of a school: 学校党委 → 党总支 → 党支部."""

from dangwu_core.toolkit import OrganizationKind, OrganizationType

SCHOOL_COMMITTEE = "school_committee"
SCHOOL_GENERAL_BRANCH = "school_general_branch"
SCHOOL_BRANCH = "school_branch"

ORGANIZATION_TYPES = [
    OrganizationType(SCHOOL_COMMITTEE, "学校党委", OrganizationKind.COMMITTEE, "school", root=True),
    OrganizationType(
        SCHOOL_GENERAL_BRANCH,
        "院系党总支",
        OrganizationKind.GENERAL_BRANCH,
        "school",
        parent_types=(SCHOOL_COMMITTEE,),
    ),
    OrganizationType(
        SCHOOL_BRANCH,
        "党支部",
        OrganizationKind.BRANCH,
        "school",
        parent_types=(SCHOOL_COMMITTEE, SCHOOL_GENERAL_BRANCH),
    ),
]
