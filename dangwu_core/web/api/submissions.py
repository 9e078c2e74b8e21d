"""Feedback (意见反馈) and requests for disclosure (依申请公开): submit, check by receipt.

Sent with an API token, a submission is a write: the token must be read-write and reach the
organization (:func:`dangwu_core.tokens.write_refusal`), else 403 and nothing is written. A
token is a screen or a system relaying what someone typed, never its issuer applying: the
submission names no person, and a request for disclosure is then held to the members-only
rule as anyone's (:func:`dangwu_core.disclosure_requests.may_apply`, the portal's decision).
"""

from __future__ import annotations

from flask import abort
from flask.views import MethodView

from ... import disclosure_requests, feedback, tokens
from ...errors import ValidationError
from ...models import Disclosure, ReporterKind
from ...schemas import FeedbackInput, FeedbackReceiptSchema, RequestInput, RequestReceiptSchema
from ..auth import current_person, current_token
from ..errors import error_response
from ..ratelimit import retry_after
from ..reading import listed, organization_by_code, unit
from .parsing import Blueprint

blp = Blueprint("submissions", __name__, url_prefix="/api/v1", description="意见反馈与依申请公开")


def _token_may_write(organization) -> None:
    """Refuse (403) a token that may not write to ``organization``; sessions pass."""
    token = current_token()
    if token is None:
        return
    refusal = tokens.write_refusal(token, organization)
    if refusal:
        abort(error_response(403, refusal))


def _limited(bucket: str):
    wait = retry_after(bucket)
    if wait:
        abort(
            error_response(
                429,
                f"too many submissions; try again in {wait} seconds",
                headers={"Retry-After": str(wait)},
            )
        )


@blp.route("/feedback")
class FeedbackCollection(MethodView):
    @blp.arguments(FeedbackInput)
    @blp.response(201, FeedbackReceiptSchema)
    def post(self, data):
        """Give an opinion (named or anonymous); keep the receipt number to check the answer."""
        org = organization_by_code(data["organization"])
        _token_may_write(org)
        _limited("feedback")
        item = None
        if data.get("disclosure"):
            item = listed().where(Disclosure.id == data["disclosure"]).first()
            if item is None:
                abort(422, description="no such disclosure, or not one you may read")
        person = None if data["anonymous"] or current_token() else current_person()
        kind = data["reporter_kind"]
        if person is not None and person.is_party_member:
            kind = ReporterKind.MEMBER.value
        return feedback.submit(
            unit(),
            org,
            data["body"],
            reporter_kind=kind,
            anonymous=data["anonymous"],
            reporter=person,
            reporter_name=data["reporter_name"],
            reporter_contact=data["reporter_contact"],
            disclosure=item,
            channel="api" if current_token() else "web",
        )


@blp.route("/feedback/<receipt>")
class FeedbackReceipt(MethodView):
    @blp.response(200, FeedbackReceiptSchema)
    def get(self, receipt):
        """The handling and answer of an opinion, by its receipt number."""
        _limited("receipt")
        found = feedback.by_receipt(receipt)
        if found is None:
            abort(404, description=f"no feedback has the receipt number {receipt!r}")
        return found


@blp.route("/requests")
class RequestCollection(MethodView):
    @blp.arguments(RequestInput)
    @blp.response(201, RequestReceiptSchema)
    def post(self, data):
        """Apply for disclosure (依申请公开); members, and the public where the unit allows."""
        org = organization_by_code(data["organization"])
        _token_may_write(org)
        applicant = None if current_token() else current_person()
        if not disclosure_requests.may_apply(unit(), applicant):
            raise ValidationError(disclosure_requests.MEMBERS_ONLY, "applicant")
        _limited("request")
        return disclosure_requests.submit(
            unit(),
            org,
            subject=data["subject"],
            content=data["content"],
            applicant=applicant,
            applicant_name=data["applicant_name"],
            applicant_contact=data["applicant_contact"],
        )


@blp.route("/requests/<receipt>")
class RequestReceipt(MethodView):
    @blp.response(200, RequestReceiptSchema)
    def get(self, receipt):
        """The handling of a request for disclosure, by its receipt number."""
        _limited("receipt")
        found = disclosure_requests.by_receipt(receipt)
        if found is None:
            abort(404, description=f"no request has the receipt number {receipt!r}")
        return found
