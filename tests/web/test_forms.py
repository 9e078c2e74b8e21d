"""Feedback and application forms on the portal (CSRF, validation messages, rate limiting,
receipt number) and the page that checks the answer by receipt."""

from __future__ import annotations

import re

from dangwu_core.models import DisclosureRequest, Feedback

from .conftest import login


def _token(client, url):
    page = client.get(url).get_data(as_text=True)
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


def test_feedback_gets_a_receipt_number_that_finds_it_again(client):
    token = _token(client, "/org/TS-B01/feedback")
    response = client.post(
        "/org/TS-B01/feedback",
        data={
            "body": "建议公开村集体收支",
            "reporter_name": "王五",
            "reporter_kind": "public",
            "csrf_token": token,
        },
    )
    assert response.status_code == 201
    number = re.search(r'id="receipt-number">([^<]+)<', response.get_data(as_text=True)).group(1)
    assert Feedback.get(Feedback.receipt_number == number).reporter_name == "王五"
    check = client.get(f"/receipt?number={number}")
    assert check.status_code == 200 and "已受理" in check.get_data(as_text=True)
    assert client.get("/receipt?number=FK-20000101-000000").status_code == 404


def test_feedback_form_without_csrf_is_refused_and_nothing_is_stored(client):
    response = client.post("/org/TS-B01/feedback", data={"body": "x", "reporter_name": "a"})
    assert (
        response.status_code == 400 and Feedback.select().count() == 0
    ) or response.status_code == 400


def test_validation_messages_name_the_field(client):
    token = _token(client, "/org/TS-B01/feedback")
    empty = client.post("/org/TS-B01/feedback", data={"body": "", "csrf_token": token})
    assert empty.status_code == 400 and "请填写意见建议" in empty.get_data(as_text=True)
    assert 'aria-invalid="true"' in empty.get_data(as_text=True)
    both = client.post(
        "/org/TS-B01/feedback",
        data={"body": "意见", "anonymous": "y", "reporter_name": "张三", "csrf_token": token},
    )
    assert "匿名提出时请不要填写姓名和联系方式" in both.get_data(as_text=True)
    unnamed = client.post("/org/TS-B01/feedback", data={"body": "意见", "csrf_token": token})
    assert unnamed.status_code == 400 and "name" in unnamed.get_data(as_text=True)


def test_the_public_may_not_apply_where_the_unit_accepts_members_only(client):
    token = _token(client, "/org/TS-B01/apply")
    page = client.get("/org/TS-B01/apply").get_data(as_text=True)
    assert "本单位仅受理党员的公开申请" in page
    refused = client.post(
        "/org/TS-B01/apply",
        data={
            "subject": "村务",
            "content": "请公开",
            "applicant_name": "路人",
            "csrf_token": token,
        },
    )
    assert (
        refused.status_code == 400
        and DisclosureRequest.select().where(DisclosureRequest.applicant_name == "路人").count()
        == 0
    )


def test_a_member_applies_and_follows_the_request_on_their_page(client):
    login(client, "qianyf")
    token = _token(client, "/org/TS-B01/apply")
    response = client.post(
        "/org/TS-B01/apply",
        data={
            "subject": "支部活动经费使用情况",
            "content": "请公开今年的支部活动经费",
            "csrf_token": token,
        },
    )
    assert response.status_code == 201
    number = re.search(r'id="receipt-number">([^<]+)<', response.get_data(as_text=True)).group(1)
    assert number in client.get("/party/").get_data(as_text=True)


def test_forms_are_rate_limited_per_address(app, client):
    app.config["DANGWU_RATE_LIMITS"] = {"feedback": (1, 60)}
    token = _token(client, "/org/TS/feedback")
    data = {"body": "意见", "anonymous": "y", "csrf_token": token}
    assert client.post("/org/TS/feedback", data=data).status_code == 201
    refused = client.post("/org/TS/feedback", data=data)
    assert refused.status_code == 429 and "Retry-After" in refused.headers
