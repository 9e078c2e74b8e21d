"""年度党务公开工作情况报告: figures, charts, the items, the members' appraisal; published as a
disclosure through the workflow.

Rules: 004 七(九) (党的组织每年须向有关党员和群众通报党务公开情况，并纳入民主评议党员范围);
003 §9(七) (开展党员对党务公开情况定期评议活动，及时公布评议结果); issue 7 "a printable HTML page
with figures, charts and the list of items, ready to be published as a disclosure itself;
members' appraisal results (民主评议) included and publishable".
"""

from __future__ import annotations

from dangwu_core import ratings, reports, supervision
from dangwu_core.app import create_app
from dangwu_core.clock import today
from dangwu_core.models import CatalogItem, Disclosure, Organization, Person
from dangwu_core.web.sanitize import clean_html

from .conftest import login


def _org(code):
    return Organization.get(Organization.code == code)


def _p(name):
    return Person.get(Person.name == name)


def test_the_report_gathers_the_years_work(demo):
    c01 = _org("TS-B01")
    year = today().year
    ratings.rate(_p("钱有福"), c01, 5, "公开及时")
    ratings.rate(_p("孙丽"), c01, 4)
    ratings.rate(_p("陈光荣"), c01, 4)
    report = reports.annual_report(c01, year)
    board = supervision.dashboard(c01, supervision.Period.year(year))
    assert report.own == board.rows[c01.id]
    published = Disclosure.select().where(
        (Disclosure.organization == c01.id) & Disclosure.published_at.is_null(False)
    )
    assert [d.id for d in report.published] == [
        d.id for d in published.order_by(Disclosure.published_at, Disclosure.id)
    ]
    assert report.rating_count == 3 and report.rating_average == 4.33
    assert report.rating_distribution == {5: 1, 4: 2, 3: 0, 2: 0, 1: 0}
    assert report.title == f"中共测试单位第一支部委员会{year}年度党务公开工作情况报告"


def test_the_body_is_a_disclosure_body_the_portal_keeps(demo):
    c01 = _org("TS-B01")
    ratings.rate(_p("钱有福"), c01, 5)
    report = reports.annual_report(c01, today().year)
    body = reports.report_html(report)
    assert "<table>" in body and "民主评议" in body and "“好”1票" in body
    for item in report.published:
        assert item.title in body
    own = report.own
    assert f"应公开事项{own.total}项" in body and f"按时公开{own.on_time}项" in body
    assert str(clean_html(body)) == body  # nothing the sanitizer would strip


def test_the_printable_page_and_publishing_it_as_a_draft(demo):
    app = create_app(unit=demo)
    app.config["TESTING"] = True
    c01 = _org("TS-B01")
    year = today().year
    ratings.rate(_p("钱有福"), c01, 3)
    # The branch secretary reads it (figures, charts, appraisal) but does not propose.
    zhaodm = login(app.test_client(), "zhaodm")
    page = zhaodm.get(f"/admin/reports/?org={c01.id}&year={year}").get_data(as_text=True)
    assert "年度党务公开工作情况报告" in page and page.count("<svg") >= 3
    assert "民主评议结果" in page and "data-print" in page
    assert "生成草稿" not in page
    assert zhaodm.get(f"/admin/reports/?org={_org('TS-B03').id}").status_code == 403
    # The liaison drafts it: a draft through unit.create_draft, in the branch's workflow.
    sunl = login(app.test_client(), "sunl")
    page = sunl.get(f"/admin/reports/?org={c01.id}&year={year}").get_data(as_text=True)
    assert "生成草稿" in page
    import re

    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = sunl.post(
        "/admin/reports/publish/",
        data={
            "csrf_token": token,
            "org": c01.id,
            "year": year,
            "scope": "party",
            "channels": ["meeting"],
        },
    )
    assert response.status_code == 302
    draft = Disclosure.get(Disclosure.title == reports.annual_report(c01, year).title)
    assert draft.state == "draft" and draft.proposer_id == _p("孙丽").id
    assert draft.organization_id == c01.id and draft.period_label == str(year)
    assert sunl.get(response.headers["Location"]).status_code == 200
    assert "propose" in demo.available_transitions(draft, _p("孙丽"))


def test_the_problems_are_a_short_summary_without_internal_codes(demo):
    """存在问题 (004 七(九), 003 §9(八)): counted by kind, the organizations and items most
    behind, a few examples; never a line per obligation, and nothing a reader cannot read:
    no channel code, no item code, no seed paragraph (issue 14)."""
    town = _org("TS")
    labels = {c.name: c.label for c in demo.registry.channels}
    report = reports.annual_report(town, today().year, channel_labels=labels)
    counts = report.subtree_case_counts
    assert counts["missing"] > 100  # the test sector's year leaves most items unpublished
    problems = reports.report_html(report).split("五、存在问题")[1]
    assert problems.count("<li>") <= 3 + reports.SUMMARY_NAMED
    for kind, count in counts.items():
        if count:
            assert f"{supervision.CASE_KINDS[kind]}{count}项" in problems
    worst, missing, _late = report.behind_organizations[0]
    assert f"{worst}（未公开{missing}项" in problems
    assert report.behind_items[0][0] in problems
    codes = {c.name for c in demo.registry.channels} | {
        i.code for i in CatalogItem.select(CatalogItem.code)
    }
    assert not [code for code in codes if code in problems]
    assert "§" not in problems and "003" not in problems and "004" not in problems
