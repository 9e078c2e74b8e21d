"""投递记录 and 联动公开平台: the outbox's deliveries, dead letters first, and the platforms
that receive linked publications.

The deliveries list shows every delivery of the person's organizations, filterable by state
(``?flt_state=dead``: the dead letters, each with its last error) and by disclosure
(``?subject=<id>``: one disclosure's delivery history, linked from its page). The bulk action
重新投递 puts dead letters back in the outbox (:func:`dangwu_core.outbox.retry`: the registry's
``delivery.retry`` decides, an audit event records it).
"""

from __future__ import annotations

from flask import flash, request, url_for
from flask_admin.actions import action
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape
from wtforms import BooleanField, StringField
from wtforms.validators import DataRequired, Length, Optional, Regexp

from .. import outbox
from ..errors import DangwuError, ValidationError
from ..models import Delivery, DeliveryAttempt, DeliveryState, Scope
from ..schemas.numbers import parse_int
from .base import AdminForm, ScopedModelView

STATES = {
    DeliveryState.PENDING.value: _l("待发送"),
    DeliveryState.SENDING.value: _l("发送中"),
    DeliveryState.SENT.value: _l("已送达"),
    DeliveryState.DEAD.value: _l("投递失败"),
}

LABELS = {
    "created_at": _l("写入时间"),
    "channel": _l("渠道"),
    "kind": _l("内容"),
    "recipient": _l("接收方"),
    "organization": _l("党组织"),
    "subject_id": _l("事项编号"),
    "state": _l("状态"),
    "attempts": _l("尝试次数"),
    "next_attempt_at": _l("下次尝试"),
    "last_error": _l("最近错误"),
    "sent_at": _l("送达时间"),
    "name": _l("名称"),
    "platform": _l("平台类型"),
    "url": _l("接收地址"),
    "secret": _l("签名密钥"),
    "organizations": _l("党组织编号"),
    "scopes": _l("公开范围"),
    "internal": _l("党内平台"),
    "active": _l("启用"),
}


def _state(view, context, model, name):
    value = model.state
    label = STATES.get(value, value)
    return Markup(  # nosec B704  # value and label are escape()d
        f'<span class="dw-badge dw-{escape(value)}">{escape(label)}</span>'
    )


class DeliveryView(ScopedModelView):
    """投递记录: what the outbox sent, is sending and could not send."""

    can_create = False
    can_edit = False
    can_export = True
    column_list = (
        "created_at",
        "channel",
        "kind",
        "recipient",
        "subject_id",
        "state",
        "attempts",
        "next_attempt_at",
        "last_error",
        "sent_at",
    )
    column_labels = LABELS
    column_filters = ("state", "channel", "kind", "subject_id")
    column_default_sort = ("created_at", True)
    column_formatters = {
        "state": _state,
        "last_error": lambda v, c, m, n: (
            (m.last_error[:120] + "…") if len(m.last_error) > 120 else m.last_error
        ),
    }
    column_details_list = (*column_list, "key", "organization", "subject_type", "payload")

    def get_query(self):
        query = self.scope(Delivery.select())
        subject = parse_int(request.args.get("subject", ""))
        if subject is not None:
            query = query.where(
                (Delivery.subject_type == "disclosure") & (Delivery.subject_id == subject)
            )
        return query

    def get_count_query(self):
        return self.get_query()

    def disclosure_link(self, disclosure) -> tuple[str, str] | None:
        """投递记录 of one disclosure, linked from its admin page when it has any."""
        if (
            not Delivery.select()
            .where((Delivery.subject_type == "disclosure") & (Delivery.subject_id == disclosure.id))
            .exists()
        ):
            return None
        return _("投递记录"), url_for(f"{self.endpoint}.index_view", subject=disclosure.id)

    def attempts_of(self, model) -> list[DeliveryAttempt]:
        return list(
            DeliveryAttempt.select()
            .where(DeliveryAttempt.delivery == model.id)
            .order_by(DeliveryAttempt.number)
        )

    def is_action_allowed(self, name: str) -> bool:
        return name == "retry" and self.may_anywhere(outbox.RETRY_ACTION)

    @action("retry", _l("重新投递"), _l("将所选的投递失败记录重新放入待发送队列？"))
    def action_retry(self, ids):
        retried, refused = 0, []
        for row in self.scoped_ids(ids):
            try:
                outbox.retry(row, self.person, permissions=self.permissions)
                retried += 1
            except DangwuError as exc:
                refused.append(f"{row.id}: {exc}")
        if retried:
            flash(_("已重新放入待发送队列：%(count)d 条", count=retried), "success")
        for line in refused:
            flash(line, "error")


class SubscriberForm(AdminForm):
    name = StringField(_l("名称"), validators=[DataRequired(), Length(max=200)])
    platform = StringField(_l("平台类型"), validators=[Optional(), Length(max=64)])
    url = StringField(
        _l("接收地址"),
        validators=[
            DataRequired(),
            Length(max=500),
            Regexp(r"^https?://", message=_l("接收地址须以 http:// 或 https:// 开头")),
        ],
    )
    secret = StringField(_l("签名密钥"), validators=[DataRequired(), Length(min=16, max=200)])
    organizations = StringField(_l("党组织编号"), validators=[Optional(), Length(max=2000)])
    scopes = StringField(_l("公开范围"), validators=[Optional(), Length(max=200)])
    internal = BooleanField(_l("党内平台"))
    active = BooleanField(_l("启用"), default=True)


def _id_list(text) -> list[int]:
    if isinstance(text, list):
        return [int(v) for v in text]
    return [int(v) for v in str(text or "").replace("，", ",").split(",") if v.strip().isdigit()]


def _word_list(text) -> list[str]:
    if isinstance(text, list):
        return [str(v) for v in text]
    return [v.strip() for v in str(text or "").replace("，", ",").split(",") if v.strip()]


class SubscriberView(ScopedModelView):
    """联动公开平台: where linked publications go (URL, secret, organizations, scopes); the
    unit's administrator manages them."""

    organization_field = None
    write_action = "admin.manage_organizations"
    allow_delete = True
    form = SubscriberForm
    column_list = ("name", "platform", "url", "organizations", "scopes", "internal", "active")
    column_labels = LABELS
    column_exclude_list = ("secret",)
    column_details_exclude_list = ("secret",)
    can_export = False

    def is_accessible(self) -> bool:
        return self.may_anywhere("admin.manage_organizations")

    def on_form_prefill(self, form, id):
        model = self.get_one(id)
        form.organizations.data = ", ".join(str(i) for i in model.organizations or [])
        form.scopes.data = ", ".join(model.scopes or [])

    def on_model_change(self, form, model, is_created):
        model.organizations = _id_list(form.organizations.data)
        model.scopes = _word_list(form.scopes.data)
        unknown = [s for s in model.scopes if s not in Scope.values()]
        if unknown:
            raise ValidationError(
                _(
                    "未知的公开范围：%(scopes)s（可填：%(known)s）",
                    scopes=", ".join(unknown),
                    known=", ".join(Scope.values()),
                ),
                "scopes",
            )
        super().on_model_change(form, model, is_created)
