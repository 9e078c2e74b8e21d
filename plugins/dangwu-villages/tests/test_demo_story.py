"""The demo town tells a true year (issue 14): it mostly keeps its catalog through monthly
党务公开日 sheets, with a few late and missing items, one branch visibly behind, and each of
the year's threads present; its annual report reads like a real town's.

Rules: 003 §8(二) (每月第一周星期五为党务公开日: one sheet per organization and month); 003
§9(二) (暂不宜公开, filed with the upper organization; changes approved by the catalog's
issuer); 003 §9(三) (a refusal reviewed by the upper organization); 003 §8(四), 004 六(二)
(再公开 with its reason, here a member's feedback); 004 五, 003 §6(二) (an out-of-catalog item
published with its approved work plan); 004 七(九) (the annual report to members and the
public); 003 §9(五) (supervision).
"""

from __future__ import annotations

import datetime as dt
import re
import shutil

import pytest

from dangwu_core.testing import chromium, create_app, require_browser, serving, start_unit
from dangwu_core.toolkit import (
    CatalogItem,
    Disclosure,
    DisclosureRequest,
    Feedback,
    Filing,
    FixedClock,
    Obligation,
    Organization,
    OrganizationKind,
    build_demo,
    events_of,
    sections,
    use_clock,
)

TODAY = dt.datetime(2026, 12, 2, 10, 0)
LAGGING = "XNZ-C06"
RATE = re.compile(
    r'<span class="dw-figure-value">([0-9.]+)%</span>\s*<span class="dw-figure-label">按时公开率'
)


@pytest.fixture(scope="module")
def built_town(tmp_path_factory):
    """The demo town built once for the module (a SQLite file), on 2 December 2026."""
    path = tmp_path_factory.mktemp("story") / "demo.db"
    unit = start_unit(f"sqlite:///{path}")
    with use_clock(FixedClock(TODAY)):
        _, built = build_demo(unit, "villages")
    unit.db.close()
    assert built
    return path


@pytest.fixture
def town(built_town, tmp_path):
    """A started unit on a private copy of the built town, its clock on 2 December 2026."""
    path = tmp_path / "demo.db"
    shutil.copy(built_town, path)
    unit = start_unit(f"sqlite:///{path}")
    with use_clock(FixedClock(TODAY)):
        yield unit
    unit.db.close()


@pytest.fixture
def supervisor(town):
    """The supervisor (监督员 陈静) logged in to the demo's admin."""
    app = create_app(unit=town)
    app.config["TESTING"] = True
    client = app.test_client()
    page = client.get("/party/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
    data = {"username": "chenj", "password": "dangwu-demo"}
    if token:
        data["csrf_token"] = token.group(1)
    assert client.post("/party/login", data=data).status_code in (302, 303)
    return client


def _rate(client, organization) -> float:
    """The on-time rate (按时公开率) the 监督检查 dashboard shows for ``organization``."""
    page = client.get(f"/admin/supervision/?org={organization.id}&year=2026")
    assert page.status_code == 200
    return float(RATE.search(page.get_data(as_text=True)).group(1)) / 100


def _org(code):
    return Organization.get(Organization.code == code)


def test_the_town_is_mostly_on_time_and_one_branch_is_visibly_behind(town, supervisor):
    """003 §8(二), 003 §9(五): one sheet per organization and month keeps 85–95 % on time."""
    assert 0.85 <= _rate(supervisor, _org("XNZ")) <= 0.95
    assert Obligation.select().where(Obligation.status == "late").count() > 0
    assert Obligation.select().where(Obligation.status == "overdue").count() > 0
    branches = list(  # read before the requests (each request closes its connection)
        Organization.select().where(
            Organization.kind.in_(
                [OrganizationKind.BRANCH.value, OrganizationKind.GENERAL_BRANCH.value]
            )
        )
    )
    rates = {o.code: _rate(supervisor, o) for o in branches}
    lagging = rates.pop(LAGGING)
    assert lagging < min(rates.values()) - 0.2, (lagging, rates)  # visibly behind the others
    # Mostly through sheets: most obligations were fulfilled by disclosures covering many.
    disclosures = list(Disclosure.select())
    sheets = [d for d in disclosures if len(sections(d)) > 3]
    assert len(sheets) > 100
    single = [d for d in disclosures if not sections(d)]
    assert Obligation.select().where(Obligation.status == "on_time").count() > 10 * len(single)


def test_a_section_is_withheld_with_its_filing(town):
    """003 §9(二): 暂不宜公开 is filed with the upper organization; the obligation says so."""
    [obligation] = (
        Obligation.select()
        .where(Obligation.status == "not_suitable")
        .join(CatalogItem)
        .where(CatalogItem.time_limit == "periodic")
    )
    filing = Filing.get(
        (Filing.kind == "not_suitable") & (Filing.organization == obligation.organization_id)
    )
    assert filing.upper_organization_id == _org("XNZ").id and "调解" in filing.body


def test_a_refused_request_was_reviewed_upstream(town):
    """003 §9(三): the refusal's reasons go to the upper organization, which upholds it."""
    refused = DisclosureRequest.get(DisclosureRequest.status == "refused")
    filing = Filing.get((Filing.kind == "request_refusal") & (Filing.subject_id == refused.id))
    assert filing.status == "reviewed" and filing.review_opinion
    assert filing.upper_organization_id == _org("XNZ-ZZ01").id


def test_feedback_led_to_a_section_republished_with_its_reason(town):
    """003 §8(四), 004 六(二): a member's feedback → the dues section re-published (再公开)
    with the reason naming the feedback; the sheet's other sections are unchanged."""
    feedback = Feedback.get(Feedback.body.contains("按项目列明细"))
    assert feedback.status == "answered" and "再公开" in feedback.answer
    sheet = Disclosure.get(Disclosure.title.contains("2026年10月"), organization=_org("XNZ-C01"))
    assert sheet.current_version == 2
    old, new = sections(sheet, version=1), sections(sheet, version=2)
    changed = [s for s in new if s.reason]
    assert len(changed) == 1 and feedback.receipt_number in changed[0].reason
    assert "慰问困难党员" in changed[0].body
    # The re-publication names the opinion: recorded on it, for its page and its reporter.
    led = [e for e in events_of("feedback", feedback.id) if e.action.endswith("led_to_correction")]
    assert [e.payload.get("version") for e in led] == [2]
    assert [(s.title, s.body) for s in old if s.position != changed[0].position] == [
        (s.title, s.body) for s in new if s.position != changed[0].position
    ]


def test_the_out_of_catalog_item_is_published_with_its_plan_and_its_change_approved(town):
    """004 五, 003 §6(二): the work plan approved by the catalog's issuer before publication;
    003 §9(二): the change (变更) approved by the issuer before re-publication."""
    item = Disclosure.get(Disclosure.title.contains("光伏发电项目收益分配"))
    assert item.catalog_item_id is None and item.state == "published"
    assert item.current_version == 2
    plan = Filing.get((Filing.kind == "implementation_plan") & (Filing.subject_id == item.id))
    change = Filing.get((Filing.kind == "catalog_change") & (Filing.subject_id == item.id))
    for filing in (plan, change):
        assert filing.status == "reviewed" and filing.payload["approved"]
        assert filing.upper_organization_id == _org("XNZ").id


def test_the_annual_report_summarizes_its_problems_without_internal_codes(town, supervisor):
    """004 七(九): the town's 存在问题 is a summary a reader reads: counts by kind, who and
    what is most behind; no channel code, item code or seed paragraph."""
    page = supervisor.get(f"/admin/reports/?org={_org('XNZ').id}&year=2026")
    report = page.get_data(as_text=True).split('<article class="dw-report">')[1]
    report = report.split("</article>")[0]
    problems = report.split("五、存在问题")[1]
    assert problems.count("<li>") <= 6
    assert "中共仙女镇双沟村支部委员会" in problems.split("</li>")[0]  # most behind first
    codes = {c.name for c in town.registry.channels} | {
        i.code for i in CatalogItem.select(CatalogItem.code)
    }
    text = re.sub(r"<[^>]+>", " ", report)  # what a reader reads, not the markup
    assert not [code for code in codes if re.search(rf"(?<![\w-]){re.escape(code)}(?![\w-])", text)]
    assert "§" not in text and "003" not in text and "004" not in text


def test_the_towns_annual_report_prints_on_at_most_four_a4_pages(town):
    """004 七(九): the report is posted and handed out on paper: at most four A4 pages."""
    sync_api = require_browser("the annual report's print test")
    app = create_app(unit=town)
    app.config["TESTING"] = True
    with serving(app) as url, chromium() as browser:
        page = browser.new_page()
        page.goto(f"{url}/party/login")
        page.fill("input[name=username]", "chenj")
        page.fill("input[name=password]", "dangwu-demo")
        page.click("button[type=submit]")
        page.goto(f"{url}/admin/reports/?org={_org('XNZ').id}&year=2026")
        sync_api.expect(page.locator("h2")).to_contain_text("年度党务公开工作情况报告")
        pdf = page.pdf(format="A4")
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
    assert 1 <= pages <= 4, pages
