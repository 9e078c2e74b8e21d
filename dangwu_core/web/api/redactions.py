"""The review checks' findings of a disclosure's current version and the reviewer's decision
on each (脱密脱敏): ``GET /api/v1/disclosures/<id>/findings`` for those who read the original,
``POST …/findings/<finding>/decision`` for its reviewer (:func:`dangwu_core.findings.decide`
decides who may). Routes of the disclosures' blueprint: import this module before it is
registered."""

from __future__ import annotations

from flask import abort
from flask.views import MethodView

from ... import access, findings
from ...schemas.redaction import FindingDecisionInput, FindingSchema
from ..reading import readable_disclosure, reader, unit
from .disclosures import actor_for_write, blp


def _findings(item) -> list:
    return findings.of_version(findings.current_of(item))


@blp.route("/disclosures/<int:disclosure_id>/findings")
class Findings(MethodView):
    @blp.response(200, FindingSchema(many=True))
    def get(self, disclosure_id):
        """The findings stored with the current version, with the decision on each; only for
        those who read its original (its office, reviewers, approvers)."""
        item = readable_disclosure(disclosure_id)
        if not access.reads_original(reader(), item):
            abort(403, description="only those who read the original see its review findings")
        return _findings(item)


@blp.route("/disclosures/<int:disclosure_id>/findings/<int:finding_id>/decision")
class Decision(MethodView):
    @blp.arguments(FindingDecisionInput)
    @blp.response(200, FindingSchema(many=True))
    def post(self, data, disclosure_id, finding_id):
        """Accept a redaction (脱敏), or override it with a reason; the answer is the findings
        with their decisions. Only the item's reviewer, while it is in review."""
        item = readable_disclosure(disclosure_id)
        actor = actor_for_write(item)
        findings.decide(unit(), item, finding_id, actor, data["decision"], data["reason"])
        return _findings(item)
