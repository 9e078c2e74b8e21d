"""The JSON API /api/v1/: lists with pagination and filters, detail and versions, feedback and
requests with receipts, the OpenAPI document, and one error body for every bad input."""

from __future__ import annotations

import json

import pytest

from dangwu_core.models import Disclosure, DisclosureVersion, Feedback, Scope


def _error(response, status: int) -> dict:
    assert response.status_code == status, (response.status_code, response.data[:300])
    body = response.get_json()
    assert set(body) == {"error"} and body["error"]["status"] == status
    assert body["error"]["message"]
    return body["error"]


def test_openapi_document_lists_every_resource(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    for path in [
        "/api/v1/organizations",
        "/api/v1/catalog-items",
        "/api/v1/obligations",
        "/api/v1/disclosures",
        "/api/v1/disclosures/{disclosure_id}",
        "/api/v1/disclosures/{disclosure_id}/versions",
        "/api/v1/disclosures/{disclosure_id}/transitions",
        "/api/v1/feedback",
        "/api/v1/feedback/{receipt}",
        "/api/v1/requests",
        "/api/v1/requests/{receipt}",
    ]:
        assert path in spec["paths"], path
    assert "Error" in spec["components"]["schemas"]


def test_disclosures_are_paginated_and_public_only_for_anonymous(client):
    first = client.get("/api/v1/disclosures?per_page=2").get_json()
    assert first["page"] == 1 and first["per_page"] == 2 and len(first["items"]) == 2
    every = client.get("/api/v1/disclosures?per_page=100").get_json()
    assert every["total"] == first["total"] == len(every["items"])
    assert {d["scope"] for d in every["items"]} == {Scope.PUBLIC.value}
    assert {d["state"] for d in every["items"]} <= {"published", "expired", "archived"}
    beyond = client.get(f"/api/v1/disclosures?page={first['pages'] + 1}").get_json()
    assert beyond["items"] == [] and beyond["total"] == first["total"]


def test_disclosures_filter_by_organization_category_period_state_scope(client):
    town = client.get("/api/v1/disclosures?organization=TS&per_page=100").get_json()["items"]
    assert town and {d["organization"] for d in town} == {"TS"}
    tree = client.get("/api/v1/disclosures?organization=TS&subtree=true&per_page=100").get_json()
    assert tree["total"] > len(town)
    category = town[0]["category"]
    same = client.get(f"/api/v1/disclosures?category={category}&per_page=100").get_json()["items"]
    assert same and {d["category"] for d in same} == {category}
    expired = client.get("/api/v1/disclosures?state=expired").get_json()["items"]
    assert expired and {d["state"] for d in expired} == {"expired"}
    assert client.get("/api/v1/disclosures?scope=party").get_json()["total"] == 0
    period = next(d["period"] for d in tree["items"] if d["period"])
    by_period = client.get(f"/api/v1/disclosures?period={period}").get_json()["items"]
    assert {d["period"] for d in by_period} == {period}


def test_detail_and_versions_with_reasons(client):
    item = Disclosure.get(Disclosure.current_version == 2)
    detail = client.get(f"/api/v1/disclosures/{item.id}").get_json()
    assert detail["current_version"] == 2 and [v["number"] for v in detail["versions"]] == [2, 1]
    reason = DisclosureVersion.get(
        (DisclosureVersion.disclosure == item) & (DisclosureVersion.number == 2)
    ).reason
    versions = client.get(f"/api/v1/disclosures/{item.id}/versions").get_json()
    assert versions[0]["reason"] == reason and versions[0]["published_at"].endswith("+00:00")


def test_organizations_catalog_items_and_obligations(client):
    orgs = client.get("/api/v1/organizations?per_page=100").get_json()
    assert orgs["items"][0]["parent"] is None
    children = client.get("/api/v1/organizations?parent=TS&per_page=100").get_json()["items"]
    assert children and {o["parent"] for o in children} == {"TS"}
    assert client.get("/api/v1/organizations/TS-B01").get_json()["code"] == "TS-B01"
    items = client.get("/api/v1/catalog-items?organization=TS-B01&per_page=100").get_json()
    assert items["total"] > 0 and all(i["scope"] in Scope.values() for i in items["items"])
    dues = client.get("/api/v1/obligations?organization=TS-B01&status=on_time").get_json()
    assert dues["total"] > 0 and {o["status"] for o in dues["items"]} == {"on_time"}


def test_feedback_is_submitted_and_checked_by_receipt(client):
    answer = client.post(
        "/api/v1/feedback",
        json={"organization": "TS-B01", "body": "建议按月公开党费", "reporter_name": "张三"},
    )
    assert answer.status_code == 201
    receipt = answer.get_json()["receipt_number"]
    check = client.get(f"/api/v1/feedback/{receipt}").get_json()
    assert check["status"] == "received" and "reporter_name" not in check
    assert Feedback.get(Feedback.receipt_number == receipt).reporter_name == "张三"
    anonymous = client.post(
        "/api/v1/feedback", json={"organization": "TS", "body": "匿名意见", "anonymous": True}
    )
    assert anonymous.status_code == 201


def test_anonymous_requests_are_refused_where_the_unit_allows_members_only(client):
    error = _error(
        client.post(
            "/api/v1/requests",
            json={
                "organization": "TS",
                "subject": "申请",
                "content": "请公开",
                "applicant_name": "李",
            },
        ),
        422,
    )
    assert "party members only" in error["message"]


BAD = [
    ("post", "/api/v1/feedback", {"data": "{not json", "content_type": "application/json"}, 400),
    ("post", "/api/v1/feedback", {"json": {"organization": "TS", "body": 5}}, 422),
    ("post", "/api/v1/feedback", {"json": {"organization": "TS", "body": "x", "x": 1}}, 422),
    ("post", "/api/v1/feedback", {"json": {"body": "no organization"}}, 422),
    ("post", "/api/v1/feedback", {"json": {"organization": "NOPE", "body": "x"}}, 404),
    (
        "post",
        "/api/v1/feedback",
        {"json": {"organization": "TS", "body": "x", "disclosure": 999999}},
        422,
    ),
    ("post", "/api/v1/feedback", {"json": ["a", "list"]}, 422),
    ("post", "/api/v1/feedback", {"json": {"organization": "TS", "body": "x" * 6000}}, 422),
    ("post", "/api/v1/requests", {"json": {"organization": "TS"}}, 422),
    ("get", "/api/v1/disclosures?page=0", {}, 422),
    ("get", "/api/v1/disclosures?page=abc", {}, 422),
    ("get", "/api/v1/disclosures?per_page=1000", {}, 422),
    ("get", "/api/v1/disclosures?scope=everyone", {}, 422),
    ("get", "/api/v1/disclosures?organization=NOPE", {}, 404),
    ("get", "/api/v1/disclosures/999999", {}, 404),
    ("get", "/api/v1/disclosures/999999/versions", {}, 404),
    ("get", "/api/v1/organizations/NOPE", {}, 404),
    ("get", "/api/v1/feedback/FK-00000000-000000", {}, 404),
    ("get", "/api/v1/requests/nothing", {}, 404),
    ("get", "/api/v1/no-such-thing", {}, 404),
    ("delete", "/api/v1/disclosures", {}, 405),
    ("post", "/api/v1/disclosures/1/transitions", {"json": {"name": "publish"}}, 404),
]


@pytest.mark.parametrize("method,url,kwargs,status", BAD)
def test_bad_input_gets_a_4xx_with_one_error_body(client, method, url, kwargs, status):
    _error(getattr(client, method)(url, **kwargs), status)


def test_huge_bodies_are_refused_before_parsing(client):
    body = json.dumps({"organization": "TS", "body": "x" * 400_000})
    _error(client.post("/api/v1/feedback", data=body, content_type="application/json"), 413)


def test_firing_a_transition_needs_a_login(client):
    item = Disclosure.get(Disclosure.scope == Scope.PUBLIC.value, Disclosure.state == "published")
    error = _error(
        client.post(f"/api/v1/disclosures/{item.id}/transitions", json={"name": "withdraw"}), 401
    )
    assert "log in" in error["message"]
    assert client.get(f"/api/v1/disclosures/{item.id}/transitions").get_json() == {
        "available_transitions": []
    }


def test_submissions_are_rate_limited_per_address(app, client):
    app.config["DANGWU_RATE_LIMITS"] = {"feedback": (2, 60)}
    for _ in range(2):
        assert (
            client.post(
                "/api/v1/feedback", json={"organization": "TS", "body": "意见", "anonymous": True}
            ).status_code
            == 201
        )
    refused = client.post(
        "/api/v1/feedback", json={"organization": "TS", "body": "意见", "anonymous": True}
    )
    _error(refused, 429)
    assert int(refused.headers["Retry-After"]) > 0
