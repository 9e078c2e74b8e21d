"""An API token writes only what it was issued to write (issue 13, item 6).

Every write endpoint of the API (found in the application's URL map, so a new one fails this
test until it is walked here) is called with a read-only token inside its subtree and with a
read-write token outside it: no answer is a 2xx, and the database is, row for row, what it
was (:func:`dangwu_core.testing.database_contents`). A read-write token inside its subtree
writes, and never applies for disclosure in its issuer's name: a token is a screen or a
system, so the members-only rule holds it as anyone (003 §9(三): 党员 apply; the public only
where the unit allows).
"""

from __future__ import annotations

import pytest

from dangwu_core import tokens
from dangwu_core.models import (
    Disclosure,
    DisclosureRequest,
    Feedback,
    Organization,
    OrganizationClosure,
    Person,
)
from dangwu_core.testing import database_contents

from .conftest import login

WRITES = {"POST", "PUT", "PATCH", "DELETE"}


def _write_rules(app) -> set[tuple[str, str]]:
    return {
        (rule.rule, method)
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/")
        for method in (rule.methods or set()) & WRITES
    }


@pytest.fixture
def world(demo, app):
    office = Person.get(Person.name == "李秀英")  # the committee's office: publisher, reaching down
    item = Disclosure.select().where(Disclosure.state == "approved").order_by(Disclosure.id).get()
    org = Organization.get_by_id(item.organization_id)
    above = {
        c.ancestor_id
        for c in OrganizationClosure.select().where(OrganizationClosure.descendant == org.id)
    }
    elsewhere = (
        Organization.select()
        .where(Organization.id.not_in(sorted(above)) & (Organization.parent.is_null(False)))
        .order_by(Organization.code)
        .first()
    )
    _, read_only = tokens.issue(office, org, "只读电子屏")
    _, outside = tokens.issue(office, elsewhere, "别处的接口", can_write=True)
    _, writer = tokens.issue(office, org, "本级接口", can_write=True)
    calls = {
        ("/api/v1/disclosures/<int:disclosure_id>/transitions", "POST"): (
            f"/api/v1/disclosures/{item.id}/transitions",
            {"name": "publish"},
        ),
        ("/api/v1/disclosures/<int:disclosure_id>/findings/<int:finding_id>/decision", "POST"): (
            f"/api/v1/disclosures/{item.id}/findings/1/decision",
            {"decision": "accept"},
        ),
        ("/api/v1/feedback", "POST"): (
            "/api/v1/feedback",
            {"organization": org.code, "body": "令牌提交的意见", "reporter_name": "张三"},
        ),
        ("/api/v1/disclosures/<int:disclosure_id>/override", "POST"): (
            f"/api/v1/disclosures/{item.id}/override",
            {"reason": "令牌说明的理由"},
        ),
        ("/api/v1/disclosures/<int:disclosure_id>/risk-flags", "POST"): (
            f"/api/v1/disclosures/{item.id}/risk-flags",
            {"level": "stability"},
        ),
        ("/api/v1/disclosures/<int:disclosure_id>/risk-assessments", "POST"): (
            f"/api/v1/disclosures/{item.id}/risk-assessments",
            {"kind": "opinion", "assessor": "张三", "ratings": {
                "feasibility": {"rating": "low", "note": "可行"},
                "acceptance": {"rating": "low", "note": "认可"}}},
        ),
        ("/api/v1/requests", "POST"): (
            "/api/v1/requests",
            {"organization": org.code, "subject": "申请公开", "content": "请公开党费收缴情况",
             "applicant_name": "李四"},
        ),
    }  # fmt: skip
    client = app.test_client()
    for secret in (read_only, outside, writer):  # a token's first use stamps last_used_at
        assert client.get("/api/v1/organizations", headers=_auth(secret)).status_code == 200
    return type(
        "World",
        (),
        {"demo": demo, "app": app, "client": client, "item": item, "org": org, "calls": calls,
         "read_only": read_only, "outside": outside, "writer": writer, "office": office},
    )()  # fmt: skip


def _auth(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def test_every_api_write_endpoint_is_walked(world):
    assert _write_rules(world.app) == set(world.calls)


@pytest.mark.parametrize("token", ["read_only", "outside"])
def test_a_token_writes_nothing_it_may_not(world, token):
    url = world.demo.settings.database_url
    before = database_contents(url)
    for (rule, method), (path, body) in sorted(world.calls.items()):
        answer = world.client.open(
            path, method=method, json=body, headers=_auth(getattr(world, token))
        )
        # 404: outside its subtree the token does not even read the disclosure.
        assert answer.status_code in (403, 404), (token, rule, answer.get_json())
        if answer.status_code == 403:
            assert "API token" in answer.get_json()["error"]["message"], rule
    assert database_contents(url) == before


def test_a_read_write_token_writes_inside_its_subtree_never_in_its_issuers_name(world):
    calls, auth = world.calls, _auth(world.writer)
    path, body = calls[("/api/v1/feedback", "POST")]
    given = world.client.post(path, json=body, headers=auth)
    assert given.status_code == 201
    feedback = Feedback.get(Feedback.receipt_number == given.get_json()["receipt_number"])
    assert feedback.reporter_id is None and feedback.reporter_name == "张三"
    path, body = calls[("/api/v1/disclosures/<int:disclosure_id>/transitions", "POST")]
    assert world.client.post(path, json=body, headers=auth).status_code == 200
    # The issuer is a party member; the token is not: members only means no request by it.
    url = world.demo.settings.database_url
    before = database_contents(url)
    path, body = calls[("/api/v1/requests", "POST")]
    refused = world.client.post(path, json=body, headers=auth)
    assert refused.status_code == 422
    assert "party members only" in refused.get_json()["error"]["message"]
    assert database_contents(url) == before


def test_a_member_applies_through_the_api_as_on_the_portal(world):
    member = world.app.test_client()
    assert login(member, "qianyf").status_code == 302
    path, body = world.calls[("/api/v1/requests", "POST")]
    answer = member.post(path, json=body)
    assert answer.status_code == 201
    request = DisclosureRequest.get(
        DisclosureRequest.receipt_number == answer.get_json()["receipt_number"]
    )
    assert request.applicant.name == "钱有福" and request.applicant_is_member
