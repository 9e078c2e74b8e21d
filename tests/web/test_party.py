"""The intra-party portal: login with hardened sessions and lockout, what a member reads,
their requests and feedback, the yearly rating (民主评议, 003 §9(七)); the API by session."""

from __future__ import annotations

import datetime as dt
import re

from dangwu_core.clock import FixedClock, use_clock
from dangwu_core.models import Account, Disclosure, Event, Rating, Scope

from .conftest import PASSWORD, login


def test_a_member_logs_in_and_reads_party_and_addressed_items(client):
    response = login(client, "qianyf")
    assert response.status_code == 302 and response.headers["Location"] == "/party/"
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    page = client.get("/party/").get_data(as_text=True)
    addressed = Disclosure.get(Disclosure.scope == Scope.SPECIFIC.value)
    assert addressed.title in page
    assert "党费收缴" in page  # party scope of their own branch


def test_a_member_of_another_branch_does_not_see_what_was_addressed_elsewhere(client):
    login(client, "fenggl")
    page = client.get("/party/").get_data(as_text=True)
    addressed = Disclosure.get(Disclosure.scope == Scope.SPECIFIC.value)
    assert addressed.title not in page
    assert client.get(f"/disclosures/{addressed.id}").status_code == 404


def test_wrong_password_is_refused_and_five_failures_lock_the_account(client):
    for _ in range(4):
        response = login(client, "qianyf", "wrong-password")
        assert response.status_code == 401 and "用户名或密码不正确" in response.get_data(
            as_text=True
        )
    response = login(client, "qianyf", "wrong-password")
    assert "临时锁定" in response.get_data(as_text=True)
    assert Account.get(Account.username == "qianyf").locked_until is not None
    assert Event.select().where(Event.action == "account.locked").count() == 1
    locked = login(client, "qianyf", PASSWORD)  # the right password does not open it
    assert locked.status_code == 401 and "临时锁定" in locked.get_data(as_text=True)
    later = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=16)
    with use_clock(FixedClock(later)):
        assert login(client, "qianyf", PASSWORD).status_code == 302


def test_login_without_csrf_token_is_refused(client):
    response = client.post("/party/login", data={"username": "qianyf", "password": PASSWORD})
    assert response.status_code == 400
    assert client.get("/party/").status_code == 302  # still anonymous: sent to the login page


def test_login_never_redirects_off_site(client):
    page = client.get("/party/login?next=//evil.example/x").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post(
        "/party/login",
        data={
            "username": "qianyf",
            "password": PASSWORD,
            "next": "//evil.example/x",
            "csrf_token": token,
        },
    )
    assert response.headers["Location"] == "/party/"


def test_logout_ends_the_session(client):
    login(client, "qianyf")
    page = client.get("/party/").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    client.post("/party/logout", data={"csrf_token": token})
    assert client.get("/party/").status_code == 302


def test_a_member_rates_their_organization_once_a_year(client):
    login(client, "qianyf")
    page = client.get("/party/").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    for score in ("3", "5"):
        response = client.post("/party/rate/TS-B01", data={"score": score, "csrf_token": token})
        assert response.status_code == 302
    assert [r.score for r in Rating.select()] == [5]
    assert "您的评议：5 分" in client.get("/party/").get_data(as_text=True)
    refused = client.post("/party/rate/TS-B03", data={"score": "1", "csrf_token": token})
    assert refused.status_code == 403


def test_an_officer_fires_a_transition_through_the_api_and_learns_what_comes_next(client):
    login(client, "lixy")
    item = Disclosure.get(Disclosure.state == "approved")
    available = client.get(f"/api/v1/disclosures/{item.id}/transitions").get_json()
    assert "publish" in available["available_transitions"]
    answer = client.post(f"/api/v1/disclosures/{item.id}/transitions", json={"name": "publish"})
    assert answer.status_code == 200, answer.get_json()
    body = answer.get_json()
    assert body["disclosure"]["state"] == "published" and body["event"] > 0
    assert "republish" in body["available_transitions"]
    stale = client.post(
        f"/api/v1/disclosures/{item.id}/transitions",
        json={"name": "supersede", "comment": "x", "lock_version": 1},
    )
    assert stale.status_code == 409 and stale.get_json()["error"]["status"] == 409
    unknown = client.post(f"/api/v1/disclosures/{item.id}/transitions", json={"name": "fly"})
    assert unknown.status_code == 409
