"""The approver's override of a block in the admin and through the API (004 七(三)): the reason
form stands beside the blocking finding for the approver only, and anyone else is refused by
the action registry; an unclear marking shows that 《条例》 sends it to the secrecy
administration, and the organization above finds it in its worklist."""

from __future__ import annotations

import re

import pytest

from dangwu_core.testing import create_app
from dangwu_core.toolkit import Organization, events_of, get_person

FINDINGS = {
    "necessity": "属目录事项，应当公开",
    "accuracy": "内容与会议记录一致",
    "legality": "符合党内法规",
    "secrecy": "经保密审查",
}


@pytest.fixture
def client_of(demo):
    app = create_app(unit=demo)
    app.config["TESTING"] = True

    def client(username):
        c = app.test_client()
        page = c.get("/party/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        data = {"username": username, "password": "dangwu-demo", "csrf_token": token}
        assert c.post("/party/login", data=data).status_code in (302, 303)
        return c

    return client


def in_review(unit, body):
    branch = Organization.get(Organization.code == "TS-B01")
    item = unit.create_draft(branch, get_person("sunl"), "支部委员分工", body, "party", ["meeting"])
    unit.fire(item, "propose", get_person("sunl"))
    unit.fire(item, "start_review", get_person("chengr"))
    return item


def csrf(page):
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


def test_the_reason_form_stands_beside_the_block_for_the_approver_only_004_7_3(demo, client_of):
    """004 七(三): the approver (the branch secretary) sees the reason form beside the blocking
    finding; the reviewer and the office see the block and that only the approver may let it
    go on; the override with a reason is an audit event, and then the review passes."""
    item = in_review(demo, "机密★5年\n关于调整支部委员分工的通知。")
    url = f"/admin/disclosure/details/?id={item.id}"
    for username in ("chengr", "lixy"):
        page = client_of(username).get(url).get_data(as_text=True)
        assert "含正文密级标志“机密★5年”，不得公开" in page
        assert (
            'class="dw-override"' not in page and "只有审批人可以说明理由后同意继续办理。" in page
        )
    approver = client_of("zhaodm")
    page = approver.get(url).get_data(as_text=True)
    assert 'class="dw-override"' in page
    answer = approver.post(
        f"/admin/disclosure/override/?id={item.id}",
        data={"csrf_token": csrf(page), "reason": ""},
        follow_redirects=True,
    )
    assert "overriding a block needs a written reason" in answer.get_data(as_text=True)
    answer = approver.post(
        f"/admin/disclosure/override/?id={item.id}",
        data={"csrf_token": csrf(page), "reason": "原件已解密，经支委会核实"},
        follow_redirects=True,
    )
    page = answer.get_data(as_text=True)
    assert "已说明理由并同意继续办理" in page and 'class="dw-override"' not in page
    (event,) = [e for e in events_of("disclosure", item.id) if e.action.endswith("overridden")]
    assert (event.actor_id, event.reason) == (get_person("zhaodm").id, "原件已解密，经支委会核实")
    demo.fire(item, "pass_review", get_person("chengr"), findings=FINDINGS)
    assert item.state == "awaiting_approval"


def test_the_api_takes_the_approver_s_override_and_refuses_anyone_else_004_7_3(demo, client_of):
    """004 七(三): through the API the reviewer and the office are refused (403), the approver's
    override without a reason is 422, with one it is recorded and approval passes."""
    item = in_review(demo, "机密★5年\n关于调整支部委员分工的通知。")
    url = f"/api/v1/disclosures/{item.id}/override"
    for username in ("chengr", "lixy"):
        assert client_of(username).post(url, json={"reason": "可以"}).status_code == 403
    approver = client_of("zhaodm")
    assert approver.post(url, json={"reason": ""}).status_code == 422
    answer = approver.post(url, json={"reason": "原件已解密"})
    assert answer.status_code == 200
    assert events_of("disclosure", item.id)[-1].id == answer.get_json()["event"]
    demo.fire(item, "pass_review", get_person("chengr"), findings=FINDINGS)
    fired = approver.post(f"/api/v1/disclosures/{item.id}/transitions", json={"name": "approve"})
    assert fired.status_code == 200 and fired.get_json()["disclosure"]["state"] == "approved"


def test_an_unclear_marking_is_shown_as_going_to_the_secrecy_administration_004_7_3(
    demo, client_of
):
    """004 七(三): the page says that 《条例》 sends an unclear classification to the
    secrecy administration; once referred, the organization above finds the item on its desk
    (工作台) awaiting its classification decision."""
    item = in_review(demo, "秘密★\n关于调整支部委员分工的通知。")
    page = client_of("chengr").get(f"/admin/disclosure/details/?id={item.id}")
    page = page.get_data(as_text=True)
    assert "《中国共产党党务公开条例（试行）》" in page and "保密行政管理部门" in page
    assert 'data-transition="refer_classification"' in page
    demo.fire(item, "refer_classification", get_person("chengr"), comment="密级标志无保密期限")
    desk = client_of("wangjg").get("/admin/").get_data(as_text=True)
    assert "支部委员分工" in desk and "上级确定：可以公开" in desk


def _feedback(client):
    answer = client.post(
        "/api/v1/feedback",
        json={"organization": "TS-B01", "body": "党费公示何时更新？", "anonymous": True},
    )
    assert answer.status_code == 201, answer.get_data(as_text=True)
    return answer.get_json()["receipt_number"]


def _answer(client, receipt, text):
    from dangwu_core.toolkit import Feedback

    item = Feedback.get(Feedback.receipt_number == receipt)
    page = client.get(f"/admin/feedback/details/?id={item.id}").get_data(as_text=True)
    return client.post(
        f"/admin/feedback/answer/?id={item.id}",
        data={"csrf_token": csrf(page), "answer": text},
        follow_redirects=True,
    )


def test_a_public_answer_is_checked_and_de_sensitized_before_it_is_shown_004_7_3(demo, client_of):
    """004 七(三): an answer to an opinion is checked like a draft before the public sees it:
    personal data is masked on the receipt page and in the API (the stored answer stays as
    written), and a classification marking keeps the answer from being published."""
    from dangwu_core.toolkit import Feedback

    officer = client_of("chengr")
    receipt = _feedback(create_app(unit=demo).test_client())
    page = _answer(officer, receipt, "机密★5年 相关内容不予答复。").get_data(as_text=True)
    assert "the 答复 may not be published" in page
    assert Feedback.get(Feedback.receipt_number == receipt).answer == ""

    _answer(officer, receipt, "已更新，联系人王芳，手机13800138000。")
    assert Feedback.get(Feedback.receipt_number == receipt).answer.endswith("13800138000。")
    anyone = create_app(unit=demo).test_client()
    shown = anyone.get(f"/api/v1/feedback/{receipt}").get_json()["answer"]
    assert shown == "已更新，联系人王芳，手机138****8000。"
    page = anyone.get(f"/receipt?number={receipt}").get_data(as_text=True)
    assert "138****8000" in page and "13800138000" not in page
