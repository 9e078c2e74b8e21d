"""Feedback (意见反馈) and applications for disclosure (依申请公开) on the portal, and the page
where anyone checks the answer with their receipt number (回执编号)."""

from __future__ import annotations

from flask import abort, current_app, render_template, request
from flask_babel import gettext as _

from ... import disclosure_requests, feedback
from ...errors import ValidationError
from ...models import Disclosure, ReporterKind
from ...schemas.numbers import parse_int
from ..auth import current_person
from ..errors import error_response
from ..forms import FeedbackForm, ReceiptForm, RequestForm
from ..ratelimit import retry_after
from ..reading import listed, organization_by_code, shown, unit
from .blueprint import blueprint


def _too_many(bucket: str):
    wait = retry_after(bucket)
    if wait:
        return error_response(
            429,
            _("提交过于频繁，请%(seconds)s秒后再试", seconds=wait),
            headers={"Retry-After": str(wait)},
        )
    return None


def _refused(form, exc: ValidationError) -> None:
    target = getattr(form, exc.field or "", None)
    errors = target.errors if target is not None and hasattr(target, "errors") else None
    if isinstance(errors, list):
        errors.append(str(exc))
    else:
        form.form_errors.append(str(exc))


@blueprint.route("/org/<code>/feedback", methods=["GET", "POST"], endpoint="feedback")
def feedback_form(code: str):
    org = organization_by_code(code)
    person = current_person()
    form = FeedbackForm(disclosure=request.args.get("disclosure", ""))
    if request.method == "GET" and person is not None:
        form.reporter_name.data = person.name
        if person.is_party_member:
            form.reporter_kind.data = ReporterKind.MEMBER.value
    about = None
    if form.disclosure.data:
        pk = parse_int(form.disclosure.data)
        about = listed().where(Disclosure.id == pk).first() if pk is not None else None
        shown([about] if about is not None else [])
        if about is None:
            abort(404, description="no such disclosure, or not one you may read")
    if form.validate_on_submit():
        limited = _too_many("feedback")
        if limited is not None:
            return limited
        anonymous = bool(form.anonymous.data)
        kind = form.reporter_kind.data
        if not anonymous and person is not None and person.is_party_member:
            kind = ReporterKind.MEMBER.value
        try:
            item = feedback.submit(
                unit(),
                org,
                form.body.data,
                reporter_kind=kind,
                anonymous=anonymous,
                reporter=None if anonymous else person,
                reporter_name="" if anonymous else (form.reporter_name.data or ""),
                reporter_contact="" if anonymous else (form.reporter_contact.data or ""),
                disclosure=about,
            )
        except ValidationError as exc:
            _refused(form, exc)
        else:
            return render_template(
                "portal/receipt_issued.html", org=org, item=item, kind="feedback"
            ), 201
    status = 400 if request.method == "POST" else 200
    return render_template("portal/feedback.html", org=org, form=form, about=about), status


@blueprint.route("/org/<code>/apply", methods=["GET", "POST"])
def apply(code: str):
    org = organization_by_code(code)
    person = current_person()
    allowed = disclosure_requests.may_apply(unit(), person)
    form = RequestForm()
    if request.method == "GET" and person is not None:
        form.applicant_name.data = person.name
    if form.validate_on_submit():
        limited = _too_many("request")
        if limited is not None:
            return limited
        try:
            item = disclosure_requests.submit(
                unit(),
                org,
                subject=form.subject.data,
                content=form.content.data,
                applicant=person,
                applicant_name=form.applicant_name.data or "",
                applicant_contact=form.applicant_contact.data or "",
            )
        except ValidationError as exc:
            _refused(form, exc)
        else:
            return render_template(
                "portal/receipt_issued.html", org=org, item=item, kind="request"
            ), 201
    status = 400 if request.method == "POST" else 200
    return render_template("portal/apply.html", org=org, form=form, allowed=allowed), status


@blueprint.get("/receipt")
def receipt():
    """Check the handling of feedback or a request by its receipt number."""
    form = ReceiptForm(request.args)
    found = kind = None
    if request.args.get("number") is not None and form.validate():
        limited = _too_many("receipt")
        if limited is not None:
            return limited
        number = form.number.data.strip().upper()
        if number.startswith(feedback.RECEIPT_PREFIX):
            found, kind = feedback.by_receipt(number), "feedback"
        elif number.startswith(disclosure_requests.RECEIPT_PREFIX):
            found, kind = disclosure_requests.by_receipt(number), "request"
        if found is None:
            form.number.errors = [_("没有找到这个回执编号，请核对后再试")]
    granted = None
    if kind == "request" and found.disclosure_id:
        granted = listed().where(Disclosure.id == found.disclosure_id).first()
        shown([granted] if granted is not None else [])
    corrections = []
    # the re-publications a feedback led to (003 §8(四)), as readers see them
    if kind == "feedback" and found is not None:
        events = feedback.corrections_of(found)
        readable = {
            d.id: d
            for d in shown(
                listed().where(Disclosure.id.in_([e.payload["disclosure"] for e in events]))
            )
        }
        corrections = [(e, readable.get(e.payload["disclosure"])) for e in events]
    status = 404 if form.number.errors else 200
    current_app.logger.debug("receipt check %s", status)
    return render_template(
        "portal/receipt.html",
        form=form,
        found=found,
        kind=kind,
        granted=granted,
        corrections=corrections,
    ), status
