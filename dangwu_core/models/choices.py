"""Closed vocabularies of the domain, as string enums (values are stored; labels are shown).

Each enum's values appear in a CHECK constraint of the column that stores them, so the
database refuses what Python would. Labels are the Chinese terms of the seeds.
"""

from __future__ import annotations

from enum import StrEnum


class LabelledEnum(StrEnum):
    label: str

    def __new__(cls, value: str, label: str):
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member

    @classmethod
    def values(cls) -> list[str]:
        return [m.value for m in cls]


class Scope(LabelledEnum):
    """公开范围: who may read a disclosure (the four tiers of the 2017 regulation)."""

    PUBLIC = "public", "向社会公开"
    PARTY = "party", "党内公开"
    UNIT = "unit", "本单位公开"
    SPECIFIC = "specific", "向特定对象公开"


class Role(LabelledEnum):
    """Roles a person holds on an organization (optionally reaching down its subtree)."""

    LIAISON = "liaison", "联络员"
    PROPOSER = "proposer", "申报人"
    REVIEWER = "reviewer", "审核人"
    APPROVER = "approver", "审批人"
    PUBLISHER = "publisher", "发布人"
    SUPERVISOR = "supervisor", "监督员"
    MEMBER = "member", "党员"
    ADMIN = "admin", "管理员"


class OrganizationKind(LabelledEnum):
    """The structural kind of an organization type; sector plugins name the types."""

    COMMITTEE = "committee", "党委/党工委/党组"
    GENERAL_BRANCH = "general_branch", "党总支"
    BRANCH = "branch", "党支部"
    DISCIPLINE = "discipline", "纪检组织"
    DEPARTMENT = "department", "工作部门"
    OTHER = "other", "其他"


class TimeLimit(LabelledEnum):
    """公开时限."""

    LONG_TERM = "long_term", "长期公开"
    PERIODIC = "periodic", "定期公开"
    STAGED = "staged", "分期公开"
    IMMEDIATE = "immediate", "即时公开"


class Cadence(LabelledEnum):
    """How often a periodic item recurs."""

    MONTHLY = "monthly", "每月"
    QUARTERLY = "quarterly", "每季度"
    HALF_YEARLY = "half_yearly", "每半年"
    YEARLY = "yearly", "每年"


class CatalogStatus(LabelledEnum):
    ACTIVE = "active", "现行"
    SUPERSEDED = "superseded", "已被新版本取代"
    WITHDRAWN = "withdrawn", "已撤回"


class ItemStatus(LabelledEnum):
    ACTIVE = "active", "有效"
    REVOKED = "revoked", "已撤销"
    TERMINATED = "terminated", "已终止"


class ObligationStatus(LabelledEnum):
    """The supervision status of one 应公开事项."""

    PENDING = "pending", "待公开"
    ON_TIME = "on_time", "按时公开"
    LATE = "late", "逾期公开"
    OVERDUE = "overdue", "逾期未公开"
    NOT_SUITABLE = "not_suitable", "暂不宜公开（已备案）"
    CLOSED = "closed", "已关闭"


class FeedbackStatus(LabelledEnum):
    RECEIVED = "received", "已受理"
    ASSIGNED = "assigned", "办理中"
    ANSWERED = "answered", "已答复"
    CLOSED = "closed", "已办结"


class ReporterKind(LabelledEnum):
    MEMBER = "member", "党员"
    PUBLIC = "public", "群众"
    INVESTOR = "investor", "客商"


class RequestStatus(LabelledEnum):
    """The states of a 依申请公开 request."""

    SUBMITTED = "submitted", "已提交"
    ACKNOWLEDGED = "acknowledged", "已受理"
    AWAITING_COMPLETION = "awaiting_completion", "待补正"
    GRANTED = "granted", "同意公开"
    PARTIALLY_GRANTED = "partially_granted", "部分公开"
    REFUSAL_UNDER_REVIEW = "refusal_under_review", "不予公开（待上级审定）"
    REFUSED = "refused", "不予公开"
    WITHDRAWN = "withdrawn", "已撤回"


class FilingKind(LabelledEnum):
    """What is filed (备案) with the upper organization."""

    CATALOG = "catalog", "党务公开目录备案"
    CATALOG_CHANGE = "catalog_change", "目录变更备案"
    NOT_SUITABLE = "not_suitable", "暂不宜公开备案"
    REQUEST = "request", "依申请公开备案"
    REQUEST_REFUSAL = "request_refusal", "不予公开理由报审"
    IMPLEMENTATION_PLAN = "implementation_plan", "实施方案备案"
    OTHER = "other", "其他"


class ReminderStatus(LabelledEnum):
    PENDING = "pending", "待发送"
    SENT = "sent", "已发送"
    FAILED = "failed", "发送失败"


class FilingStatus(LabelledEnum):
    FILED = "filed", "已报备"
    ACKNOWLEDGED = "acknowledged", "已收悉"
    REVIEWED = "reviewed", "已审定"
