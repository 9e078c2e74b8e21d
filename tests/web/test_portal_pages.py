"""The public portal: unit home, organization page, disclosure page, due-and-disclosed view.

Everything a page lists comes from what the reader may read (access.py); an anonymous visitor
reads public items only (the national regulation's 向社会公开 tier).
"""

from __future__ import annotations

import re

from dangwu_core.models import Disclosure, DisclosureVersion, Obligation, Organization, Scope


def _page(client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.get_data(as_text=True)


def test_home_links_every_organization_and_lists_only_public_news(client, demo):
    page = _page(client, "/")
    for org in Organization.select():
        assert f'href="/org/{org.code}"' in page
    newest = page.split('id="newest-heading"', 1)[1].split("</section>", 1)[0]
    titles = re.findall(r'<a href="/disclosures/(\d+)">', newest)
    assert titles
    assert {Disclosure.get_by_id(int(i)).scope for i in titles} == {Scope.PUBLIC.value}


def test_organization_page_groups_public_disclosures_by_category_and_period(client, demo):
    page = _page(client, "/org/TS-B01")
    assert "换届选举结果" in page  # public, published by the branch
    assert (
        "党费收缴" not in page.split('id="catalog-heading"')[0]
    )  # party scope: not for the public
    assert "党务公开目录" in page and "公开时限" in page  # the catalog that applies
    section = page.split('id="disclosures-heading"', 1)[1]
    assert re.search(r"<h3>[^<]+</h3>\s*<h4 class=\"period\">", section)


def test_disclosure_page_shows_versions_with_the_reason_for_republication(client, demo):
    item = Disclosure.get(Disclosure.current_version == 2)
    page = _page(client, f"/disclosures/{item.id}")
    reason = DisclosureVersion.get(
        (DisclosureVersion.disclosure == item) & (DisclosureVersion.number == 2)
    ).reason
    assert reason in page and "历史版本" in page and "第 1 版" in page
    assert "公开日期" in page and "公开期限" in page
    assert re.search(r"\d{4}年\d{1,2}月\d{1,2}日", page)  # dates in Chinese


def test_a_party_scope_or_unpublished_disclosure_is_not_found_for_the_public(client, demo):
    for item in list(Disclosure.select().where(Disclosure.scope != Scope.PUBLIC.value)):
        _page(client, f"/disclosures/{item.id}", 404)
    draft = Disclosure.get(Disclosure.state == "draft")
    _page(client, f"/disclosures/{draft.id}", 404)
    _page(client, "/disclosures/999999", 404)
    _page(client, "/org/NO-SUCH-ORG", 404)


def test_due_view_shows_each_obligation_its_status_and_gaps_without_leaking(client, demo):
    page = _page(client, "/org/TS-B01/due")
    dues = Obligation.select().where(
        Obligation.organization == Organization.get(Organization.code == "TS-B01")
    )
    assert dues.count() > 0
    assert "按时公开" in page  # the monthly dues went out on time
    assert "已公开（您无权查看）" in page  # ...in the party: the public sees the fact, not the text
    assert "党费收缴、管理和使用情况" in page  # the catalog item's title is public
    assert "测试第一支部2月党费" not in page
    one = _page(client, "/org/TS-B01/due?period=" + dues.first().period_label)
    assert one.count("<tr class=") <= page.count("<tr class=")


def test_bodies_are_sanitized_before_rendering(demo, client):
    item = Disclosure.get(Disclosure.current_version == 2)
    DisclosureVersion.update(
        body='<p>正文</p><script>alert(1)</script><a href="javascript:x">链</a>'
    ).where((DisclosureVersion.disclosure == item) & (DisclosureVersion.number == 2)).execute()
    page = _page(client, f"/disclosures/{item.id}")
    assert "<p>正文</p>" in page and "<script>alert" not in page and "javascript:" not in page
