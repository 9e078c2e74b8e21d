"""依申请公开: a member (or, where the unit allows, anyone) applies for a disclosure.

003 §9(三): the organization discloses to the applicant or within a scope when it can; when it
cannot, it gives written reasons, which the upper organization reviews (审定), and the
applicant is told the upper organization's view; every request and its handling is filed
with the upper organization. 000 四(二): the office (or the branch head) accepts, the
leadership group (or branch committee) decides, a refusal is explained to the applicant.

The deadline runs in working days (``request_deadline_days``). Asking the applicant to
complete the request (补正) stops the clock; the completed request starts it afresh. One
extension (``request_extension_days``) may be granted, with a reason the applicant is told.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from . import access, audit
from .answers import public_text
from .clock import today, utcnow
from .db import atomic
from .errors import PermissionDenied, ValidationError
from .models import (
    DisclosureRequest,
    Filing,
    FilingKind,
    FilingStatus,
    Organization,
    Person,
    RequestStatus,
    Scope,
)
from .receipts import new_receipt_number
from .timelimits import WorkCalendar

if TYPE_CHECKING:
    from .context import UnitContext

RECEIPT_PREFIX = "SQ"
#: A request is "due soon" this many working days before its deadline.
DUE_SOON_DAYS = 3
OPEN = (RequestStatus.SUBMITTED, RequestStatus.ACKNOWLEDGED)
DECIDED = (RequestStatus.GRANTED, RequestStatus.PARTIALLY_GRANTED, RequestStatus.REFUSED)


def _exists(number: str) -> bool:
    return DisclosureRequest.select().where(DisclosureRequest.receipt_number == number).exists()


def _deadline(days: int, start: dt.date | None = None):
    return WorkCalendar.from_database().add_working_days(start or today(), days)


def _event(
    request: DisclosureRequest,
    action: str,
    actor,
    *,
    from_state="",
    to_state="",
    reason="",
    payload=None,
):
    audit.record(
        action,
        "disclosure_request",
        request.id,
        actor=actor,
        organization=request.organization_id,
        from_state=from_state,
        to_state=to_state,
        reason=reason,
        payload=payload,
    )


def _file_with_upper(
    request: DisclosureRequest, kind: FilingKind, title: str, body: str, actor
) -> Filing | None:
    organization = Organization.get_by_id(request.organization_id)
    filing = Filing.create(
        organization=organization,
        upper_organization=organization.parent_id,
        kind=kind,
        subject_type="disclosure_request",
        subject_id=request.id,
        title=title,
        body=body,
        filed_by=actor,
        payload={"receipt_number": request.receipt_number},
    )
    audit.record(
        "filing.create",
        "filing",
        filing.id,
        actor=actor,
        organization=organization,
        payload={"kind": str(kind), "subject": request.receipt_number},
    )
    return filing


MEMBERS_ONLY = "this unit accepts requests for disclosure from party members only"


def may_apply(unit: UnitContext, applicant: Person | None) -> bool:
    """True when ``applicant`` (None: someone the unit does not know) may apply for disclosure:
    a party member, or anyone where the unit allows public requests
    (``allow_public_requests``). The one decision: :func:`submit`, the portal's form and the
    API ask it."""
    is_member = bool(applicant is not None and applicant.is_party_member)
    return is_member or bool(unit.settings.allow_public_requests)


def submit(
    unit: UnitContext,
    organization: Organization,
    *,
    subject: str,
    content: str,
    applicant: Person | None = None,
    applicant_name: str = "",
    applicant_contact: str = "",
) -> DisclosureRequest:
    """Receive a request; return it with its receipt number and deadline.

    :raises ValidationError: no subject or content; a non-member applying where the unit does
        not allow public requests (``allow_public_requests``); no name to answer.
    """
    subject, content = (subject or "").strip(), (content or "").strip()
    if not subject:
        raise ValidationError("a request needs a subject", "subject")
    if not content:
        raise ValidationError("a request needs content: what should be disclosed", "content")
    is_member = bool(applicant is not None and applicant.is_party_member)
    if not may_apply(unit, applicant):
        raise ValidationError(MEMBERS_ONLY, "applicant")
    name = (applicant_name or (applicant.name if applicant else "")).strip()
    if not name:
        raise ValidationError("a request needs the applicant's name", "applicant_name")
    deadline = _deadline(unit.settings.request_deadline_days)
    with atomic():
        request = DisclosureRequest.create(
            receipt_number=new_receipt_number(RECEIPT_PREFIX, _exists),
            organization=organization,
            applicant=applicant,
            applicant_name=name,
            applicant_contact=(applicant_contact or "").strip(),
            applicant_is_member=is_member,
            subject=subject,
            content=content,
            deadline=deadline.date,
            deadline_provisional=deadline.provisional,
        )
        _event(
            request,
            "request.submit",
            applicant,
            to_state=RequestStatus.SUBMITTED,
            payload={
                "receipt_number": request.receipt_number,
                "deadline": deadline.date.isoformat(),
            },
        )
        _file_with_upper(
            request,
            FilingKind.REQUEST,
            f"依申请公开：{subject}",
            f"申请人：{name}；编号：{request.receipt_number}",
            applicant,
        )
    return request


def _require(actor, action: str, request: DisclosureRequest) -> None:
    if not access.allowed(actor, action, request.organization_id):
        verb = action.split(".")[-1].replace("_", " ")
        who = getattr(actor, "name", "anonymous")
        raise PermissionDenied(f"{who} may not {verb} this request")


def _move(request, actor, action, to, *, reason="", payload=None, **changes):
    with atomic():
        before = DisclosureRequest.get_by_id(request.id)
        DisclosureRequest.update(status=to, **changes).where(
            DisclosureRequest.id == request.id
        ).execute()
        _event(
            request,
            action,
            actor,
            from_state=before.status,
            to_state=to,
            reason=reason,
            payload=payload,
        )
    return DisclosureRequest.get_by_id(request.id)


def _require_step(actor, step: str, request: DisclosureRequest) -> None:
    """Who may take ``step`` (where) and from which statuses: the registry's action
    ``request.<step>`` (core's are in :mod:`dangwu_core.actions`)."""
    action = access.current_permissions()[f"{access.REQUEST_STEP_PREFIX}{step}"]
    _require(actor, action.name, request)
    _require_state(request, *action.statuses)


def _require_state(request, *states):
    if request.status not in states:
        raise ValidationError(
            f"request {request.receipt_number} is {request.status}; this needs "
            f"{' or '.join(str(s) for s in states)}"
        )


def acknowledge(request: DisclosureRequest, actor: Person) -> DisclosureRequest:
    """The office (or branch head) accepts the request (受理, 000 四(二))."""
    _require_step(actor, "acknowledge", request)
    return _move(request, actor, "request.acknowledge", RequestStatus.ACKNOWLEDGED)


def ask_completion(request: DisclosureRequest, actor: Person, what: str) -> DisclosureRequest:
    """Ask the applicant to complete the request (补正): the clock stops."""
    _require_step(actor, "ask_completion", request)
    if not (what or "").strip():
        raise ValidationError("say what the applicant must complete", "reason")
    return _move(
        request, actor, "request.ask_completion", RequestStatus.AWAITING_COMPLETION, reason=what
    )


def complete(
    unit: UnitContext, request: DisclosureRequest, applicant: Person | None, addition: str
):
    """The applicant completes the request: the clock starts again from today."""
    _require_state(request, RequestStatus.AWAITING_COMPLETION)
    if applicant is not None and request.applicant_id not in (None, applicant.id):
        raise PermissionDenied("only the applicant can complete a request")
    if not (addition or "").strip():
        raise ValidationError("a completion needs content", "content")
    deadline = _deadline(unit.settings.request_deadline_days)
    return _move(
        request,
        applicant,
        "request.complete",
        RequestStatus.ACKNOWLEDGED,
        reason=addition.strip(),
        payload={"deadline": deadline.date.isoformat()},
        content=request.content + "\n\n【补正】" + addition.strip(),
        deadline=deadline.date,
        deadline_provisional=deadline.provisional,
    )


def extend(
    unit: UnitContext, request: DisclosureRequest, actor: Person, reason: str
) -> DisclosureRequest:
    """Extend the deadline once, with a reason the applicant is told."""
    _require_step(actor, "extend", request)
    if request.extended:
        raise ValidationError(f"request {request.receipt_number} was already extended once")
    if not (reason or "").strip():
        raise ValidationError("an extension needs a reason", "reason")
    deadline = _deadline(unit.settings.request_extension_days, request.deadline)
    with atomic():
        updated = _move(
            request,
            actor,
            "request.extend",
            request.status,
            reason=reason,
            payload={"deadline": deadline.date.isoformat()},
            extended=True,
            extension_reason=reason,
            deadline=deadline.date,
            deadline_provisional=deadline.provisional,
        )
        updated = _notify(updated, actor, f"延期答复：{reason}")
    return updated


def grant(
    request: DisclosureRequest,
    actor: Person,
    *,
    reason: str = "",
    partial: bool = False,
    scope: Scope | str = Scope.SPECIFIC,
    disclosure=None,
    unit=None,
) -> DisclosureRequest:
    """Disclose in full or in part, to the applicant (``specific``) or within a scope.

    With the running ``unit``, the reasons the applicant and the receipt page see are checked
    first (004 七(三), :func:`dangwu_core.answers.public_text`)."""
    _require_step(actor, "grant", request)
    if partial and not (reason or "").strip():
        raise ValidationError("a partial grant needs the reasons for what is withheld", "reason")
    if str(scope) not in Scope.values():
        raise ValidationError(f"unknown scope {scope!r}", "scope")
    status = RequestStatus.PARTIALLY_GRANTED if partial else RequestStatus.GRANTED
    public = public_text(unit, reason, "答复意见")
    with atomic():
        updated = _move(
            request,
            actor,
            "request.grant",
            status,
            reason=reason,
            payload={"scope": str(scope)},
            grant_scope=str(scope),
            decision_reason=reason,
            public_reason=public,
            disclosure=disclosure,
            decided_at=utcnow(),
        )
        updated = _notify(updated, actor, "同意公开" if not partial else f"部分公开：{reason}")
    return updated


def refuse(
    request: DisclosureRequest, actor: Person, reasons: str, *, unit=None
) -> DisclosureRequest:
    """Refuse with written reasons; they go to the upper organization before the applicant is
    told (003 §9(三)). With the running ``unit``, the reasons are checked as a public answer."""
    _require_step(actor, "refuse", request)
    if not (reasons or "").strip():
        raise ValidationError("a refusal needs written reasons", "reason")
    public = public_text(unit, reasons, "答复意见")
    with atomic():
        updated = _move(
            request,
            actor,
            "request.refuse",
            RequestStatus.REFUSAL_UNDER_REVIEW,
            reason=reasons,
            decision_reason=reasons,
            public_reason=public,
        )
        _file_with_upper(
            updated,
            FilingKind.REQUEST_REFUSAL,
            f"不予公开理由报审：{request.subject}",
            reasons,
            actor,
        )
    return updated


def review_refusal(
    request: DisclosureRequest, actor: Person, *, upheld: bool, opinion: str
) -> DisclosureRequest:
    """The upper organization reviews a refusal (审定); the applicant is told its view."""
    _require_step(actor, "review_refusal", request)
    if not (opinion or "").strip():
        raise ValidationError("the upper organization's review needs an opinion", "opinion")
    now = utcnow()
    with atomic():
        Filing.update(
            status=FilingStatus.REVIEWED, reviewed_by=actor, reviewed_at=now, review_opinion=opinion
        ).where(
            (Filing.subject_type == "disclosure_request")
            & (Filing.subject_id == request.id)
            & (Filing.kind == FilingKind.REQUEST_REFUSAL)
            & (Filing.status == FilingStatus.FILED)
        ).execute()
        if upheld:
            updated = _move(
                request,
                actor,
                "request.refusal_upheld",
                RequestStatus.REFUSED,
                reason=opinion,
                decided_at=now,
            )
            updated = _notify(updated, actor, f"不予公开。上级党组织意见：{opinion}")
        else:
            updated = _move(
                request,
                actor,
                "request.refusal_overturned",
                RequestStatus.ACKNOWLEDGED,
                reason=opinion,
                decision_reason="",
            )
    return updated


def _notify(request: DisclosureRequest, actor, message: str) -> DisclosureRequest:
    """Tell the applicant (recorded; channel plugins deliver it); return the fresh row."""
    DisclosureRequest.update(applicant_notified_at=utcnow()).where(
        DisclosureRequest.id == request.id
    ).execute()
    _event(
        request,
        "request.notify_applicant",
        actor,
        reason=message,
        payload={"to": request.applicant_name, "contact": request.applicant_contact},
    )
    return DisclosureRequest.get_by_id(request.id)


def timeliness(request: DisclosureRequest, on: dt.date | None = None) -> str:
    """``overdue``, ``due_soon``, ``on_track``, ``paused`` or ``decided`` for display."""
    on = on or today()
    if request.status in DECIDED or request.status == RequestStatus.WITHDRAWN:
        return "decided"
    if request.status == RequestStatus.AWAITING_COMPLETION:
        return "paused"
    if on > request.deadline:
        return "overdue"
    calendar = WorkCalendar.from_database()
    if calendar.working_days_between(on, request.deadline) <= DUE_SOON_DAYS:
        return "due_soon"
    return "on_track"


def by_receipt(number: str) -> DisclosureRequest | None:
    return DisclosureRequest.get_or_none(DisclosureRequest.receipt_number == (number or "").strip())
