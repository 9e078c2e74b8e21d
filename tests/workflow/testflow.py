"""A test plugin: the village-branch procedure of 000 四(一)2 as a second workflow, a review
check, a guard and an effect of its own, and a listener of ``dangwu_on_transition``."""

from __future__ import annotations

import re

from dangwu_core.toolkit import Finding, Outcome, ReviewCheck, WorkflowFunction, hookimpl

READERS = ["proposer", "liaison", "reviewer", "approver", "publisher@parent", "admin"]

#: 000 四(一)2: the liaison submits (申报), the branch secretary reviews and approves (审核批准),
#: the town office publishes for the branch (执行).
BRANCH_WORKFLOW = {
    "workflow": "testflow.branch",
    "label": "基层党组织党务公开程序",
    "initial": "draft",
    "states": {
        "draft": {"kind": "draft", "label": "草稿", "readers": READERS},
        "submitted": {"kind": "in_procedure", "label": "已报支部审核", "readers": READERS},
        "approved": {"kind": "ready", "label": "支部已审批", "readers": READERS},
        "published": {
            "kind": "published",
            "label": "镇公开办已公开",
            "readers": ["by_scope", *READERS],
        },
        "archived": {"kind": "archived", "label": "已归档", "readers": ["by_scope", *READERS]},
    },
    "transitions": {
        "submit": {
            "label": "联络员申报",
            "kind": "propose",
            "from": ["draft"],
            "to": "submitted",
            "role": "liaison",
        },
        "approve": {
            "label": "支部审核批准",
            "kind": "approve",
            "from": ["submitted"],
            "to": "approved",
            "role": "approver",
            "guards": ["not_proposer", "review_findings_complete", "review_checks_pass"],
        },
        "send_back": {
            "label": "退回",
            "kind": "return",
            "from": ["submitted"],
            "to": "draft",
            "role": "approver",
            "guards": ["not_proposer"],
            "requires_comment": True,
        },
        "publish": {
            "label": "镇公开办公开",
            "kind": "publish",
            "from": ["approved"],
            "to": "published",
            "role": "publisher",
            "on": "parent",
            "effects": ["stamp_publication", "fulfil_obligation"],
        },
        "archive": {
            "label": "归档",
            "kind": "archive",
            "from": ["published"],
            "to": "archived",
            "role": "publisher",
            "on": "parent",
            "effects": ["explode_if_asked"],
        },
    },
}

TRANSITIONS: list[tuple[int, str, str]] = []


def _explode_if_asked(ctx):
    if ctx.data.get("explode"):
        raise RuntimeError("the archive is on fire")


def _markings(disclosure, version):
    if "机密" in version.body:
        return Finding("testflow.markings", Outcome.BLOCK, "正文含密级标志“机密”")
    match = re.search(r"\d{17}[\dX]", version.body)
    if match:
        return Finding(
            "testflow.markings", Outcome.REDACT, f"正文含身份证号 {match.group()}", escalate=False
        )
    return Finding("testflow.markings", Outcome.PASS)


@hookimpl
def dangwu_workflow_definition(organization_type):
    if organization_type.name == "testsector_branch":
        return BRANCH_WORKFLOW
    return None


@hookimpl
def dangwu_register_workflow_functions():
    return [WorkflowFunction("explode_if_asked", "effect", _explode_if_asked, "测试：按需失败")]


@hookimpl
def dangwu_register_review_checks():
    return [ReviewCheck("testflow.markings", "密级标志与身份证号", "secrecy", _markings)]


@hookimpl
def dangwu_on_transition(disclosure, transition, event):
    TRANSITIONS.append((disclosure.id, transition, event.to_state))
