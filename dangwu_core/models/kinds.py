"""The vocabularies of kinds: what a workflow state or transition means (values and labels).

The meaning of each kind, and the rules core attaches to them, are documented in
:mod:`dangwu_core.workflow.kinds`; the enums live here, with the domain's other closed
vocabularies, so that every layer (access control included) may ask for a kind.
"""

from __future__ import annotations

from .choices import LabelledEnum


class TransitionKind(LabelledEnum):
    """What a transition means (see the module docstring)."""

    PROPOSE = "propose", "提出"
    CANCEL = "cancel", "撤回申报"
    REVIEW = "review", "开始审核"
    PASS_REVIEW = "pass_review", "审核通过"
    RETURN = "return", "退回修改"
    REFUSE = "refuse", "不予公开"
    APPROVE = "approve", "审批同意"
    ESCALATE = "escalate", "报上级审批"
    REFER = "refer", "报上级确定密级"
    CLASSIFY = "classify", "上级确定密级"
    DEFER = "defer", "暂不宜公开"
    REOPEN = "reopen", "重新提出"
    HAND_OVER = "hand_over", "报送"
    PUBLISH = "publish", "公开"
    REPUBLISH = "republish", "再公开"
    WIDEN = "widen", "扩大公开范围"
    WITHDRAW = "withdraw", "撤销"
    TERMINATE = "terminate", "终止"
    SUPERSEDE = "supersede", "被替代"
    EXPIRE = "expire", "公开期满"
    ARCHIVE = "archive", "归档"


class StateKind(LabelledEnum):
    """What a state means (see the module docstring)."""

    DRAFT = "draft", "草稿"
    IN_PROCEDURE = "in_procedure", "办理中"
    READY = "ready", "待公开"
    PUBLISHED = "published", "已公开"
    DEFERRED = "deferred", "暂不宜公开"
    CLOSED = "closed", "已结束"
    ARCHIVED = "archived", "已归档"
