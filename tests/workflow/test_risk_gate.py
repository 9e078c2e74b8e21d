"""The risk gate (风险评估, 004 七(四)), on SQLite and PostgreSQL: an item flagged by its catalog
item, by the reviewer or by a plugin is approved only once its social-stability assessment (and,
for a major decision, its online-opinion assessment) is complete; a high rating needs the
collective decision; supervision counts the items awaiting an assessment."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from pinned import DefaultProcedure

from dangwu_core import hookimpl, risk, supervision
from dangwu_core.audit import events_of
from dangwu_core.errors import GuardRefused, PermissionDenied, ValidationError
from dangwu_core.models import RiskAssessment
from dangwu_core.review import RiskRule
from dangwu_core.testing import start_unit

from .conftest import FINDINGS, make_item, person

STABILITY = {
    "legality": {"rating": "low", "note": "符合村民自治章程"},
    "reasonableness": {"rating": "low", "note": "群众普遍受益"},
    "feasibility": {"rating": "medium", "note": "资金已落实"},
    "controllability": {"rating": "low", "note": "已制定应急预案"},
}
OPINION = {
    "feasibility": {"rating": "low", "note": "已通过公开栏征求意见"},
    "acceptance": {"rating": "low", "note": "意见征集支持率92%"},
}
DECISION = {"meeting": "党委会第12次会议", "date": "2026-03-02", "decision": "同意公开"}


class LandRule:
    """A plugin flagging every item whose title names 征收 as a major decision."""

    @staticmethod
    @hookimpl
    def dangwu_register_risk_rules():
        def applies(disclosure):
            return "opinion" if "征收" in disclosure.title else None

        return [RiskRule("test.requisition", "涉及征收的事项", applies)]


@pytest.fixture
def org(database_url):
    unit = start_unit(
        database_url,
        extra_plugins=[("default_procedure", DefaultProcedure), ("land", LandRule)],
    )
    top = unit.create_organization(code="t", name="测试党委", type="testsector_committee")
    ns = SimpleNamespace(unit=unit, org=top)
    ns.proposer = person("组织委员", top, "proposer")
    ns.reviewer = person("公开办主任", top, "reviewer")
    ns.approver = person("党委书记", top, "approver")
    ns.publisher = person("公开办干事", top, "publisher")

    def awaiting(title="2026年村级道路建设项目", **fields):
        item = unit.create_draft(
            top, ns.proposer, title, "项目总投资80万元。", "public", ["website"], **fields
        )
        unit.fire(item, "propose", ns.proposer)
        unit.fire(item, "start_review", ns.reviewer)
        unit.fire(item, "pass_review", ns.reviewer, findings=FINDINGS)
        return item

    ns.awaiting = awaiting
    yield ns
    unit.db.close()


def test_a_flagged_catalog_item_is_not_approved_until_both_assessments_are_complete_004_7_4(org):
    """004 七(四): a major decision (the catalog item says ``opinion``) needs the
    social-stability and the online-opinion assessment before it is decided: approval is
    refused with one error naming what is missing, and passes once both are made."""
    item = org.awaiting(catalog_item=make_item("R1", risk_assessment="opinion"))
    with pytest.raises(GuardRefused, match=r"社会稳定风险评估.*网络舆情风险评估") as refused:
        org.unit.fire(item, "approve", org.approver)
    assert refused.value.guard == "risk_assessments_complete"
    assert "目录事项“目录事项 R1”" in str(refused.value)

    risk.assess(org.unit, item, org.proposer, "stability", STABILITY, "李评估")
    with pytest.raises(GuardRefused, match="missing 网络舆情风险评估") as refused:
        org.unit.fire(item, "approve", org.approver)
    assert "社会稳定风险评估" not in str(refused.value)

    risk.assess(org.unit, item, org.reviewer, "opinion", OPINION, "王舆情")
    org.unit.fire(item, "approve", org.approver)
    assert item.state == "approved"
    assessed = [
        e for e in events_of("disclosure", item.id) if e.action == "disclosure.risk_assessed"
    ]
    assert [(e.actor_id, e.payload["kind"], e.payload["assessor"]) for e in assessed] == [
        (org.proposer.id, "stability", "李评估"),
        (org.reviewer.id, "opinion", "王舆情"),
    ]


def test_a_high_rating_needs_the_collective_decision_004_7_4(org):
    """004 七(四) with 004 五(三): a high risk rating is decided collectively (集体研究决定)."""
    item = org.awaiting(catalog_item=make_item("R2", risk_assessment="stability"))
    high = {**STABILITY, "controllability": {"rating": "high", "note": "群众意见分歧较大"}}
    risk.assess(org.unit, item, org.proposer, "stability", high, "李评估")
    with pytest.raises(GuardRefused, match=r"可控性 high.*集体研究决定"):
        org.unit.fire(item, "approve", org.approver)
    org.unit.fire(item, "approve", org.approver, collective_decision=DECISION)
    assert item.state == "approved"


def test_the_reviewer_flags_an_item_and_the_office_may_not_004_7_4(org):
    """004 七(四): the reviewer marks an item as needing the assessment; the action registry
    decides who may (the office, a publisher, may not)."""
    item = org.awaiting()
    with pytest.raises(PermissionDenied):
        risk.flag(org.unit, item, org.publisher, "stability", "涉及群众切身利益")
    org.unit.fire(item, "approve", org.approver)  # nothing asked for it
    other = org.awaiting("2026年村集体资产处置")
    risk.flag(org.unit, other, org.reviewer, "stability", "涉及群众切身利益")
    with pytest.raises(GuardRefused, match="asked by 审核人"):
        org.unit.fire(other, "approve", org.approver)


def test_a_plugin_rule_flags_an_item_and_supervision_counts_it_004_7_4(org):
    """004 七(四): a plugin's rule flags an item (both assessments: a major decision); the
    requirement is recorded at review, so supervision counts it per organization until the
    assessments are made."""
    item = org.awaiting("东方村土地征收补偿方案")
    plain = org.awaiting()
    assert risk.required(org.unit, item) == {
        "stability": ["涉及征收的事项"],
        "opinion": ["涉及征收的事项"],
    }
    assert risk.required(org.unit, plain) == {}
    workflows = org.unit.registry.workflows
    assert supervision.awaiting_assessment(org.org, workflows) == {org.org.id: 1}
    risk.assess(org.unit, item, org.proposer, "stability", STABILITY, "李评估")
    assert supervision.awaiting_assessment(org.org, workflows) == {org.org.id: 1}
    risk.assess(org.unit, item, org.proposer, "opinion", OPINION, "王舆情")
    assert supervision.awaiting_assessment(org.org, workflows) == {}


@pytest.mark.parametrize(
    ("kind", "ratings", "assessor", "message"),
    [
        (
            "stability",
            {**STABILITY, "legality": {"rating": "low", "note": " "}},
            "李",
            "needs a note",
        ),
        (
            "stability",
            {k: v for k, v in STABILITY.items() if k != "legality"},
            "李",
            "rate legality",
        ),
        (
            "stability",
            {**STABILITY, "legality": {"rating": "很高", "note": "x"}},
            "李",
            "low, medium",
        ),
        (
            "stability",
            {**STABILITY, "popularity": {"rating": "low", "note": "x"}},
            "李",
            "no aspect",
        ),
        ("stability", STABILITY, " ", "names its assessor"),
        ("weather", STABILITY, "李", "unknown risk assessment"),
    ],
)
def test_an_incomplete_assessment_is_one_clear_error_and_records_nothing_004_7_4(
    org, kind, ratings, assessor, message
):
    """004 七(四): each aspect is rated 低/中/高 with a note, by a named assessor."""
    item = org.awaiting(catalog_item=make_item("R3", risk_assessment="stability"))
    with pytest.raises(ValidationError, match=message):
        risk.assess(org.unit, item, org.proposer, kind, ratings, assessor)
    assert RiskAssessment.select().count() == 0
