"""责任追究: the cases supervisors are shown, listed from the data.

Rules: 003 §9(八) (不按规定开展党务公开工作 ... 限期整改); 004 七(十) (未按照规定编制党务公开目录
并进行动态调整; 未按照规定的内容、范围、程序和方式等实施党务公开); 004 七(二) (目录外事项 ... 及时
更新党务公开目录); issue 7 "late or missing disclosures, items disclosed outside their catalog
scope, a catalog not adjusted — listed for supervisors from the data".
"""

from __future__ import annotations

from collections import Counter

from dangwu_core import accountability, supervision
from dangwu_core.models import CatalogItem, Disclosure, Obligation, Organization, Person

PERIOD = supervision.Period.year()
FINDINGS = {
    "necessity": "有必要",
    "accuracy": "准确",
    "legality": "合规",
    "secrecy": "不涉密",
}


def _org(code):
    return Organization.get(Organization.code == code)


def _person(name):
    return Person.get(Person.name == name)


def _publish_town_item(unit, title, item, scope, channels):
    disclosure = unit.create_draft(
        _org("TS"), _person("张伟"), title, "正文", scope, channels, catalog_item=item
    )
    for name, who, options in (
        ("propose", "张伟", {}),
        ("start_review", "李秀英", {}),
        ("pass_review", "李秀英", {"findings": FINDINGS}),
        ("approve", "王建国", {}),
        ("publish", "李秀英", {}),
    ):
        unit.fire(disclosure, name, _person(who), **options)
    return disclosure


def _plain_item(scope):
    return (
        CatalogItem.select()
        .where(
            (CatalogItem.scope == scope)
            & ~CatalogItem.important
            & ~CatalogItem.needs_upper_approval
        )
        .first()
    )


def test_late_and_missing_disclosures_are_the_dashboards_figures(demo):
    town = _org("TS")
    board = supervision.dashboard(town, PERIOD)
    cases = accountability.cases(town, PERIOD)
    kinds = Counter(c.kind for c in cases)
    assert kinds["late"] == board.totals.late
    assert kinds["missing"] == board.totals.overdue
    missing = next(c for c in cases if c.kind == "missing")
    obligation = Obligation.get_by_id(missing.link[1])
    assert obligation.due_date < PERIOD.today
    assert f"应于{obligation.due_date.isoformat()}公开" in missing.detail
    # Shown to office workers: the regulations by their Chinese names, no seed paragraphs.
    assert "《中国共产党党务公开条例（试行）》" in missing.basis and "实施意见" in missing.basis
    assert "§" not in missing.basis and "004" not in missing.basis


def test_an_item_published_wider_than_its_catalog_allows_is_a_case(demo):
    item = _plain_item("party")
    wider = _publish_town_item(demo, "范围超出目录的事项", item, "public", ["website"])
    exact = _publish_town_item(demo, "范围符合目录的事项", item, "party", list(item.channels))
    cases = [c for c in accountability.cases(_org("TS"), PERIOD) if c.kind == "outside_scope"]
    flagged = {c.link[1]: c for c in cases}
    assert wider.id in flagged and exact.id not in flagged
    assert "超出规定范围" in flagged[wider.id].detail
    assert "website" in flagged[wider.id].detail  # a channel the item does not list


def test_out_of_catalog_items_published_again_and_again_mean_the_catalog_was_not_adjusted(demo):
    item = _plain_item("party")
    first = _publish_town_item(demo, "目录外事项一", item, "party", list(item.channels))

    def out_of_catalog_cases():
        return [
            c for c in accountability.cases(_org("TS"), PERIOD) if c.kind == "catalog_not_adjusted"
        ]

    # The data as an out-of-catalog publication leaves it (its work plan approved upstream).
    Disclosure.update(catalog_item=None).where(Disclosure.id == first.id).execute()
    assert out_of_catalog_cases() == []  # once is what 003 §6(二) provides for
    second = _publish_town_item(demo, "目录外事项二", item, "party", list(item.channels))
    Disclosure.update(catalog_item=None).where(Disclosure.id == second.id).execute()
    [case] = out_of_catalog_cases()
    assert case.organization_id == _org("TS").id
    assert "目录外事项一" in case.subject and "目录外事项二" in case.subject
    assert "及时更新" in case.basis and "七(二)" not in case.basis


def test_an_organization_without_a_catalog_is_a_case(unit):
    town = unit.create_organization(code="T", name="中共测试镇委员会", type="testsector_committee")
    branch = unit.create_organization(
        code="T-C1", name="中共测试镇一村支部委员会", type="testsector_branch", parent=town
    )
    cases = accountability.cases(town, PERIOD)
    assert {(c.kind, c.organization_id) for c in cases} == {
        ("no_catalog", town.id),
        ("no_catalog", branch.id),
    }
    unit.install_catalog_template("testsector.standard")
    unit.open_obligations(PERIOD.start.year)
    assert not [c for c in accountability.cases(town, PERIOD) if c.kind == "no_catalog"]
