"""本月党务公开 in the admin (``/admin/batches/``): a branch's month through the Flask test
client — the due list, the batch prepared by the liaison, its sections edited, withheld with a
filed reason and restored, the printable 公开栏 sheet — and every refusal and bad input as a
4xx or a message, with nothing written.

Rules: 003 §8(二) (定期公开: monthly, on the 党务公开日, the first Friday of the month in the
villages' reading; the test sector's due date is its own); 003 §9(二) (暂时不宜公开的，报上一级
党组织备案); 003 §7 (the 党务公开栏 is a channel for what may be disclosed to society: a
party-only part of a sheet is not printed on the public one); 003 §9(四) (opinions are
collected: the sheet's footer names where).
"""

from __future__ import annotations

import re

import pytest

from dangwu_core import batches, changes
from dangwu_core.clock import today
from dangwu_core.models import (
    Disclosure,
    DisclosureSection,
    Event,
    Filing,
    FilingKind,
    Obligation,
)
from dangwu_core.sections import width

from .conftest import login
from .helpers import C01, C03, csrf_of, org

PAGE = "/admin/batches/"


def _text(response) -> str:
    return response.get_data(as_text=True)


def _month() -> str:
    on = today()
    return f"{on.year:04d}-{on.month:02d}"


def _page(client, code: str = C01, month: str | None = None, **args):
    query = {"org": org(code).id, "month": month or _month(), **args}
    return client.get(PAGE, query_string=query)


def _chosen(page: str) -> list[str]:
    """The obligations the page offers checked (those falling due in the month)."""
    return re.findall(r'name="obligation" value="(\d+)" checked', page)


def _prepare(client, code: str = C01, obligations=None):
    page = _text(_page(client, code))
    data = {
        "csrf_token": csrf_of(page),
        "org": org(code).id,
        "month": _month(),
        "obligation": _chosen(page) if obligations is None else obligations,
    }
    return client.post(PAGE + "prepare/", data=data)


def _batch(code: str = C01) -> Disclosure:
    return (
        Disclosure.select()
        .where(
            (Disclosure.organization == org(code).id)
            & Disclosure.id.in_(DisclosureSection.select(DisclosureSection.disclosure))
        )
        .order_by(Disclosure.id.desc())
        .first()
    )


def _token(client) -> str:
    """A CSRF token of ``client``'s session (from the disclosure list's bulk-action form)."""
    return csrf_of(_text(client.get("/admin/disclosure/")))


def _post(client, path: str, **data):
    page = _text(_page(client))
    return client.post(PAGE + path, data={"csrf_token": csrf_of(page), **data})


def _sheet(response) -> str:
    """The printed part of a sheet page (the <article>, without the page's messages)."""
    found = re.search(r'<article class="dw-sheet.*?</article>', _text(response), re.S)
    assert found, "no sheet on the page"
    return found.group(0)


def _flashes(client) -> str:
    return _text(_page(client))


@pytest.fixture
def sunl(app):
    """The first branch's liaison (联络员), who drafts its items."""
    return login(app.test_client(), "sunl")


def test_the_due_list_of_a_branchs_month_003_8_2(app, demo, sunl):
    """003 §8(二): the month's 定期公开 items are listed with their due date (the month's
    党务公开日), each with its period and status; the overdue ones of earlier months are
    flagged and offered, not chosen by default."""
    c01 = org(C01)
    on = today()
    page = _text(_page(sunl))
    due = batches.due_for_batch(c01, on.year, on.month, workflows=demo.registry.workflows)
    assert due, "the demo branch owes something this month"
    listed = re.findall(r'data-obligation="(\d+)"', page)
    assert listed == [str(o.id) for o in due if o.due_date >= on.replace(day=1)] + [
        str(o.id) for o in due if o.due_date < on.replace(day=1)
    ]
    in_month = [o for o in due if o.due_date >= on.replace(day=1)]
    assert _chosen(page) == [str(o.id) for o in in_month]
    for obligation in in_month:
        assert obligation.catalog_item.title in page
        assert obligation.due_date.isoformat() in page
    backlog = [o for o in due if o.due_date < on.replace(day=1)]
    assert page.count("dw-due-row dw-due-overdue") == len(
        [o for o in due if o.status == "overdue" or o.due_date < on]
    )
    if backlog:
        assert f"以前月份逾期未公开：{len(backlog)}项" in page
    day = batches.disclosure_day(demo.context, c01, on.year, on.month)
    assert f"{on.year}年{on.month}月党务公开日：{day.isoformat()}" in page
    assert "生成本月公开栏草稿" in page


def test_the_liaison_prepares_the_batch_one_section_per_item_003_8_2(app, sunl):
    """003 §8(二): one sheet for the month, a section per due item, proposed once."""
    chosen = _chosen(_text(_page(sunl)))
    response = _prepare(sunl)
    assert response.status_code == 302 and f"month={_month()}" in response.location
    batch = _batch()
    assert batch is not None and batch.state == "draft" and batch.proposer.name == "孙丽"
    parts = batches.sections(batch)
    assert [str(s.obligation_id) for s in parts] == chosen
    assert (
        Event.select()
        .where((Event.action == "disclosure.batch_prepare") & (Event.subject_id == batch.id))
        .exists()
    )
    page = _text(_page(sunl))
    assert "已生成" in page and f"共{len(parts)}部分" in page
    assert page.count('class="list-group-item dw-section') == len(parts)
    for section in parts:
        assert section.title in page
    # The procedure is the disclosure's own page, whose buttons the engine draws.
    assert f"/admin/disclosure/details/?id={batch.id}" in page
    details = _text(sunl.get(f"/admin/disclosure/details/?id={batch.id}"))
    assert 'data-transition="' in details and f"/admin/batches/sheet/?id={batch.id}" in details
    # What the batch covers is in a procedure now: the month's list no longer offers it.
    assert _chosen(_text(_page(sunl))) == []


def test_refused_for_a_member_and_the_office_of_another_organization(app):
    """Who sees a month is the ledgers' rule, who prepares is the drafting rule (the action
    registry): a member (党员) enters no admin page; another branch's liaison neither sees
    nor prepares this branch's month; the unit's office sees it but does not draft."""
    before = Disclosure.select().count()
    member = login(app.test_client(), "qianyf")
    assert _page(member).status_code == 403
    other = login(app.test_client(), "wum")
    assert _page(other).status_code == 403
    assert _page(other, C03).status_code == 200
    page = _text(_page(other, C03))
    response = other.post(
        PAGE + "prepare/",
        data={"csrf_token": csrf_of(page), "org": org(C01).id, "month": _month()},
    )
    assert response.status_code == 403
    office = login(app.test_client(), "lixy")
    page = _text(_page(office))
    assert _page(office).status_code == 200 and "生成本月公开栏草稿" not in page
    response = office.post(
        PAGE + "prepare/",
        data={"csrf_token": _token(office), "org": org(C01).id, "month": _month()},
    )
    assert response.status_code == 403
    assert Disclosure.select().count() == before


def test_withholding_a_section_needs_a_reason_and_is_filed_003_9_2(app, sunl):
    """003 §9(二): 暂时不宜公开的，报上一级党组织备案 — without a reason nothing is withheld
    and nothing filed; with one, a filing of kind not_suitable goes to the upper organization;
    restoring takes the section back."""
    _prepare(sunl)
    section = batches.sections(_batch())[0]
    filings = Filing.select().count()
    response = _post(sunl, "section/withhold/", section=section.id, reason="  ")
    assert response.status_code == 302
    page = _flashes(sunl)
    assert "未办理" in page and "needs the reason" in page
    assert not DisclosureSection.get_by_id(section.id).withheld
    assert Filing.select().count() == filings

    _post(sunl, "section/withhold/", section=section.id, reason="涉及正在调查的问题，暂不宜公开")
    withheld = DisclosureSection.get_by_id(section.id)
    assert withheld.withheld and withheld.withheld_reason == "涉及正在调查的问题，暂不宜公开"
    filing = Filing.get_by_id(withheld.filing_id)
    assert filing.kind == FilingKind.NOT_SUITABLE.value
    assert filing.upper_organization_id == org(C01).parent_id
    page = _flashes(sunl)
    assert "已报上级党组织备案" in page and "理由：涉及正在调查的问题" in page
    assert "恢复公开" in page

    _post(sunl, "section/restore/", section=section.id)
    assert not DisclosureSection.get_by_id(section.id).withheld
    assert "已恢复公开" in _flashes(sunl)


def test_editing_a_section_title_body_and_scope(app, sunl):
    """The proposer edits a draft's section; a scope wider than the sheet's is refused with
    one clear message and nothing changes; someone who is not the proposer changes nothing."""
    _prepare(sunl)
    batch = _batch()
    section = batches.sections(batch)[-1]
    _post(
        sunl,
        "section/edit/",
        section=section.id,
        title="本月党费收缴情况",
        body="本月应缴党费1200元，实缴1200元。",
        scope="",
    )
    edited = DisclosureSection.get_by_id(section.id)
    assert edited.title == "本月党费收缴情况" and edited.body == "本月应缴党费1200元，实缴1200元。"
    assert "已保存“本月党费收缴情况”" in _flashes(sunl)

    assert batch.scope == "public"  # the month has public items: the sheet is public
    _post(sunl, "section/edit/", section=section.id, title="党费", body="党费情况", scope="party")
    assert DisclosureSection.get_by_id(section.id).scope == "party"
    _post(sunl, "section/edit/", section=section.id, title="党费", body="党费情况", scope="public")
    assert DisclosureSection.get_by_id(section.id).scope is None  # follows the sheet again
    _post(sunl, "section/edit/", section=section.id, title="", body="无标题", scope="")
    assert "a section needs a title" in _flashes(sunl)
    assert DisclosureSection.get_by_id(section.id).body == "党费情况"

    secretary = login(app.test_client(), "zhaodm")
    page = _text(_page(secretary))
    secretary.post(
        PAGE + "section/edit/",
        data={"csrf_token": csrf_of(page), "section": section.id, "title": "改", "body": "改"},
    )
    assert DisclosureSection.get_by_id(section.id).title != "改"
    assert "only the proposer" in _text(_page(secretary))
    # Another branch's liaison does not even find the section.
    other = login(app.test_client(), "wum")
    page = _text(_page(other, C03))
    response = other.post(
        PAGE + "section/edit/",
        data={"csrf_token": csrf_of(page), "section": section.id, "title": "改", "body": "改"},
    )
    assert response.status_code == 404


def test_month_navigation(app, sunl):
    page = _text(_page(sunl, month="2026-01"))
    assert 'id="dw-month-previous"' in page and "month=2025-12" in page
    assert "month=2026-02" in page and 'value="2026-01"' in page
    page = _text(_page(sunl, month="2026-12"))
    assert "month=2026-11" in page and "month=2027-01" in page
    # Without a month: the month of the next disclosure day.
    default = _text(sunl.get(PAGE, query_string={"org": org(C01).id}))
    on = today()
    day = batches.disclosure_day(app.extensions["dangwu"].context, org(C01), on.year, on.month)
    expected = _month() if day is None or day >= on else None
    if expected:
        assert f'value="{expected}"' in default
    # Without an organization: the first the person may look at (the liaison's branch).
    assert org(C01).name in _text(sunl.get(PAGE))


@pytest.mark.parametrize("month", ["2026-13", "2026-00", "26-01", "abc", "99999-01"])
def test_a_bad_month_is_a_400_naming_month(sunl, month):
    response = _page(sunl, month=month)
    assert response.status_code == 400
    assert "month must be a month as YYYY-MM" in _text(response)


def test_bad_input_is_a_4xx_never_a_500_and_writes_nothing(app, sunl):
    before = (Disclosure.select().count(), DisclosureSection.select().count())
    assert sunl.get(PAGE, query_string={"org": "9999999"}).status_code == 404
    assert sunl.get(PAGE, query_string={"org": "²"}).status_code == 400
    assert (
        sunl.get(PAGE, query_string={"org": org(C01).id, "month": "2026\x00-01"}).status_code == 400
    )
    assert sunl.get(PAGE + "sheet/", query_string={"id": "²"}).status_code == 404
    assert sunl.get(PAGE + "sheet/", query_string={"id": "9999999"}).status_code == 404
    page = _text(_page(sunl))
    token = csrf_of(page)
    for data in (
        {"org": org(C01).id, "month": "2026-13"},
        {"org": org(C01).id, "month": _month(), "obligation": "abc"},
    ):
        response = sunl.post(PAGE + "prepare/", data={"csrf_token": token, **data})
        assert response.status_code == 400
    response = sunl.post(
        PAGE + "prepare/",
        data={"csrf_token": token, "org": org(C01).id, "month": _month(), "obligation": "9999999"},
    )
    assert response.status_code == 404
    # An obligation of another organization: the service's one clear message.
    foreign = Obligation.get(
        (Obligation.organization == org(C03).id) & (Obligation.status == "pending")
    )
    _prepare(sunl, obligations=[str(foreign.id)])
    assert "belongs to another organization" in _flashes(sunl)
    # Nothing chosen.
    _prepare(sunl, obligations=[])
    assert "请至少选择一个应公开事项" in _flashes(sunl)
    # A section that does not exist, a stale form.
    for path in ("section/edit/", "section/withhold/", "section/restore/", "section/upload/"):
        assert _post(sunl, path, section="9999999").status_code == 404
        assert _post(sunl, path, section="²").status_code == 404
    response = sunl.post(PAGE + "prepare/", data={"org": org(C01).id, "month": _month()})
    assert response.status_code == 302 and "表单已失效" in _flashes(sunl)
    assert (Disclosure.select().count(), DisclosureSection.select().count()) == before


def test_the_printable_sheet_003_8_2(app, demo, sunl):
    """The 公开栏 sheet of the day: the organization, the 党务公开日, the sheet's number,
    every section; a withheld one as 暂不宜公开（已备案） without its content; a part whose
    scope is narrower than the sheet's only on the sheet for its own readers (003 §7: the
    公开栏 carries what may go to society); the footer with the 监督电话."""
    _prepare(sunl)
    batch = _batch()
    parts = batches.sections(batch)
    _post(sunl, "section/edit/", section=parts[0].id, title=parts[0].title, body="第一部分正文内容")
    _post(sunl, "section/withhold/", section=parts[0].id, reason="涉及个人隐私")
    response = sunl.get(PAGE + "sheet/", query_string={"id": batch.id})
    assert response.status_code == 200
    sheet = _sheet(response)
    c01 = org(C01)
    assert c01.name in sheet and "党务公开栏" in sheet
    on = today()
    day = batches.disclosure_day(demo.context, c01, on.year, on.month)
    assert f"党务公开日：{day.year}年{day.month}月{day.day}日" in sheet
    assert f"{on.year}年第1期" in sheet
    assert "监督电话" in sheet
    assert "dangwu_sheet.css" in _text(response) and "data-print" in _text(response)

    def printed(audience_sheet):
        return re.findall(r'class="dw-sheet-section[^"]*" data-section="(\d+)"', audience_sheet)

    wide = [s for s in parts if width(s.scope or batch.scope) >= width(batch.scope)]
    assert printed(sheet) == [str(s.id) for s in wide]
    for section in parts:
        if section not in wide:
            assert section.title not in sheet
    narrower = {s.scope for s in parts if s.scope}
    for scope in narrower:
        other = _sheet(sunl.get(PAGE + "sheet/", query_string={"id": batch.id, "audience": scope}))
        assert [s.id for s in parts if str(s.id) in printed(other)] == [
            s.id for s in parts if width(s.scope or batch.scope) >= width(scope)
        ]
    withheld_sheet = _sheet(
        sunl.get(
            PAGE + "sheet/",
            query_string={"id": batch.id, "audience": parts[0].scope or batch.scope},
        )
    )
    assert "暂不宜公开（已备案）" in withheld_sheet and "第一部分正文内容" not in withheld_sheet
    assert "涉及个人隐私" not in withheld_sheet
    # A3 for the large board; anything else is a 400.
    a3 = _text(sunl.get(PAGE + "sheet/", query_string={"id": batch.id, "paper": "A3"}))  # fmt: skip
    assert "dangwu_sheet_a3.css" in a3 and "dw-sheet-A3" in a3
    assert (
        sunl.get(PAGE + "sheet/", query_string={"id": batch.id, "paper": "A5"}).status_code == 400
    )
    bad = sunl.get(PAGE + "sheet/", query_string={"id": batch.id, "audience": "everyone"})
    assert bad.status_code == 400
    # Another branch's liaison does not print this branch's sheet.
    other = login(app.test_client(), "wum")
    assert other.get(PAGE + "sheet/", query_string={"id": batch.id}).status_code == 404


def test_the_page_is_linked_from_the_home_and_the_organization(app, sunl):
    home = _text(sunl.get("/admin/"))
    assert 'id="dw-home-batches"' in home and "/admin/batches/" in home
    admin = login(app.test_client(), "admin")
    details = _text(admin.get(f"/admin/organization/details/?id={org(C01).id}"))
    assert f"/admin/batches/?org={org(C01).id}" in details
    member = login(app.test_client(), "qianyf")
    assert member.get(PAGE).status_code == 403


def test_the_page_speaks_english_on_request(sunl):
    page = _text(_page(sunl, lang="en"))
    assert "This month's disclosure" in page and "本月党务公开" not in page


def test_one_section_is_re_published_with_its_reason_the_others_unchanged(app, demo, sunl):
    """再公开 per section: the office re-publishes one section of the published sheet with its
    reason; a new version whose other sections are as they were, the reason shown on the
    page; without a reason nothing changes."""
    from .helpers import FINDINGS, person

    _prepare(sunl)
    batch = _batch()
    decision = {"meeting": "支部委员会会议", "date": today().isoformat(), "decision": "同意公开"}
    for name, who, options in (
        ("propose", "sunl", {}),
        ("start_review", "chengr", {}),
        ("pass_review", "chengr", FINDINGS),
        ("approve", "zhaodm", {"collective_decision": decision}),
        ("publish", "lixy", {}),
    ):
        demo.fire(batch, name, person(who), **options)
    assert Disclosure.get_by_id(batch.id).state == "published"
    if changes.change_issuer(batch) is not None:  # 变更 needs the catalog's issuer first
        ask = changes.request_change(demo, batch, person("sunl"), "change", "党费数字有误")
        changes.decide_change(demo, ask, person("wangjg"), approved=True, opinion="同意更正")
    before = batches.sections(Disclosure.get_by_id(batch.id))
    office = login(app.test_client(), "lixy")
    page = _text(_page(office))
    assert page.count('class="dw-section-republish') == len(before)
    target = before[1]
    office.post(
        PAGE + "section/republish/",
        data={
            "csrf_token": csrf_of(page),
            "section": target.id,
            "body": "更正后的内容",
            "reason": "",
        },
    )
    assert Disclosure.get_by_id(batch.id).current_version == 1
    assert "needs its reason" in _text(_page(office))
    office.post(
        PAGE + "section/republish/",
        data={
            "csrf_token": csrf_of(page),
            "section": target.id,
            "title": target.title,
            "body": "更正后的内容",
            "reason": "数字有误，予以更正",
        },
    )
    batch = Disclosure.get_by_id(batch.id)
    assert batch.current_version == 2
    after = batches.sections(batch)
    assert [(s.position, s.title) for s in after] == [(s.position, s.title) for s in before]
    for old, new in zip(before, after, strict=True):
        if old.position == target.position:
            assert new.body == "更正后的内容" and new.reason == "数字有误，予以更正"
        else:
            assert (new.body, new.reason) == (old.body, "")
    page = _text(_page(office))
    assert "已再公开" in page and "本版变更理由：数字有误，予以更正" in page
    # The liaison, who does not publish, is offered no re-publication.
    assert 'class="dw-section-republish' not in _text(_page(sunl))


def test_the_month_on_sqlite_and_postgresql(database_url):
    """The page's whole round (prepare, edit, withhold without and with a reason, print) on
    both databases: the demo unit built afresh on each (the other tests copy a SQLite one)."""
    from dangwu_core.app import create_app
    from dangwu_core.demo import build_demo
    from dangwu_core.testing import start_unit

    unit = start_unit(database_url)
    try:
        build_demo(unit, "testsector")  # the sector of tests/conftest.py
        application = create_app(unit=unit)
        application.config["TESTING"] = True
        client = login(application.test_client(), "sunl")
        assert _prepare(client).status_code == 302
        batch = _batch()
        section = batches.sections(batch)[0]
        _post(client, "section/edit/", section=section.id, title="本月要点", body="正文一")
        assert DisclosureSection.get_by_id(section.id).title == "本月要点"
        _post(client, "section/withhold/", section=section.id, reason="")
        assert not DisclosureSection.get_by_id(section.id).withheld
        _post(client, "section/withhold/", section=section.id, reason="涉及个人隐私")
        assert DisclosureSection.get_by_id(section.id).withheld
        audience = section.scope or batch.scope
        sheet = _sheet(
            client.get(PAGE + "sheet/", query_string={"id": batch.id, "audience": audience})
        )
        assert "暂不宜公开（已备案）" in sheet and "正文一" not in sheet
        assert _page(client, month="2026-13").status_code == 400
    finally:
        unit.db.close()
