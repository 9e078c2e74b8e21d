"""Every procedure around the workflow has a button in the admin, for the role the seed names,
through the same service as the CLI and the API; the wrong role is refused with the data
unchanged; the event is recorded; the next person's 工作台 shows what waits on them.

Issue 14, point 2. Each test posts the forms as a browser does (the page's CSRF token).
"""

from __future__ import annotations

from dangwu_core import feedback as feedback_service
from dangwu_core.clock import today
from dangwu_core.models import (
    Catalog,
    CatalogItem,
    Disclosure,
    DisclosureVersion,
    Event,
    Feedback,
    Filing,
    FilingKind,
    Obligation,
    ObligationStatus,
)

from .conftest import csrf, login
from .helpers import C01, C03, TOWN, branch_item, org, person, session_token, town_item


def _page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def _post(client, url: str, token_from: str, **data) -> str:
    """Post as a browser would, with the token of the form's page (``token_from``)."""
    data["csrf_token"] = csrf(_page(client, token_from))
    return _send(client, url, data)


def _forge(app, client, url: str, **data) -> str:
    """Post what no page offers this person (the wrong role), with a valid token."""
    data["csrf_token"] = session_token(app, client)
    return _send(client, url, data)


def _send(client, url: str, data: dict) -> str:
    response = client.post(url, data=data, follow_redirects=True)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _events(action: str, subject_type: str, subject_id: int) -> list[Event]:
    return list(
        Event.select().where(
            (Event.action == action)
            & (Event.subject_type == subject_type)
            & (Event.subject_id == subject_id)
        )
    )


def _named_feedback(demo, code: str = TOWN, **fields) -> Feedback:
    return feedback_service.submit(
        demo, org(code), fields.pop("body", "公开栏的内容与会议纪要不一致。"),
        reporter_name="钱有福", reporter_contact="13800000000", **fields,
    )  # fmt: skip


# --- 1. 目录外事项: the work plan ----------------------------------------------------------


def test_an_out_of_catalog_item_publishes_after_its_plan_is_approved_004_5_and_003_6_2(app, demo):
    """003 §6(二), 004 五: an out-of-catalog item needs a work plan approved by the organization
    that issued the catalog before it is published. The proposer files it from the item's
    page; the issuer decides from its 工作台; the publisher may then publish."""
    item = branch_item(demo, "目录外：村级活动场所改造", "approve", catalog_item=None)
    url = f"/admin/disclosure/details/?id={item.id}"
    lixy, sunl, wangjg = (login(app.test_client(), u) for u in ("lixy", "sunl", "wangjg"))
    # stuck: the publisher is told why and who must act
    home = _page(lixy, "/admin/")
    assert "工作方案尚未经目录制定单位审核同意" in home
    assert 'data-plan-state="none"' in _page(lixy, url)
    refused = _post(lixy, "/admin/disclosure/transition/", url, id=item.id, name="publish")
    assert "工作方案" in refused or "work plan" in refused
    assert Disclosure.get_by_id(item.id).state == "approved"
    # the wrong role cannot file it
    page = _forge(app, lixy, f"/admin/procedures/plan/submit/?id={item.id}", plan="方案")
    assert "may not file plans" in page
    assert not Filing.select().where(Filing.subject_id == item.id).exists()
    # the proposer files it
    assert "报送工作方案" in _page(sunl, url)
    _post(sunl, f"/admin/procedures/plan/submit/?id={item.id}", url, plan="公开内容、范围和时间。")
    plan = Filing.get(
        (Filing.kind == FilingKind.IMPLEMENTATION_PLAN.value) & (Filing.subject_id == item.id)
    )
    assert _events("disclosure.plan_submit", "disclosure", item.id)
    assert plan.upper_organization.code == "TS-G01"  # the catalog's issuer: here the parent
    # the issuer's 工作台 shows it; the publisher may not decide it
    assert f'data-filing="{plan.id}"' in _page(wangjg, "/admin/")
    assert f'data-filing="{plan.id}"' not in _page(lixy, "/admin/")
    page = _forge(
        app, lixy, f"/admin/procedures/filing/decide/?id={plan.id}",
        decision="agree", opinion="同意",
    )  # fmt: skip
    assert "may not decide" in page
    assert Filing.get_by_id(plan.id).status == "filed"
    _post(
        wangjg, f"/admin/procedures/filing/decide/?id={plan.id}", "/admin/",
        decision="agree", opinion="同意按方案公开。",
    )  # fmt: skip
    assert Filing.get_by_id(plan.id).payload["approved"] is True
    assert _events("disclosure.plan_decide", "disclosure", item.id)
    assert 'data-plan-state="agreed"' in _page(sunl, url)
    assert "工作方案尚未经目录制定单位审核同意" not in _page(lixy, "/admin/")
    _post(lixy, "/admin/disclosure/transition/", url, id=item.id, name="publish")
    assert Disclosure.get_by_id(item.id).state == "published"


def test_a_refused_plan_is_filed_again_003_6_2(app, demo):
    """003 §6(二): a plan the issuer refuses, with its opinion, is revised and filed again."""
    item = branch_item(demo, "目录外：另一事项", "draft", catalog_item=None)
    url = f"/admin/disclosure/details/?id={item.id}"
    sunl, wangjg = login(app.test_client(), "sunl"), login(app.test_client(), "wangjg")
    _post(sunl, f"/admin/procedures/plan/submit/?id={item.id}", url, plan="初稿")
    plan = Filing.get(Filing.subject_id == item.id)
    _post(
        wangjg, f"/admin/procedures/filing/decide/?id={plan.id}", url,
        decision="decline", opinion="公开范围不明确",
    )  # fmt: skip
    page = _page(sunl, url)
    assert 'data-plan-state="declined"' in page and "公开范围不明确" in page
    _post(sunl, f"/admin/procedures/plan/submit/?id={item.id}", url, plan="修改稿")
    assert Filing.select().where(Filing.subject_id == item.id).count() == 2


# --- 2. 变更、撤销、终止: the catalog issuer's approval ------------------------------------------


def test_revoking_an_item_of_an_upper_catalog_needs_the_issuers_approval_001_4_2_003_9_2(app, demo):
    """001 四.2, 003 §9(二): an item disclosed under the catalog of an upper organization is
    revoked only with that organization's approval: the branch asks from the item's page,
    the issuer decides from its 工作台, the withdrawal then goes through, once."""
    Catalog.update(issuer=org(TOWN)).execute()  # the committee issued the branches' catalog
    item = branch_item(demo, "须经批准撤销的事项", "publish")
    url = f"/admin/disclosure/details/?id={item.id}"
    sunl, zhaodm, wangjg, chenj = (
        login(app.test_client(), u) for u in ("sunl", "zhaodm", "wangjg", "chenj")
    )
    page = _page(zhaodm, url)
    assert 'data-action="revoke" data-state="none"' in page
    refused = _post(
        zhaodm, "/admin/disclosure/transition/", url, id=item.id, name="withdraw", comment="x"
    )
    assert "ask for it first" in refused
    assert Disclosure.get_by_id(item.id).state == "published"
    # a supervisor may not ask
    page = _forge(
        app, chenj, f"/admin/procedures/change/request/?id={item.id}",
        action="revoke", reason="理由",
    )  # fmt: skip
    assert "may not ask for changes" in page
    assert not Filing.select().where(Filing.subject_id == item.id).exists()
    _post(
        sunl, f"/admin/procedures/change/request/?id={item.id}", url,
        action="revoke", reason="数据有误，须撤销后重新公开。",
    )  # fmt: skip
    request = Filing.get(
        (Filing.kind == FilingKind.CATALOG_CHANGE.value) & (Filing.subject_id == item.id)
    )
    assert _events("disclosure.change_request", "disclosure", item.id)
    assert f'data-filing="{request.id}"' in _page(wangjg, "/admin/")
    _post(
        wangjg, f"/admin/procedures/filing/decide/?id={request.id}", "/admin/",
        decision="agree", opinion="同意撤销。",
    )  # fmt: skip
    assert _events("disclosure.change_decide", "disclosure", item.id)
    assert 'data-action="revoke" data-state="ready"' in _page(zhaodm, url)
    _post(
        zhaodm, "/admin/disclosure/transition/", url,
        id=item.id, name="withdraw", comment="经党委批准撤销",
    )  # fmt: skip
    assert Disclosure.get_by_id(item.id).state == "withdrawn"
    assert Filing.get_by_id(request.id).payload["used"] is True


# --- 3. 要求提出 -----------------------------------------------------------------------------


def test_the_leadership_demands_a_proposal_from_the_obligations_row_004_5_1(app, demo):
    """004 五(一): for an item that should be disclosed and was not proposed, the
    organization (its leadership, or an upper one's) demands that the responsible department
    propose it; the responsible people see the demand on their 工作台."""
    from dangwu_core import demands

    obligation = next(
        o
        for o in Obligation.select()
        .where(
            (Obligation.organization == org(C01))
            & (Obligation.status == ObligationStatus.PENDING.value)
        )
        .order_by(Obligation.due_date)
        if person("sunl").id in demands.responsible(o) and not o.disclosures.exists()
    )
    url = f"/admin/obligation/details/?id={obligation.id}"
    wangjg, sunl = login(app.test_client(), "wangjg"), login(app.test_client(), "sunl")
    assert "要求提出" not in _page(sunl, url)  # a liaison may not demand
    page = _forge(app, sunl, f"/admin/procedures/demand/?id={obligation.id}", reason="快")
    assert "may not demand" in page
    assert not demands.demands_of(obligation)
    assert "要求提出" in _page(wangjg, url)
    _post(
        wangjg, f"/admin/procedures/demand/?id={obligation.id}", url,
        reason="本月应公开而未提出，请即提出公开意见。",
    )  # fmt: skip
    assert [e.actor_id for e in demands.demands_of(obligation)] == [person("wangjg").id]
    home = _page(sunl, "/admin/")
    assert "本月应公开而未提出" in home and f"/admin/obligation/details/?id={obligation.id}" in home


# --- 4. 重要意见呈报领导 -------------------------------------------------------------------------


def test_important_feedback_goes_to_the_leadership_and_back_001_4_3(app, demo):
    """001 四.3: the handler sends an important opinion to the leadership group; the leaders
    answer it; the answer reaches the reporter (the receipt check) and the handler's group."""
    item = _named_feedback(demo)
    url = f"/admin/feedback/details/?id={item.id}"
    lixy, wangjg, chenj = (login(app.test_client(), u) for u in ("lixy", "wangjg", "chenj"))
    assert "呈报领导小组" not in _page(chenj, url)
    page = _forge(app, chenj, f"/admin/procedures/feedback/escalate/?id={item.id}", reason="x")
    assert "may not handle feedback" in page
    assert not Feedback.get_by_id(item.id).escalated
    _post(
        lixy, f"/admin/procedures/feedback/escalate/?id={item.id}", url,
        reason="涉及全体党员利益，须领导小组研究。",
    )  # fmt: skip
    assert Feedback.get_by_id(item.id).escalated
    assert _events("feedback.escalate", "feedback", item.id)
    # the office no longer answers it alone; the leaders see it on their 工作台
    assert 'class="dw-answer"' not in _page(lixy, url)
    assert item.receipt_number in _page(wangjg, "/admin/")
    page = _forge(app, lixy, f"/admin/feedback/answer/?id={item.id}", answer="办公室答复")
    assert "answered by the leadership" in page
    assert Feedback.get_by_id(item.id).status == "received"
    _post(
        wangjg, f"/admin/feedback/answer/?id={item.id}", url,
        answer="领导小组研究决定：下月起按月公开党费收缴情况。",
    )  # fmt: skip
    answered = Feedback.get_by_id(item.id)
    assert answered.status == "answered" and answered.reporter_notified_at is not None
    receipt = app.test_client().get(f"/receipt?number={item.receipt_number}")
    assert "下月起按月公开党费收缴情况" in receipt.get_data(as_text=True)
    assert "已呈报领导小组研究" in receipt.get_data(as_text=True)
    # the result comes back to the group that sent it up, which closes it
    assert item.receipt_number in _page(lixy, "/admin/")
    _post(lixy, f"/admin/procedures/feedback/close/?id={item.id}", url)
    assert Feedback.get_by_id(item.id).status == "closed"


# --- 5. 即时公开: recording the triggering event ------------------------------------------------


def test_recording_the_event_of_an_immediate_item_opens_its_obligation_001_5_4_003_8_4(app, demo):
    """001 五.4, 003 §8(四): when a pre-appointment notice is due (or a member is developed,
    a case handled), the office records the event; the obligation opens with its due date and
    shows up on the office's 工作台."""
    item = CatalogItem.get(CatalogItem.code == "GB-01")
    lixy, chenj = login(app.test_client(), "lixy"), login(app.test_client(), "chenj")
    assert "干部任前公示" in _page(lixy, f"/admin/procedures/immediate/?organization={org(C03).id}")
    day = today()
    form = f"/admin/procedures/immediate/?organization={org(C03).id}"
    _post(
        lixy, "/admin/procedures/immediate/", form,
        organization=org(C03).id, item=item.id, triggered_on=day.isoformat(), label="王某任前公示",
    )  # fmt: skip
    opened = Obligation.get(
        (Obligation.organization == org(C03))
        & (Obligation.catalog_item == item)
        & (Obligation.period_label == "王某任前公示")
    )
    assert opened.due_date >= day and opened.status == ObligationStatus.PENDING.value
    (event,) = _events("obligation.open_immediate", "obligation", opened.id)
    assert event.actor_id == person("lixy").id
    assert "王某任前公示" in _page(lixy, "/admin/")
    # a supervisor records nothing
    before = Obligation.select().count()
    assert "您没有可以记录即时公开事项的党组织" in _page(chenj, "/admin/procedures/immediate/")
    _forge(
        app, chenj, "/admin/procedures/immediate/",
        organization=org(C03).id, item=item.id, triggered_on=day.isoformat(), label="监督员",
    )  # fmt: skip
    assert Obligation.select().count() == before


def test_the_service_refuses_who_may_not_record_events_003_8_4(demo):
    """003 §8(四): recording an immediate item's event is an officer's act
    (``obligation.trigger``), refused for a supervisor even through the service."""
    import pytest

    from dangwu_core import obligations
    from dangwu_core.errors import PermissionDenied

    item = CatalogItem.get(CatalogItem.code == "GB-01")
    with pytest.raises(PermissionDenied):
        obligations.open_immediate(
            demo, org(C01), item, today(), label="监督员不能记录", actor=person("chenj")
        )
    assert not Obligation.select().where(Obligation.period_label == "监督员不能记录").exists()


# --- 6. 再公开 linked to the feedback that caused it --------------------------------------------


def test_a_republication_names_the_feedback_that_led_to_it_003_8_4_004_6_2(app, demo):
    """003 §8(四), 004 六(二): when an opinion leads to a correction, the re-publication names
    it; the new version records it, the feedback's page and the item's history show the link,
    and the reporter's receipt check says the opinion led to a correction."""
    item = town_item(demo, "党费收缴情况", "publish", scope="public", channels=["website"])
    opinion = _named_feedback(demo, disclosure=item)
    elsewhere = _named_feedback(demo, C03, body="别的支部的意见")
    url = f"/admin/disclosure/details/?id={item.id}"
    lixy = login(app.test_client(), "lixy")
    page = _page(lixy, url)
    assert f'<option value="{opinion.id}">' in page and f'value="{elsewhere.id}"' not in page
    # an opinion of another organization is refused, nothing changes
    _post(
        lixy, "/admin/disclosure/transition/", url,
        id=item.id, name="republish", comment="更正金额", body="更正后的内容。",
        feedback=elsewhere.id,
    )  # fmt: skip
    assert Disclosure.get_by_id(item.id).current_version == 1
    _post(
        lixy, "/admin/disclosure/transition/", url,
        id=item.id, name="republish", comment="更正金额", body="更正后的内容。",
        feedback=opinion.id,
    )  # fmt: skip
    version = DisclosureVersion.get(
        (DisclosureVersion.disclosure == item.id) & (DisclosureVersion.number == 2)
    )
    assert opinion.receipt_number in version.reason
    (event,) = _events("disclosure.republish", "disclosure", item.id)
    assert event.payload["feedback"]["receipt_number"] == opinion.receipt_number
    (link,) = _events(feedback_service.CORRECTION, "feedback", opinion.id)
    assert link.payload["disclosure"] == item.id and link.payload["version"] == 2
    assert opinion.receipt_number in _page(lixy, url)  # the history
    assert f"/admin/disclosure/details/?id={item.id}" in _page(
        lixy, f"/admin/feedback/details/?id={opinion.id}"
    )
    receipt = app.test_client().get(f"/receipt?number={opinion.receipt_number}")
    text = receipt.get_data(as_text=True)
    assert "已根据您的意见更正并重新公开" in text and "党费收缴情况" in text
