"""The review checks' findings of a version and a reviewer's decision on one (脱密脱敏)."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from .common import UTCDateTime


class FindingDecisionSchema(Schema):
    kind = fields.String(required=True, metadata={"description": "accept or override."})
    by = fields.Function(lambda d: d.by.name)
    at = UTCDateTime(required=True)
    reason = fields.String()


class FindingSchema(Schema):
    """One span a check found: where and what, never the found text."""

    id = fields.Integer(attribute="row.id", required=True)
    check = fields.String(attribute="row.check", required=True)
    kind = fields.String(attribute="row.kind", required=True)
    action = fields.String(
        attribute="row.action",
        required=True,
        metadata={"description": "block, redact, flag or escalate."},
    )
    source = fields.String(
        attribute="row.source",
        required=True,
        metadata={"description": "title, body, filename:<name> or attachment:<name>."},
    )
    start = fields.Integer(attribute="row.start", required=True)
    end = fields.Integer(attribute="row.end", required=True)
    suggestion = fields.String(attribute="row.suggestion")
    decision = fields.Nested(FindingDecisionSchema, allow_none=True)
    masked = fields.Boolean(
        required=True,
        metadata={"description": "Masked for readers who may not see the original."},
    )


class FindingDecisionInput(Schema):
    """Accept a redaction, or override it with a written reason."""

    decision = fields.String(required=True, validate=validate.OneOf(["accept", "override"]))
    reason = fields.String(load_default="", validate=validate.Length(max=2000))
