"""The organization types of a town (000 一、五(二); 002; 003 §2) shape the unit."""

import pytest

from dangwu_core.toolkit import ValidationError


def test_the_town_types_are_registered_through_the_entry_point(unit):
    # other sectors may be installed beside (the core tests' test sector is): villages' own
    labels = {
        t.name: t.label
        for t in unit.registry.organization_types
        if not t.name.startswith("testsector_")
    }
    assert labels == {
        "town_committee": "镇党委",
        "street_working_committee": "街道党工委",
        "general_branch": "党总支",
        "village_branch": "村党支部",
        "community_branch": "社区党支部",
        "station_branch": "站所党支部",
        "joint_branch": "联合党支部",
        "disclosure_leading_group": "党务公开工作领导小组",
        "disclosure_office": "党务公开办公室",
        "disclosure_supervision_group": "党务公开监督小组",
        "joint_member_unit": "联合支部成员单位",
    }


def test_branches_stand_under_the_town_committee_or_a_general_branch(unit):
    town = unit.create_organization(code="T", name="中共某镇委员会", type="town_committee")
    general = unit.create_organization(
        code="G", name="某村党总支", type="general_branch", parent=town
    )
    branch = unit.create_organization(
        code="B", name="某村第一党支部", type="village_branch", parent=general
    )
    assert branch.depth == 2
    assert branch.sector == "village"
    with pytest.raises(ValidationError, match="needs a parent"):
        unit.create_organization(code="X", name="孤立支部", type="village_branch")
    with pytest.raises(ValidationError, match="cannot stand under"):
        unit.create_organization(
            code="Y", name="支部下的支部", type="village_branch", parent=branch
        )


def test_the_county_standard_is_offered_as_a_catalog_template_003_6(unit):
    template = unit.registry.catalog_templates["villages.county-standard"]
    assert template.path.is_file()
    assert template.path.name.endswith(".dwcat.json")
