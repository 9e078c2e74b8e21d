"""What the admin's forms accept: drafts, workflow transitions and the steps of handling a
request for disclosure.

The transition input extends the API's :class:`~.disclosures.TransitionInput` (the same
fields, the same limits) with what only a person at a desk gives: the recorded collective
decision (集体研究决定, 004 五(三)), the wider scope and its channels, the reviewer's flag.
"""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from ..models import Scope
from .disclosures import TransitionInput
from .numbers import Id


class DraftInput(Schema):
    """A new draft (提出): organization by id, the content, its scope and channels."""

    organization = Id(required=True)
    title = fields.String(required=True, validate=validate.Length(min=1, max=300))
    body = fields.String(required=True, validate=validate.Length(min=1, max=100_000))
    scope = fields.String(required=True, validate=validate.OneOf(Scope.values()))
    channels = fields.List(
        fields.String(validate=validate.Length(min=1, max=64)),
        required=True,
        validate=validate.Length(min=1, max=20),
    )
    catalog_item = Id(allow_none=True)
    obligation = Id(allow_none=True)
    important = fields.Boolean(load_default=False)
    department = fields.String(load_default="", validate=validate.Length(max=100))
    period_label = fields.String(load_default="", validate=validate.Length(max=64))


class CollectiveDecisionInput(Schema):
    meeting = fields.String(required=True, validate=validate.Length(min=1, max=200))
    date = fields.Date(required=True)
    decision = fields.String(required=True, validate=validate.Length(min=1, max=2000))


class AdminTransitionInput(TransitionInput):
    """A transition fired from the admin: the API's input and the desk's extras."""

    collective_decision = fields.Nested(CollectiveDecisionInput)
    scope = fields.String(validate=validate.OneOf(Scope.values()))
    channels = fields.List(fields.String(validate=validate.Length(min=1, max=64)))
    flag_important = fields.Boolean()


class RequestStepInput(Schema):
    """A step of handling a request for disclosure (依申请公开), taken from the admin: the step
    (whether the person may take it is asked of ``access.request_actions``), and what it needs
    (the reasons or opinion, full or partial grant and its scope, the upper organization's
    view of a refusal). The service says which of these each step requires."""

    step = fields.String(required=True, validate=validate.Length(min=1, max=32))
    reason = fields.String(load_default="", validate=validate.Length(max=5000))
    partial = fields.Boolean(load_default=False)
    scope = fields.String(
        load_default=Scope.SPECIFIC.value, validate=validate.OneOf(Scope.values())
    )
    upheld = fields.Boolean(load_default=True)
