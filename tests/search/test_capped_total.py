"""Beyond 1000 matches the total is capped ("1000+"), told as such by the API's envelope and
the page; ``order=newest`` lists every match newest first without ranking (issue 15)."""

from __future__ import annotations

import pytest

from dangwu_core import search
from dangwu_core.app import create_app

from .sample import write_sample


@pytest.fixture
def client(demo):
    write_sample(demo, 1300)
    app = create_app(unit=demo)
    app.config["TESTING"] = True
    return app.test_client()


def test_more_than_a_thousand_matches_are_told_as_a_capped_total(client):
    ranked = client.get("/api/v1/search?q=党&per_page=50").get_json()
    assert ranked["total"] == search.TOTAL_CAP and ranked["total_capped"] is True
    assert ranked["pages"] == 20 and ranked["order"] == "rank"
    scores = [item["score"] for item in ranked["items"]]
    assert scores == sorted(scores, reverse=True) and scores[0] > scores[-1]
    last = client.get("/api/v1/search?q=党&per_page=50&page=20").get_json()
    assert len(last["items"]) == 50
    beyond = client.get("/api/v1/search?q=党&per_page=50&page=21").get_json()
    assert beyond["items"] == [] and beyond["total_capped"] is True

    exact = client.get("/api/v1/search?q=民主评议党员").get_json()
    assert 0 < exact["total"] < search.TOTAL_CAP and exact["total_capped"] is False

    page = client.get("/search?q=党").get_data(as_text=True)
    assert "找到 1000+ 条结果" in page


def test_newest_first_lists_every_match_by_age_without_ranking(client):
    newest = client.get("/api/v1/search?q=党&order=newest&per_page=30").get_json()
    assert newest["order"] == "newest" and newest["total_capped"] is True
    ids = [item["disclosure"]["id"] for item in newest["items"]]
    assert ids == sorted(ids, reverse=True) and len(ids) == 30
    assert {item["score"] for item in newest["items"]} == {0}
    deep = client.get("/api/v1/search?q=党&order=newest&per_page=100&page=11").get_json()
    assert len(deep["items"]) > 0  # past the thousandth: newest pages on through every match
    assert all(i["disclosure"]["id"] < ids[-1] for i in deep["items"])

    few = client.get("/api/v1/search?q=会议纪要 docx&order=newest&per_page=100").get_json()
    ranked = client.get("/api/v1/search?q=会议纪要 docx&per_page=100").get_json()
    assert 0 < few["total"] == ranked["total"] <= 100
    assert {i["disclosure"]["id"] for i in few["items"]} == {
        i["disclosure"]["id"] for i in ranked["items"]
    }
    page = client.get("/search?q=党&order=newest").get_data(as_text=True)
    assert '<strong aria-current="true">最新</strong>' in page
    assert "order=newest" in page.split('rel="next"')[1].split(">")[0]
    assert client.get("/api/v1/search?q=党&order=oldest").status_code == 422


def test_the_api_documents_the_capped_total(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    results = spec["components"]["schemas"]["SearchResults"]["properties"]
    assert results["total_capped"]["type"] == "boolean"
    assert "1000" in results["total_capped"]["description"]
    params = {p["name"]: p for p in spec["paths"]["/api/v1/search"]["get"]["parameters"]}
    assert params["order"]["schema"]["enum"] == ["rank", "newest"]
