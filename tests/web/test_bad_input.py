"""Bad input on the portal, the party pages and the API is a 4xx naming the cause, never a 500,
and writes nothing (issue 13, item 11).

Each case was a 500 before: ``str.isdigit`` accepts ``²``, which ``int`` refuses; a 25-digit id
overflows the database's integer; ``datetime`` refuses year 99999; ``json.loads`` recurses once
per nesting level and keeps a lone surrogate no database can store; a ``lock_version`` of
10**30 overflows SQLite. The one integer parser is :mod:`dangwu_core.schemas.numbers`.
"""

from __future__ import annotations

import json
import re

import pytest
from demo_town import login

from dangwu_core import tokens
from dangwu_core.models import Account, Disclosure, Organization

HUGE = "9" * 25
BAD_INTEGERS = ["²", HUGE, "١٢", "1_0", " 3", "-0x1"]


def _csrf(client, url: str) -> str:
    page = client.get(url).get_data(as_text=True)
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


def _text(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def url(demo):
    return demo.settings.database_url


@pytest.mark.parametrize("value", BAD_INTEGERS)
def test_a_bad_disclosure_id_on_the_feedback_form_is_a_404(client, value):
    response = client.get("/org/TS-B01/feedback", query_string={"disclosure": value})
    assert response.status_code == 404
    assert "no such disclosure" in _text(response)


@pytest.mark.parametrize("value", ["²", HUGE])
def test_a_posted_feedback_about_a_bad_disclosure_id_writes_nothing(client, contents, url, value):
    token = _csrf(client, "/org/TS-B01/feedback")
    before = contents(url)
    response = client.post(
        "/org/TS-B01/feedback",
        data={"body": "意见", "reporter_name": "王五", "disclosure": value, "csrf_token": token},
    )
    assert response.status_code == 404 and "no such disclosure" in _text(response)
    assert contents(url) == before


@pytest.mark.parametrize("value", ["²", HUGE])
def test_a_member_on_the_party_side_gets_the_same_404(app, value):
    member = login(app.test_client(), "sunl")
    response = member.get("/org/TS-B01/feedback", query_string={"disclosure": value})
    assert response.status_code == 404 and "no such disclosure" in _text(response)
    assert member.get("/party/").status_code == 200


@pytest.mark.parametrize("value", [*BAD_INTEGERS, "0", "10001"])
def test_a_bad_search_page_is_a_400_naming_page(client, value):
    response = client.get("/search", query_string={"q": "公开", "page": value})
    assert response.status_code == 400
    assert "page must be a whole number from 1 to 10000" in _text(response)


@pytest.mark.parametrize("path", ["/org/TS", "/org/TS/due"])
@pytest.mark.parametrize("value", ["99999", "²", HUGE, "1899", "3000"])
def test_a_year_out_of_range_is_a_400_naming_year(client, path, value):
    response = client.get(path, query_string={"year": value})
    assert response.status_code == 400
    assert "year must be a whole number from 1900 to 2999" in _text(response)
    assert client.get(path, query_string={"year": "2026"}).status_code == 200


@pytest.mark.parametrize(
    "path",
    ["/api/v1/disclosures", "/api/v1/organizations", "/api/v1/obligations", "/api/v1/search"],
)
@pytest.mark.parametrize("value", ["²", HUGE, "١٢", "1_0"])
def test_a_bad_api_page_is_a_422_naming_page(client, path, value):
    response = client.get(path, query_string={"page": value, "q": "公开"})
    assert response.status_code == 422
    assert "page" in response.get_json()["error"]["fields"]


@pytest.mark.parametrize("value", ["99999", HUGE, "²"])
def test_a_bad_api_year_is_a_422_naming_year(client, value):
    response = client.get("/api/v1/obligations", query_string={"year": value})
    assert response.status_code == 422 and "year" in response.get_json()["error"]["fields"]


@pytest.mark.parametrize("value", [HUGE, "²"])
def test_a_bad_api_disclosure_id_is_a_404(client, value):
    assert client.get(f"/api/v1/disclosures/{value}").status_code == 404


def _writer(demo):
    office = Account.get(Account.username == "lixy").person
    _, secret = tokens.issue(
        office, Organization.get(Organization.code == "TS"), "t", can_write=True
    )
    return {"Authorization": f"Bearer {secret}"}


def _published(client, headers) -> Disclosure:
    for item in list(Disclosure.select().order_by(Disclosure.id)):
        answer = client.get(f"/api/v1/disclosures/{item.id}/transitions", headers=headers)
        if answer.status_code == 200 and answer.get_json()["available_transitions"]:
            return item, answer.get_json()["available_transitions"][0]
    raise AssertionError("the demo has no item the token may move")


@pytest.mark.parametrize("lock_version", [10**30, 2**31, 2**63, 1e400, 1.5])
def test_a_huge_lock_version_is_a_422_and_changes_nothing(
    demo, client, contents, url, lock_version
):
    headers = _writer(demo)
    item, name = _published(client, headers)
    before = contents(url)
    body = json.dumps({"name": name, "lock_version": lock_version}).replace("Infinity", "1e400")
    response = client.post(
        f"/api/v1/disclosures/{item.id}/transitions",
        data=body,
        headers={**headers, "Content-Type": "application/json"},
    )
    assert response.status_code == 422, response.get_data(as_text=True)
    assert "lock_version" in response.get_json()["error"]["fields"]
    assert contents(url) == before


@pytest.mark.parametrize(
    ("body", "cause"),
    [
        ("[" * 5000 + "]" * 5000, "nests deeper than 32 levels"),
        ('{"a":' * 3000 + "1" + "}" * 3000, "nests deeper than 32 levels"),
        ('{"organization": "TS", "body": "\\ud800", "anonymous": true}', "lone surrogate"),
        ('{"organization": "TS", "body": "x\\udfff", "anonymous": true}', "lone surrogate"),
        ('{"organization": "TS", "body": "a\\u0000b", "anonymous": true}', "NUL"),
        ('{"organization": "TS", "\\ud800": 1}', "lone surrogate"),
        ('{"organization": "TS", "body": "x"', "not valid JSON"),
    ],
)
def test_a_bad_json_body_is_a_400_naming_the_cause_and_writes_nothing(
    client, contents, url, body, cause
):
    before = contents(url)
    response = client.post("/api/v1/feedback", data=body, content_type="application/json")
    assert response.status_code == 400, response.get_data(as_text=True)
    assert cause in response.get_json()["error"]["message"]
    assert contents(url) == before


def test_a_deep_body_on_a_transition_is_refused_before_anything(demo, client, contents, url):
    headers = _writer(demo)
    item, _ = _published(client, headers)
    before = contents(url)
    response = client.post(
        f"/api/v1/disclosures/{item.id}/transitions",
        data="[" * 100_000,
        headers={**headers, "Content-Type": "application/json"},
    )
    assert response.status_code == 400 and "nests deeper" in response.get_json()["error"]["message"]
    assert contents(url) == before


def test_a_surrogate_pair_is_one_character_and_accepted(client):
    response = client.post(
        "/api/v1/feedback",
        data='{"organization": "TS", "body": "\\ud83d\\ude00 好", "anonymous": true}',
        content_type="application/json",
    )
    assert response.status_code == 201


@pytest.fixture
def demo_on_both(database_url):
    """The demo unit on SQLite and on PostgreSQL (where a NUL in text was a 500)."""
    from dangwu_core.app import create_app
    from dangwu_core.demo import build_demo
    from dangwu_core.testing import start_unit

    unit = start_unit(database_url)
    build_demo(unit, "testsector")
    application = create_app(unit=unit)
    application.config["TESTING"] = True
    yield application, database_url
    unit.db.close()


def test_a_nul_in_a_form_a_query_or_a_path_is_a_400_on_both_databases(demo_on_both, contents):
    app, database_url = demo_on_both
    client = app.test_client()
    token = _csrf(client, "/org/TS-B01/feedback")
    before = contents(database_url)
    posted = client.post(
        "/org/TS-B01/feedback",
        data={"body": "a\x00b", "reporter_name": "王五", "csrf_token": token},
    )
    assert posted.status_code == 400 and "NUL character" in _text(posted)
    for url in (
        "/receipt?number=FK%00",
        "/search?q=a%00",
        "/org/TS%00",
        "/api/v1/organizations/T%00",
    ):
        answer = client.get(url)
        assert answer.status_code == 400, url
        assert "NUL character" in _text(answer), url
    assert contents(database_url) == before
