"""The portal's forms (Flask-WTF): CSRF-protected, validated, with messages in the reader's
language. The rules behind them stay in the services (feedback, requests, ratings): a form
only checks shapes and passes the service's own refusal back to its field."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    HiddenField,
    PasswordField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from ..models import ReporterKind


class LoginForm(FlaskForm):
    username = StringField(
        _l("用户名"), validators=[DataRequired(_l("请填写用户名")), Length(max=64)]
    )
    password = PasswordField(
        _l("密码"), validators=[DataRequired(_l("请填写密码")), Length(max=200)]
    )
    next = HiddenField()


class LogoutForm(FlaskForm):
    pass


class FeedbackForm(FlaskForm):
    body = TextAreaField(
        _l("意见建议"),
        validators=[
            DataRequired(_l("请填写意见建议")),
            Length(max=5000, message=_l("不超过5000字")),
        ],
    )
    anonymous = BooleanField(_l("匿名提出（将无法告知您办理结果，但可凭回执编号查询）"))
    reporter_kind = SelectField(
        _l("身份"),
        choices=[SelectChoice(k.value, _l(k.label)) for k in ReporterKind],
        default=ReporterKind.PUBLIC.value,
    )
    reporter_name = StringField(_l("姓名"), validators=[Optional(), Length(max=100)])
    reporter_contact = StringField(
        _l("联系方式（电话或地址）"), validators=[Optional(), Length(max=200)]
    )
    disclosure = HiddenField()

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        if self.anonymous.data and (self.reporter_name.data or self.reporter_contact.data):
            self.anonymous.errors.append(_l("匿名提出时请不要填写姓名和联系方式"))
            return False
        return True


class RequestForm(FlaskForm):
    subject = StringField(
        _l("申请公开的事项"), validators=[DataRequired(_l("请填写申请公开的事项")), Length(max=300)]
    )
    content = TextAreaField(
        _l("具体内容和理由"),
        validators=[
            DataRequired(_l("请填写具体内容")),
            Length(max=10000, message=_l("不超过10000字")),
        ],
    )
    applicant_name = StringField(_l("申请人姓名"), validators=[Optional(), Length(max=100)])
    applicant_contact = StringField(_l("联系方式"), validators=[Optional(), Length(max=200)])


class ReceiptForm(FlaskForm):
    class Meta:
        csrf = False  # a GET form: checking a receipt changes nothing

    number = StringField(
        _l("回执编号"), validators=[DataRequired(_l("请填写回执编号")), Length(max=32)]
    )


SCORES = [(5, "好"), (4, "较好"), (3, "一般"), (2, "较差"), (1, "差")]


class RatingForm(FlaskForm):
    score = RadioField(
        _l("评价"),
        choices=[SelectChoice(str(n), _l(label)) for n, label in SCORES],
        validators=[DataRequired(_l("请选择评价"))],
    )
    comment = TextAreaField(_l("意见（可选）"), validators=[Optional(), Length(max=2000)])
