"""The search page and API load a page of hits with their organization, catalog item and
category in the same statements, however many hits it has (issue 15: 67 statements a page
before, one more for every hit)."""

from __future__ import annotations

from dangwu_core import search
from dangwu_core.app import create_app
from dangwu_core.models import CatalogItem, DisclosureVersion
from dangwu_core.testing import counting_statements

from .sample import write_sample

RARE = "鹤立鸡群"


def test_a_page_of_twenty_hits_costs_the_statements_of_one(demo):
    item = CatalogItem.select().where(CatalogItem.category.is_null(False)).first()
    ids = write_sample(demo, 60, catalog_item=item)
    version = DisclosureVersion.get(DisclosureVersion.disclosure == ids[1])  # of the item
    version.body += RARE
    version.save()
    search.index(version.disclosure)
    app = create_app(unit=demo)
    app.config["TESTING"] = True
    client = app.test_client()

    def cost(url):
        with counting_statements() as statements:
            response = client.get(url)
        assert response.status_code == 200, url
        return len(statements), response

    one, single = cost(f"/api/v1/search?q={RARE}&per_page=1")
    twenty, many = cost("/api/v1/search?q=党&per_page=20")
    assert len(single.get_json()["items"]) == 1 and len(many.get_json()["items"]) == 20
    assert {i["disclosure"]["catalog_item"] for i in many.get_json()["items"]} >= {item.code}
    assert single.get_json()["items"][0]["disclosure"]["category"] == item.category.code
    assert one == twenty

    one, single = cost(f"/search?q={RARE}")
    twenty, many = cost("/search?q=党")
    assert "找到 1 条结果" in single.get_data(as_text=True)
    assert many.get_data(as_text=True).count('class="result"') == 20
    assert one == twenty
