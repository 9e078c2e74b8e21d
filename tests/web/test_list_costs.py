"""Public lists cost the same whatever the size of the table (issue 15): a constant number
of statements per page (no query per row), the page's ids and the count read through the
``(state, scope, published_at)`` index (no scan of the disclosure table), and the
organization page shown 50 a page."""

from __future__ import annotations

import datetime as dt

import pytest

from dangwu_core import people
from dangwu_core.app import create_app
from dangwu_core.clock import today
from dangwu_core.models import Catalog, CatalogItem, Category, Disclosure, DisclosureVersion
from dangwu_core.testing import counting_statements, start_unit
from dangwu_core.web.reading import listing


@pytest.fixture
def lists(database_url):
    """A unit with one organization, a catalog item in a category, and a way to add public
    published disclosures (with their first version) this year."""
    unit = start_unit(database_url)
    ns = type("Lists", (), {})()
    ns.unit = unit
    ns.org = unit.create_organization(code="town", name="镇党委", type="testsector_committee")
    ns.person = people.create_person("申报人")
    catalog = Catalog.create(
        code="lists", title="目录", version="1.0.0", version_key=1_000_000, issuer_code="town",
        issuer_name="镇党委", effective_date=dt.date(2026, 1, 1),
    )  # fmt: skip
    category = Category.create(catalog=catalog, code="c", name="其他")
    ns.items = [
        CatalogItem.create(
            catalog=catalog,
            code=f"I{n}",
            title="目录事项",
            category=category,
            scope="public",
            channels=["website"],
            time_limit="long_term",
        )
        for n in range(3)
    ]
    ns.workflow = next(iter(unit.registry.workflows)).name
    ns.count = 0
    start = dt.datetime(today().year, 1, 1, 12)

    def add(n):
        for _ in range(n):
            ns.count += 1
            d = Disclosure.create(
                organization=ns.org, catalog_item=ns.items[ns.count % 3] if ns.count % 4 else None,
                title=f"公开事项{ns.count}", scope="public", channels=["website"],
                workflow=ns.workflow, state="published", proposer=ns.person,
                published_at=start + dt.timedelta(minutes=ns.count),
            )  # fmt: skip
            DisclosureVersion.create(
                disclosure=d, number=1, title=d.title, body="正文", author=ns.person
            )

    ns.add = add
    ns.app = create_app(unit=unit)
    ns.app.config["TESTING"] = True
    yield ns
    unit.db.close()


def statements_of(unit, client, url):
    with counting_statements(unit.db) as statements:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return statements, response


PAGES = ["/api/v1/disclosures?per_page=50", "/", "/org/town", "/feed.atom", "/org/town/feed.atom"]


def test_every_public_list_runs_the_same_statements_for_1_and_for_50_rows(lists):
    """No query per row (lazy organization, catalog item or category): the API list, the
    home page, the organization page and both feeds."""
    client = lists.app.test_client()
    lists.add(1)
    one = {url: statements_of(lists.unit, client, url) for url in PAGES}
    lists.add(49)
    fifty = {url: statements_of(lists.unit, client, url) for url in PAGES}
    for url in PAGES:
        assert len(one[url][0]) == len(fifty[url][0]), (url, one[url][0], fifty[url][0])
        assert len(one[url][0]) <= 12, (url, one[url][0])
    # the pages did show the rows they were counted for
    assert fifty["/api/v1/disclosures?per_page=50"][1].get_json()["total"] == 50
    assert "公开事项50" in fifty["/"][1].get_data(as_text=True)
    assert fifty["/org/town"][1].get_data(as_text=True).count('class="disclosure"') == 50
    assert fifty["/feed.atom"][1].get_data(as_text=True).count("<entry>") == 50


def test_a_total_is_counted_once_per_change(lists):
    """The count of a list is kept until the next change (event or disclosure): the second
    request of a page counts nothing, a new disclosure is counted."""
    client = lists.app.test_client()
    lists.add(3)
    url = "/api/v1/disclosures"
    first, response = statements_of(lists.unit, client, url)
    assert response.get_json()["total"] == 3
    again, response = statements_of(lists.unit, client, url)
    assert response.get_json()["total"] == 3
    counts = [s for s in first if "COUNT(" in s.upper()]
    assert counts and not [s for s in again if "COUNT(" in s.upper()]
    lists.add(1)
    _, response = statements_of(lists.unit, client, url)
    assert response.get_json()["total"] == 4


def test_the_anonymous_list_reads_its_page_and_count_through_the_index(lists):
    """EXPLAIN QUERY PLAN of the statements the API list runs for an anonymous reader: each
    branch searches ``disclosure_state_scope_published_at`` in its order (no sort of its
    rows); nothing scans the disclosure table."""
    if not lists.unit.settings.database_url.startswith("sqlite"):
        pytest.skip("EXPLAIN QUERY PLAN is SQLite's")
    lists.add(30)
    for n, (state, scope) in enumerate([("draft", "public"), ("published", "party")] * 20):
        Disclosure.create(
            organization=lists.org, title=f"其他{n}", scope=scope, channels=[],
            workflow=lists.workflow, state=state, proposer=lists.person,
        )  # fmt: skip
    with lists.app.test_request_context("/api/v1/disclosures"):
        found = listing()
        for sql, params in (found.ids_sql(0, 20), found.count_sql()):
            plan = [
                row[3] for row in lists.unit.db.execute_sql("EXPLAIN QUERY PLAN " + sql, params)
            ]
            searches = [line for line in plan if line.startswith("SEARCH")]
            assert searches, plan
            assert all(
                "disclosure_state_scope_published_at (state=? AND scope=?)" in s for s in searches
            ), plan
            scans = [line for line in plan if line.startswith("SCAN")]
            # only the merged branches (subqueries) are scanned, never a table
            assert all(
                line.split()[1] in ("page", "counts") or line.split()[1][0] in "bs"
                for line in scans
            ), plan
            # one sort at most: the merge of the branches' bounded results
            assert sum("TEMP B-TREE" in line for line in plan) <= 1, plan


def test_the_organization_page_shows_a_year_50_a_page_with_links(lists):
    """The organization's year (003 §8(一) 公开内容 by category and period) is paginated: 50 a
    page, newest first, the page links; a malformed page is a 400, one past the last shows
    the last."""
    lists.add(120)
    client = lists.app.test_client()
    first = client.get("/org/town").get_data(as_text=True)
    assert first.count('class="disclosure"') == 50
    assert "公开事项120<" in first and "公开事项70<" not in first
    assert 'rel="next"' in first and 'rel="prev"' not in first and "第1页，共3页" in first
    third = client.get("/org/town?page=3").get_data(as_text=True)
    assert third.count('class="disclosure"') == 20 and "公开事项1<" in third
    assert 'rel="prev"' in third and 'rel="next"' not in third
    assert client.get("/org/town?page=99").get_data(as_text=True) == third
    assert client.get("/org/town?page=x").status_code == 400
    assert client.get("/org/town?page=0").status_code == 400
