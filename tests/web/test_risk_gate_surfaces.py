"""The risk gate (风险评估, 004 七(四)) through the API and the admin, on SQLite and PostgreSQL:
approval is refused until the required assessments are complete; they are entered by the
officers the action registry names, each aspect rated with a note by a named assessor; the
approver sees them on the item's page."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from admin.helpers import csrf_of
from demo_town import login
from pinned import DefaultProcedure
from workflow.conftest import FINDINGS, make_item, person

from dangwu_core import people, risk
from dangwu_core.app import create_app
from dangwu_core.models import Disclosure, RiskAssessment
from dangwu_core.testing import start_unit

PASSWORD = "a-long-password-9"
STABILITY = {
    "legality": {"rating": "low", "note": "符合有关规定"},
    "reasonableness": {"rating": "low", "note": "群众普遍受益"},
    "feasibility": {"rating": "medium", "note": "资金已落实"},
    "controllability": {"rating": "low", "note": "已制定应急预案"},
}


@pytest.fixture
def gate(database_url):
    unit = start_unit(database_url, extra_plugins=[("default_procedure", DefaultProcedure)])
    org = unit.create_organization(code="t", name="测试党委", type="testsector_committee")
    ns = SimpleNamespace(unit=unit, org=org)
    for key, role in [
        ("proposer", "proposer"),
        ("reviewer", "reviewer"),
        ("approver", "approver"),
        ("publisher", "publisher"),
    ]:
        someone = person(f"测试{role}", org, role)
        people.create_account(someone, key, PASSWORD)
        setattr(ns, key, someone)
    item = unit.create_draft(
        org,
        ns.proposer,
        "2026年道路建设项目",
        "项目总投资80万元。",
        "public",
        ["website"],
        catalog_item=make_item("R1", risk_assessment="stability"),
    )
    unit.fire(item, "propose", ns.proposer)
    unit.fire(item, "start_review", ns.reviewer)
    unit.fire(item, "pass_review", ns.reviewer, findings=FINDINGS)
    ns.item = item
    app = create_app(unit=unit)
    app.config["TESTING"] = True
    ns.client = lambda username: login(app.test_client(), username, PASSWORD)
    yield ns
    unit.db.close()


def test_the_api_refuses_approval_until_the_assessment_is_complete_004_7_4(gate):
    """004 七(四): through the API, approval answers 409 naming the missing assessment; an
    incomplete assessment is 422 and records nothing; the office may not enter one; once it
    is complete, approval passes."""
    url = f"/api/v1/disclosures/{gate.item.id}"
    approver = gate.client("approver")
    refused = approver.post(f"{url}/transitions", json={"name": "approve"})
    assert refused.status_code == 409
    assert "社会稳定风险评估" in refused.get_json()["error"]["message"]
    status = approver.get(f"{url}/risk-assessments").get_json()
    assert status["missing"] == ["stability"] and status["assessments"] == []

    office = gate.client("publisher")
    body = {"kind": "stability", "ratings": STABILITY, "assessor": "李评估"}
    assert office.post(f"{url}/risk-assessments", json=body).status_code == 403
    proposer = gate.client("proposer")
    partial = {**body, "ratings": {k: v for k, v in STABILITY.items() if k != "legality"}}
    answer = proposer.post(f"{url}/risk-assessments", json=partial)
    assert answer.status_code == 422 and "legality" in answer.get_json()["error"]["message"]
    assert RiskAssessment.select().count() == 0

    made = proposer.post(f"{url}/risk-assessments", json=body)
    assert made.status_code == 201 and made.get_json()["assessor"] == "李评估"
    assert approver.get(f"{url}/risk-assessments").get_json()["missing"] == []
    approved = approver.post(f"{url}/transitions", json={"name": "approve"})
    assert approved.status_code == 200 and approved.get_json()["disclosure"]["state"] == "approved"


def test_the_api_lets_the_reviewer_flag_an_item_and_not_the_office_004_7_4(gate):
    """004 七(四): the reviewer flags an item for the online-opinion assessment as well."""
    url = f"/api/v1/disclosures/{gate.item.id}/risk-flags"
    body = {"level": "opinion", "reason": "重大决策"}
    assert gate.client("publisher").post(url, json=body).status_code == 403
    assert gate.client("reviewer").post(url, json=body).status_code == 201
    status = gate.client("approver").get(f"/api/v1/disclosures/{gate.item.id}/risk-assessments")
    assert status.get_json()["missing"] == ["stability", "opinion"]


def test_the_admin_refuses_approval_and_shows_the_assessment_to_the_approver_004_7_4(gate):
    """004 七(四): in the admin, approval is refused naming the missing assessment; the
    proposer enters it on the item's page and the approver sees each rating before approving."""
    page_url = f"/admin/disclosure/details/?id={gate.item.id}"
    approver = gate.client("approver")
    page = approver.get(page_url).get_data(as_text=True)
    assert "尚未评估：审批前须完成。" in page
    answer = approver.post(
        "/admin/disclosure/transition/",
        data={"csrf_token": csrf_of(page), "id": gate.item.id, "name": "approve"},
        follow_redirects=True,
    )
    assert "needs its risk assessment" in answer.get_data(as_text=True)
    assert Disclosure.get_by_id(gate.item.id).state == "awaiting_approval"

    proposer = gate.client("proposer")
    page = proposer.get(page_url).get_data(as_text=True)
    form = {"csrf_token": csrf_of(page), "kind": "stability", "assessor": "李评估"}
    for aspect, value in STABILITY.items():
        form[f"rating_{aspect}"] = value["rating"]
        form[f"note_{aspect}"] = value["note"]
    answer = proposer.post(
        f"/admin/disclosure/risk/assess/?id={gate.item.id}", data=form, follow_redirects=True
    )
    assert "已录入社会稳定风险评估。" in answer.get_data(as_text=True)

    page = approver.get(page_url).get_data(as_text=True)
    assert "评估人：李评估" in page and "资金已落实" in page
    approver.post(
        "/admin/disclosure/transition/",
        data={"csrf_token": csrf_of(page), "id": gate.item.id, "name": "approve"},
    )
    assert Disclosure.get_by_id(gate.item.id).state == "approved"


def test_supervision_lists_the_items_awaiting_an_assessment_per_organization_004_7_4(gate):
    """004 七(四) with 003 §9(五): the supervision page counts, per organization, the items
    still awaiting their risk assessment; the count goes once the assessment is made."""
    approver = gate.client("approver")
    page = approver.get(f"/admin/supervision/?org={gate.org.id}").get_data(as_text=True)
    assert "待风险评估的事项" in page
    assert re.search(r"<td>测试党委</td><td>1</td>", page)
    risk.assess(gate.unit, gate.item, gate.proposer, "stability", STABILITY, "李评估")
    page = approver.get(f"/admin/supervision/?org={gate.org.id}").get_data(as_text=True)
    assert "待风险评估的事项" not in page
