"""Feedback (意见反馈) and requests for disclosure (依申请公开): what is sent, what a receipt
number shows back."""

from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from ..models import ReporterKind
from .common import UTCDateTime
from .numbers import Id


class FeedbackInput(Schema):
    organization = fields.String(required=True, validate=validate.Length(min=1, max=64))
    body = fields.String(required=True, validate=validate.Length(min=1, max=5000))
    anonymous = fields.Boolean(load_default=False)
    reporter_kind = fields.String(
        load_default=ReporterKind.PUBLIC.value, validate=validate.OneOf(ReporterKind.values())
    )
    reporter_name = fields.String(load_default="", validate=validate.Length(max=100))
    reporter_contact = fields.String(load_default="", validate=validate.Length(max=200))
    disclosure = Id()

    @validates_schema
    def _named_or_anonymous(self, data, **kwargs):
        if data.get("anonymous") and (data.get("reporter_name") or data.get("reporter_contact")):
            raise ValidationError("anonymous feedback cannot name its reporter", "anonymous")


class FeedbackReceiptSchema(Schema):
    """What anyone holding the receipt number sees: no reporter's name or contact."""

    receipt_number = fields.String(required=True)
    organization = fields.Function(lambda f: f.organization.code)
    status = fields.String(required=True)
    submitted_at = UTCDateTime(attribute="created_at")
    due_date = fields.Date(allow_none=True)
    #: as the public sees it: checked, personal data masked (004 七(三))
    answer = fields.Function(lambda f: f.public_answer or f.answer)
    answered_at = UTCDateTime(allow_none=True)


class RequestInput(Schema):
    organization = fields.String(required=True, validate=validate.Length(min=1, max=64))
    subject = fields.String(required=True, validate=validate.Length(min=1, max=300))
    content = fields.String(required=True, validate=validate.Length(min=1, max=10000))
    applicant_name = fields.String(load_default="", validate=validate.Length(max=100))
    applicant_contact = fields.String(load_default="", validate=validate.Length(max=200))


class RequestReceiptSchema(Schema):
    receipt_number = fields.String(required=True)
    organization = fields.Function(lambda r: r.organization.code)
    subject = fields.String()
    status = fields.String(required=True)
    submitted_at = UTCDateTime(attribute="created_at")
    deadline = fields.Date()
    extended = fields.Boolean()
    extension_reason = fields.String()
    #: as the public sees it: checked, personal data masked (004 七(三))
    decision_reason = fields.Function(lambda r: r.public_reason or r.decision_reason)
    decided_at = UTCDateTime(allow_none=True)
    disclosure = fields.Function(lambda r: r.disclosure_id, allow_none=True)
