"""The review's gates through the API: the approver's override of a block (004 七(三)) and
the risk assessments (风险评估, 004 七(四)) an item needs before it is approved.

Each write is the caller's act, decided by the action registry in the services
(:func:`dangwu_core.secrecy.override_block`, :func:`dangwu_core.risk.flag`,
:func:`dangwu_core.risk.assess`): a refusal is 403 and a bad input 422, both with one message,
and nothing is recorded then. An API token must be read-write for the item's organization.
"""

from __future__ import annotations

from flask.views import MethodView

from ... import risk, secrecy
from ...schemas.gate import (
    GateEventSchema,
    OverrideInput,
    RiskAssessmentInput,
    RiskAssessmentSchema,
    RiskFlagInput,
    RiskStatusSchema,
)
from ..reading import readable_disclosure, unit
from .disclosures import actor_for_write
from .parsing import Blueprint

blp = Blueprint("gate", __name__, url_prefix="/api/v1", description="保密审查与风险评估")


@blp.route("/disclosures/<int:disclosure_id>/override")
class Override(MethodView):
    @blp.arguments(OverrideInput)
    @blp.response(200, GateEventSchema)
    def post(self, data, disclosure_id):
        """The approver lets an item a review check blocks go on, with a written reason."""
        item = readable_disclosure(disclosure_id)
        event = secrecy.override_block(unit(), item, actor_for_write(item), data["reason"])
        return {"event": event.id}


def _status(item) -> dict:
    return {
        "required": risk.required(unit(), item),
        "missing": risk.missing(unit(), item),
        "assessments": list(risk.assessments(item).values()),
        "collective_decision_needed": risk.needs_collective_decision(unit(), item),
    }


@blp.route("/disclosures/<int:disclosure_id>/risk-assessments")
class RiskAssessments(MethodView):
    @blp.response(200, RiskStatusSchema)
    def get(self, disclosure_id):
        """What the item needs of the risk gate (风险评估), what was made, what is missing.

        Officers' working data: never cached (``no-store``)."""
        return _status(readable_disclosure(disclosure_id)), 200, {"Cache-Control": "no-store"}

    @blp.arguments(RiskAssessmentInput)
    @blp.response(201, RiskAssessmentSchema)
    def post(self, data, disclosure_id):
        """Record one complete assessment, by a named assessor."""
        item = readable_disclosure(disclosure_id)
        return risk.assess(
            unit(), item, actor_for_write(item), data["kind"], data["ratings"], data["assessor"]
        )


@blp.route("/disclosures/<int:disclosure_id>/risk-flags")
class RiskFlags(MethodView):
    @blp.arguments(RiskFlagInput)
    @blp.response(201, GateEventSchema)
    def post(self, data, disclosure_id):
        """The reviewer flags the item as needing a risk assessment."""
        item = readable_disclosure(disclosure_id)
        event = risk.flag(unit(), item, actor_for_write(item), data["level"], data["reason"])
        return {"event": event.id}
