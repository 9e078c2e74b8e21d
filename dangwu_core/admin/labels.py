"""Chinese labels of the admin (message ids are the Chinese texts; English via Flask-Babel)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape

from ..models import (
    FeedbackStatus,
    FilingKind,
    FilingStatus,
    ItemStatus,
    ObligationStatus,
    ReporterKind,
    RequestStatus,
    Role,
    Scope,
    TimeLimit,
)

#: Column labels shared by every view (a view adds its own).
COLUMNS = {
    "code": _l("编码"),
    "name": _l("名称"),
    "short_name": _l("简称"),
    "type": _l("类型"),
    "sector": _l("领域"),
    "kind": _l("组织类别"),
    "parent": _l("上级党组织"),
    "depth": _l("层级"),
    "sort_order": _l("排序"),
    "is_active": _l("有效"),
    "phone": _l("电话"),
    "email": _l("电子邮箱"),
    "is_party_member": _l("党员"),
    "contact_note": _l("联系备注"),
    "person": _l("人员"),
    "organization": _l("党组织"),
    "role": _l("角色"),
    "reaches_down": _l("覆盖下级组织"),
    "department": _l("承办部门"),
    "title": _l("标题"),
    "version": _l("版本"),
    "issuer_name": _l("制定单位"),
    "targets": _l("适用组织"),
    "effective_date": _l("生效日期"),
    "status": _l("状态"),
    "catalog": _l("目录"),
    "category": _l("公开内容类别"),
    "scope": _l("公开范围"),
    "channels": _l("公开形式"),
    "time_limit": _l("公开时限"),
    "cadence": _l("周期"),
    "proposing_department": _l("承办部门"),
    "needs_upper_approval": _l("须报上级审批"),
    "important": _l("重要事项"),
    "risk_assessment": _l("风险评估"),
    "catalog_item": _l("目录事项"),
    "period_label": _l("公开期次"),
    "period_start": _l("期次开始"),
    "period_end": _l("期次结束"),
    "due_date": _l("应公开日期"),
    "fulfilled_at": _l("公开时间"),
    "closed_reason": _l("说明"),
    "state": _l("办理状态"),
    "proposer": _l("申报人"),
    "published_at": _l("公开时间"),
    "display_from": _l("公示起"),
    "display_until": _l("公示止"),
    "current_version": _l("当前版本"),
    "at": _l("时间"),
    "actor": _l("操作人"),
    "action": _l("操作"),
    "subject_type": _l("对象类型"),
    "subject_id": _l("对象编号"),
    "from_state": _l("原状态"),
    "to_state": _l("新状态"),
    "reason": _l("理由"),
    "receipt_number": _l("回执编号"),
    "channel": _l("来源渠道"),
    "reporter_kind": _l("身份"),
    "reporter_name": _l("反映人"),
    "body": _l("内容"),
    "assignee": _l("承办人"),
    "answer": _l("答复"),
    "answered_at": _l("答复时间"),
    "applicant_name": _l("申请人"),
    "subject": _l("申请事项"),
    "deadline": _l("办理时限"),
    "decision_reason": _l("决定理由"),
    "upper_organization": _l("备案单位"),
    "created_at": _l("提交时间"),
    "filed_by": _l("报送人"),
    "review_opinion": _l("审定意见"),
}

VOCABULARIES = {
    "scope": {s.value: s.label for s in Scope},
    "role": {r.value: r.label for r in Role},
    "time_limit": {t.value: t.label for t in TimeLimit},
    "obligation": {s.value: s.label for s in ObligationStatus},
    "feedback": {s.value: s.label for s in FeedbackStatus},
    "request": {s.value: s.label for s in RequestStatus},
    "filing_kind": {k.value: k.label for k in FilingKind},
    "filing_status": {s.value: s.label for s in FilingStatus},
    "item_status": {s.value: s.label for s in ItemStatus},
    "reporter_kind": {k.value: k.label for k in ReporterKind},
}


def vocabulary(name: str, field: str):
    """A column formatter showing the Chinese label of a stored value."""
    labels = VOCABULARIES[name]

    def formatter(view, context, model, _name):
        value = getattr(model, field)
        return labels.get(value, value) if value is not None else ""

    return formatter


def badge(name: str, field: str):
    """A column formatter: the label in a badge coloured by the value."""
    labels = VOCABULARIES[name]

    def formatter(view, context, model, _name):
        value = getattr(model, field)
        return Markup(  # nosec B704  # value and label are escape()d
            f'<span class="dw-badge dw-{escape(value)}">{escape(labels.get(value, value))}</span>'
        )

    return formatter
