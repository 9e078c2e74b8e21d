"""A catalog is published in the party or to the public (004 七(二)) through the ordinary
workflow of the organization that publishes it; its work plan is the rule itself."""

import datetime as dt

import pytest

from dangwu_core.clock import FixedClock, use_clock
from dangwu_core.demo import build_demo
from dangwu_core.errors import ValidationError
from dangwu_core.models import Catalog, Disclosure, Filing, Organization
from dangwu_core.people import get_by_username
from dangwu_core.publication import draft_publication

FINDINGS = {
    "necessity": "按规定公开目录",
    "accuracy": "与备案目录一致",
    "legality": "符合规定",
    "secrecy": "不涉密",
}


@pytest.fixture
def town(unit):
    with use_clock(FixedClock(dt.datetime(2026, 11, 25, 10, 0))):
        build_demo(unit, "testsector")
    return unit


def test_a_catalog_is_published_to_the_public_through_the_workflow_004_7_2(town):
    unit = town
    catalog = Catalog.get(Catalog.code == "testsector-standard")
    organization = Organization.get(Organization.code == "TS")
    draft = draft_publication(
        unit, catalog, get_by_username("zhangw"), organization=organization, scope="public"
    )
    assert draft.catalog_item_id is None and draft.scope == "public"
    body = draft.versions[0].body
    assert "【组织建设情况】" in body and "党费收缴、管理和使用情况" in body
    assert "定期公开（每月）" in body
    plan = Filing.get((Filing.subject_type == "disclosure") & (Filing.subject_id == draft.id))
    assert (plan.kind, plan.status) == ("implementation_plan", "reviewed")
    for name, who, options in [
        ("propose", "zhangw", {}),
        ("start_review", "lixy", {}),
        ("pass_review", "lixy", {"findings": FINDINGS}),
        ("approve", "wangjg", {}),
        ("publish", "lixy", {}),
    ]:
        unit.fire(draft, name, get_by_username(who), **options)
    assert Disclosure.get_by_id(draft.id).state == "published"
    assert draft in list(unit.listed_disclosures(None))


def test_publication_is_refused_where_the_catalog_does_not_belong(town):
    unit = town
    catalog = Catalog.get(Catalog.code == "testsector-standard")
    author = get_by_username("zhangw")
    with pytest.raises(ValidationError, match="name the organization"):
        draft_publication(unit, catalog, author)
    with pytest.raises(ValidationError, match="party or to the public"):
        draft_publication(
            unit,
            catalog,
            author,
            organization=Organization.get(Organization.code == "TS"),
            scope="specific",
        )


def test_dangwu_catalog_publish_drafts_it(town):
    from click.testing import CliRunner

    from dangwu_core.cli import cli

    result = CliRunner().invoke(
        cli,
        [
            "--database",
            town.settings.database_url,
            "catalog",
            "publish",
            "testsector-standard",
            "--by",
            "zhangw",
            "--org",
            "TS",
            "--scope",
            "public",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "Drafted “测试部门党务公开目录（测试用）（1.0.0 版）”" in result.output
    result = CliRunner().invoke(
        cli,
        ["--database", town.settings.database_url, "catalog", "publish", "nope", "--by", "zhangw"],
    )
    assert result.exit_code == 1
    assert "catalog 'nope' is not installed" in result.output
