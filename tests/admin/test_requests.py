"""依申请公开 in the admin: on a request's page, the buttons are exactly the steps
``access.request_actions`` allows the person now (built on ``access.allowed``), each posting
through ``dangwu_core.disclosure_requests`` with the input it needs; the upper organization's
officers review a refusal.

Rules: 003 §9(三) (grant to the applicant or a scope; refuse with written reasons the upper
organization reviews), 000 四(二) (the office accepts, the leadership decides), the service's
one extension and its completion (补正).
"""

from __future__ import annotations

import re

import pytest

from dangwu_core import access, disclosure_requests
from dangwu_core.models import DisclosureRequest, Filing, FilingStatus

from .conftest import login
from .helpers import C01, csrf_of, org, person

USERS = ["admin", "lixy", "wangjg", "zhaodm", "sunl", "chengr", "chenj", "wum", "zhouh"]


def new_request(unit, code: str = C01) -> DisclosureRequest:
    return disclosure_requests.submit(
        unit,
        org(code),
        subject="村集体资产处置情况",
        content="请公开本村2025年集体资产处置的明细。",
        applicant=person("qianyf"),
    )


def in_status(unit, status: str) -> DisclosureRequest:
    request = new_request(unit)
    zhaodm = person("zhaodm")
    if status == "submitted":
        return request
    request = disclosure_requests.acknowledge(request, zhaodm)
    if status == "acknowledged":
        return request
    if status == "extended":
        return disclosure_requests.extend(unit, request, zhaodm, "需要调取档案")
    if status == "awaiting_completion":
        return disclosure_requests.ask_completion(request, zhaodm, "请写明资产名称")
    if status == "refusal_under_review":
        return disclosure_requests.refuse(request, zhaodm, "涉及正在进行的审计，暂不宜公开")
    if status == "granted":
        return disclosure_requests.grant(request, zhaodm)
    raise AssertionError(status)


def steps_on_page(page: str) -> list[str]:
    return re.findall(r'class="card mb-2 dw-request-step" data-step="([a-z_]+)"', page)


def details(client, request) -> str:
    response = client.get(f"/admin/request/details/?id={request.id}", follow_redirects=True)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def act(client, request, step: str, **fields):
    page = details(client, request)
    data = {"csrf_token": csrf_of(page), "step": step, **fields}
    response = client.post(f"/admin/request/act/?id={request.id}", data=data, follow_redirects=True)
    assert response.status_code == 200
    return response.get_data(as_text=True)


@pytest.mark.parametrize(
    "status",
    [
        "submitted",
        "acknowledged",
        "extended",
        "awaiting_completion",
        "refusal_under_review",
        "granted",
    ],
)
def test_the_buttons_are_exactly_the_steps_access_allows(app, demo, status):
    request = in_status(demo, status)
    seen = {}
    for username in USERS:
        page = details(login(app.test_client(), username), request)
        expected = access.request_actions(person(username), request)
        if request.receipt_number not in page:  # not in the person's list at all
            assert expected == [], (username, status)
            continue
        seen[username] = steps_on_page(page)
        assert seen[username] == expected, (username, status)
    decide = ["acknowledge", "ask_completion", "extend", "grant", "refuse"]
    by_status = {
        "submitted": {"sunl": decide[:2], "zhaodm": decide, "wangjg": decide, "chenj": []},
        "acknowledged": {"sunl": ["ask_completion"], "zhaodm": decide[1:], "chenj": []},
        "extended": {"zhaodm": ["ask_completion", "grant", "refuse"]},
        "awaiting_completion": {"zhaodm": [], "wangjg": []},
        # 003 §9(三): the upper organization reviews; the branch itself cannot.
        "refusal_under_review": {"zhaodm": [], "sunl": [], "wangjg": ["review_refusal"]},
        "granted": {"zhaodm": [], "admin": []},
    }
    for username, steps in by_status[status].items():
        assert seen[username] == steps, (username, status)
    assert "wum" not in seen and "zhouh" not in seen  # another village's officers


def test_the_liaison_acknowledges_and_asks_for_completion(app, demo):
    request = new_request(demo)
    client = login(app.test_client(), "sunl")
    assert "受理，现为已受理" in act(client, request, "acknowledge")
    assert DisclosureRequest.get_by_id(request.id).status == "acknowledged"
    # a completion needs what to complete: the service's message, nothing changed
    text = act(client, request, "ask_completion", reason="  ")
    assert "say what the applicant must complete" in text
    assert DisclosureRequest.get_by_id(request.id).status == "acknowledged"
    act(client, request, "ask_completion", reason="请写明资产名称")
    assert DisclosureRequest.get_by_id(request.id).status == "awaiting_completion"


def test_the_liaison_may_not_decide(app, demo):
    request = in_status(demo, "acknowledged")
    client = login(app.test_client(), "sunl")
    for step in ("grant", "refuse", "extend", "review_refusal", "nonsense"):
        text = act(client, request, step, reason="理由")
        assert "您现在不能对申请" in text, step
    assert DisclosureRequest.get_by_id(request.id).status == "acknowledged"


def test_the_secretary_extends_once_then_grants_in_part_to_a_scope(app, demo):
    request = in_status(demo, "acknowledged")
    client = login(app.test_client(), "zhaodm")
    deadline = request.deadline
    act(client, request, "extend", reason="需要调取档案")
    extended = DisclosureRequest.get_by_id(request.id)
    assert extended.extended and extended.deadline > deadline
    assert "extend" not in steps_on_page(details(client, request))
    assert "您现在不能对申请" in act(client, request, "extend", reason="再次延期")

    # a partial grant needs the reasons for what is withheld
    text = act(client, request, "grant", partial="1", scope="unit")
    assert "a partial grant needs the reasons" in text
    assert DisclosureRequest.get_by_id(request.id).status == "acknowledged"
    act(client, request, "grant", partial="1", scope="unit", reason="涉及个人信息的部分不公开")
    done = DisclosureRequest.get_by_id(request.id)
    assert (done.status, done.grant_scope) == ("partially_granted", "unit")
    assert done.decision_reason == "涉及个人信息的部分不公开"
    assert done.applicant_notified_at is not None


def test_the_secretary_grants_in_full_to_the_applicant(app, demo):
    request = new_request(demo)
    act(login(app.test_client(), "zhaodm"), request, "grant", partial="0", scope="specific")
    done = DisclosureRequest.get_by_id(request.id)
    assert (done.status, done.grant_scope) == ("granted", "specific")


@pytest.mark.parametrize("upheld, status", [("1", "refused"), ("0", "acknowledged")])
def test_a_refusal_goes_to_the_upper_organization_which_reviews_it(app, demo, upheld, status):
    request = in_status(demo, "acknowledged")
    branch = login(app.test_client(), "zhaodm")
    assert "a refusal needs written reasons" in act(branch, request, "refuse", reason="")
    act(branch, request, "refuse", reason="涉及正在进行的审计")
    assert DisclosureRequest.get_by_id(request.id).status == "refusal_under_review"
    assert steps_on_page(details(branch, request)) == []

    upper = login(app.test_client(), "wangjg")
    page = details(upper, request)
    assert steps_on_page(page) == ["review_refusal"]
    assert "涉及正在进行的审计" in page
    assert "needs an opinion" in act(upper, request, "review_refusal", upheld=upheld)
    act(upper, request, "review_refusal", upheld=upheld, reason="理由成立" if upheld else "应公开")
    assert DisclosureRequest.get_by_id(request.id).status == status
    filing = Filing.get(
        (Filing.subject_type == "disclosure_request")
        & (Filing.subject_id == request.id)
        & (Filing.kind == "request_refusal")
    )
    assert filing.status == FilingStatus.REVIEWED.value


def test_an_upper_officer_without_a_reaching_role_still_reviews_the_refusal(app, demo):
    """The general branch (总支) above 测试第一支部: its approver holds no role on the branch
    itself, yet reviews its refusals (request.review_refusal, on the parent)."""
    from dangwu_core import people

    reviewer = people.create_person("总支书记")
    people.assign_role(reviewer, org("TS-G01"), "approver")
    request = in_status(demo, "refusal_under_review")
    assert access.request_actions(reviewer, request) == ["review_refusal"]
    people.create_account(reviewer, "zongzhi", "zongzhi-password")
    client = login(app.test_client(), "zongzhi", "zongzhi-password")
    assert steps_on_page(details(client, request)) == ["review_refusal"]
    act(client, request, "review_refusal", upheld="1", reason="理由成立")
    assert DisclosureRequest.get_by_id(request.id).status == "refused"


def test_a_step_without_the_csrf_token_is_refused(app, demo):
    request = new_request(demo)
    client = login(app.test_client(), "zhaodm")
    response = client.post(
        f"/admin/request/act/?id={request.id}",
        data={"csrf_token": "forged", "step": "acknowledge"},
        follow_redirects=True,
    )
    assert "表单已失效" in response.get_data(as_text=True)
    assert DisclosureRequest.get_by_id(request.id).status == "submitted"


def test_the_steps_name_real_statuses_and_actions():
    from dangwu_core.models import RequestStatus

    steps = access.request_steps()
    assert {a.name for a in steps} >= {"request.grant", "request.review_refusal"}
    for action in steps:
        step = action.name.removeprefix("request.")
        assert action.on in ("own", "parent"), step
        assert set(action.statuses) <= set(RequestStatus.values()), step
        assert hasattr(disclosure_requests, step), step
