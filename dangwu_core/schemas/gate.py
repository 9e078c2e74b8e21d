"""The review's gates as the API takes and shows them: the approver's override of a block
(004 七(三)) and the risk assessments (风险评估, 004 七(四))."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from .common import UTCDateTime

_RATINGS = ("low", "medium", "high")


class OverrideInput(Schema):
    """The approver's written reason for letting a blocked item go on."""

    reason = fields.String(
        required=True,
        validate=validate.Length(min=1, max=5000),
        metadata={"description": "Why the blocking finding does not stop the item (required)."},
    )


class GateEventSchema(Schema):
    """The audit event a gate's decision recorded."""

    event = fields.Integer(required=True, metadata={"description": "The audit event's id."})


class RiskFlagInput(Schema):
    """The reviewer flags an item as needing a risk assessment."""

    level = fields.String(
        required=True,
        validate=validate.OneOf(["stability", "opinion"]),
        metadata={
            "description": "stability (社会稳定风险评估) or opinion (a major decision: the "
            "stability and the online-opinion assessment)."
        },
    )
    reason = fields.String(load_default="", validate=validate.Length(max=2000))


class AspectRating(Schema):
    rating = fields.String(required=True, validate=validate.OneOf(_RATINGS))
    note = fields.String(required=True, validate=validate.Length(min=1, max=2000))


class RiskAssessmentInput(Schema):
    """One complete assessment: every aspect of its kind rated, with a note."""

    kind = fields.String(
        required=True,
        validate=validate.OneOf(["stability", "opinion"]),
        metadata={
            "description": "stability: legality, reasonableness, feasibility, "
            "controllability (合法性, 合理性, 可行性, 可控性); opinion: feasibility, "
            "acceptance (可行性, 民意认可度)."
        },
    )
    ratings = fields.Dict(
        keys=fields.String(validate=validate.Length(max=32)),
        values=fields.Nested(AspectRating),
        required=True,
    )
    assessor = fields.String(
        required=True,
        validate=validate.Length(min=1, max=100),
        metadata={"description": "The named assessor (评估人)."},
    )


class RiskAssessmentSchema(Schema):
    id = fields.Integer(required=True)
    kind = fields.String(required=True)
    ratings = fields.Dict(required=True)
    assessor = fields.String(required=True)
    created_at = UTCDateTime()


class RiskStatusSchema(Schema):
    """What an item needs of the risk gate, what was made and what is missing."""

    required = fields.Dict(
        keys=fields.String(),
        values=fields.List(fields.String()),
        required=True,
        metadata={"description": "kind -> who asked for it (catalog item, reviewer, a rule)."},
    )
    missing = fields.List(fields.String(), required=True)
    assessments = fields.List(fields.Nested(RiskAssessmentSchema), required=True)
    collective_decision_needed = fields.Boolean(
        required=True,
        metadata={"description": "A required assessment rated an aspect high (集体研究决定)."},
    )
