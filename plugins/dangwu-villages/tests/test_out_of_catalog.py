"""An out-of-catalog item of a village branch (目录外事项) waits in 已移交 until the catalog's
issuer approves its work plan — the branch's parent here, the county's catalog naming an
issuer outside the unit, decided by the town secretary whose role reaches down to it; the
admin says what is missing and offers each person their step.

Rule: 003 §6(二) “目录外事项……须制定工作方案，报目录制定单位审核同意后方可公开”; issue 14's
demo item stuck in ``handed_over`` was the guard ``plan_approved_if_out_of_catalog`` on the
publish step with no way to file the plan from the admin.
"""

from __future__ import annotations

import re

from dangwu_core.toolkit import Account, Disclosure, Filing, Organization

FINDINGS = {"necessity": "有必要", "accuracy": "已核对", "legality": "合规", "secrecy": "不涉密"}
TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def _p(username):
    return Account.get(Account.username == username).person


def _login(app, username):
    client = app.test_client()
    page = client.get("/party/login").get_data(as_text=True)
    client.post(
        "/party/login",
        data={"username": username, "password": "dangwu-demo", "csrf_token": TOKEN.search(page)[1]},
    )
    return client


def _post(client, url, page_url, **data):
    data["csrf_token"] = TOKEN.search(client.get(page_url).get_data(as_text=True))[1]
    return client.post(url, data=data, follow_redirects=True).get_data(as_text=True)


def test_a_branchs_out_of_catalog_item_is_published_once_the_town_approves_its_plan_003_6_2(
    app, unit
):
    """003 §6(二): the liaison files the plan, the town's secretary approves it from his
    工作台, the town office publishes the handed-over item."""
    branch = Organization.get(Organization.code == "XNZ-C01")
    item = unit.create_draft(branch, _p("sunl"), "目录外：村党员活动室改造", "改造方案。",
                             "party", ["meeting"])  # fmt: skip
    unit.fire(item, "propose", _p("sunl"))
    unit.fire(item, "start_review", _p("chengr"))
    unit.fire(item, "pass_review", _p("chengr"), findings=FINDINGS)
    unit.fire(item, "approve", _p("zhaodm"), comment="同意")
    unit.fire(item, "hand_over", _p("sunl"))
    url = f"/admin/disclosure/details/?id={item.id}"
    office, liaison, secretary = (_login(app, u) for u in ("lixy", "sunl", "wangjg"))
    assert "工作方案尚未经目录制定单位审核同意" in office.get("/admin/").get_data(as_text=True)
    refused = _post(office, "/admin/disclosure/transition/", url, id=item.id, name="publish")
    assert "work plan" in refused and Disclosure.get_by_id(item.id).state == "handed_over"
    _post(liaison, f"/admin/procedures/plan/submit/?id={item.id}", url, plan="公开改造方案和经费。")
    plan = Filing.get(Filing.subject_id == item.id)
    assert plan.upper_organization_id == branch.parent_id  # the catalog names no issuer here
    assert f'data-filing="{plan.id}"' in secretary.get("/admin/").get_data(as_text=True)
    _post(
        secretary, f"/admin/procedures/filing/decide/?id={plan.id}", "/admin/",
        decision="agree", opinion="同意。",
    )  # fmt: skip
    _post(office, "/admin/disclosure/transition/", url, id=item.id, name="publish")
    assert Disclosure.get_by_id(item.id).state == "published"
