"""意见反馈: opinions from members, the masses and investors, and their handling.

003 §9(四): opinions on disclosures are collected by designated people, studied and handled;
a *named* reporter is always told the result. 001 四.3: important opinions go to the
leadership, and the result goes back to the reporter. Response times are recorded (due date,
answered at). Every step is an audit event in the same transaction as the change.

An opinion that leads to a correction (003 §8(四), 004 六(二)) is named when the disclosure is
re-published: :func:`correction_source` checks it belongs to the disclosure (or its
organization), the re-publication's effect records :func:`record_correction` (an event on the
feedback naming the disclosure and its new version), and :func:`corrections_of` lists them for
the feedback's page and the reporter's receipt check.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import access, audit
from .answers import public_text
from .clock import today, utcnow
from .db import atomic
from .errors import PermissionDenied, ValidationError
from .models import (
    Disclosure,
    Event,
    Feedback,
    FeedbackStatus,
    Organization,
    Person,
    ReporterKind,
)
from .receipts import new_receipt_number
from .timelimits import WorkCalendar

if TYPE_CHECKING:
    from .context import UnitContext

RECEIPT_PREFIX = "FK"
MAX_BODY = 5000
#: The audit action on a feedback that led to a re-publication.
CORRECTION = "feedback.led_to_correction"
#: How many opinions a re-publication form offers to name.
CORRECTION_CHOICES = 50


def _exists(number: str) -> bool:
    return Feedback.select().where(Feedback.receipt_number == number).exists()


def submit(
    unit: UnitContext,
    organization: Organization,
    body: str,
    *,
    reporter_kind: ReporterKind | str = ReporterKind.PUBLIC,
    anonymous: bool = False,
    reporter: Person | None = None,
    reporter_name: str = "",
    reporter_contact: str = "",
    disclosure: Disclosure | None = None,
    channel: str = "web",
) -> Feedback:
    """Receive an opinion; return it with its receipt number and response due date.

    :raises ValidationError: empty or over-long body, an unknown reporter kind, an anonymous
        opinion that names its reporter, a named one without a name, or a disclosure of
        another organization.
    """
    body = (body or "").strip()
    if not body:
        raise ValidationError("feedback needs some content", "body")
    if len(body) > MAX_BODY:
        raise ValidationError(f"feedback is limited to {MAX_BODY} characters", "body")
    if str(reporter_kind) not in ReporterKind.values():
        raise ValidationError(
            f"unknown reporter kind {reporter_kind!r}; one of {', '.join(ReporterKind.values())}",
            "reporter_kind",
        )
    if anonymous:
        if reporter is not None or reporter_name.strip() or reporter_contact.strip():
            raise ValidationError("anonymous feedback cannot name its reporter", "anonymous")
    else:
        reporter_name = (reporter_name or (reporter.name if reporter else "")).strip()
        if not reporter_name:
            raise ValidationError("named feedback needs the reporter's name", "reporter_name")
    if disclosure is not None and disclosure.organization_id != organization.id:
        raise ValidationError("the disclosure belongs to another organization", "disclosure")
    due = WorkCalendar.from_database().add_working_days(
        today(), unit.settings.feedback_response_days
    )
    with atomic():
        feedback = Feedback.create(
            receipt_number=new_receipt_number(RECEIPT_PREFIX, _exists),
            organization=organization,
            disclosure=disclosure,
            channel=channel,
            reporter_kind=str(reporter_kind),
            anonymous=anonymous,
            reporter=reporter,
            reporter_name=reporter_name if not anonymous else "",
            reporter_contact=reporter_contact.strip() if not anonymous else "",
            body=body,
            due_date=due.date,
        )
        audit.record(
            "feedback.submit",
            "feedback",
            feedback.id,
            actor=reporter,
            organization=organization,
            to_state=FeedbackStatus.RECEIVED,
            payload={
                "receipt_number": feedback.receipt_number,
                "anonymous": anonymous,
                "reporter_kind": str(reporter_kind),
                "channel": channel,
            },
        )
    return feedback


def _require_handler(actor: Person, feedback: Feedback) -> None:
    if not access.allowed(actor, "feedback.handle", feedback.organization_id):
        raise PermissionDenied(
            f"{getattr(actor, 'name', 'anonymous')} may not handle feedback of this organization"
        )


def _move(
    feedback: Feedback, actor: Person, action: str, to: str, reason: str = "", **changes
) -> Feedback:
    with atomic():
        before = Feedback.get_by_id(feedback.id)
        Feedback.update(status=to, **changes).where(Feedback.id == feedback.id).execute()
        audit.record(
            action,
            "feedback",
            feedback.id,
            actor=actor,
            organization=feedback.organization_id,
            from_state=before.status,
            to_state=to,
            reason=reason,
        )
    return Feedback.get_by_id(feedback.id)


def assign(feedback: Feedback, actor: Person, assignee: Person) -> Feedback:
    """Give the opinion to someone to handle (派专人收集整理, 003 §9(四))."""
    _require_handler(actor, feedback)
    if feedback.status not in (FeedbackStatus.RECEIVED, FeedbackStatus.ASSIGNED):
        raise ValidationError(f"feedback {feedback.receipt_number} is already {feedback.status}")
    return _move(feedback, actor, "feedback.assign", FeedbackStatus.ASSIGNED, assignee=assignee)


def escalate(feedback: Feedback, actor: Person, reason: str) -> Feedback:
    """Flag an important opinion for the leadership (001 四.3)."""
    _require_handler(actor, feedback)
    if not (reason or "").strip():
        raise ValidationError("escalating feedback needs a reason", "reason")
    with atomic():
        Feedback.update(important=True, escalated=True).where(Feedback.id == feedback.id).execute()
        audit.record(
            "feedback.escalate",
            "feedback",
            feedback.id,
            actor=actor,
            organization=feedback.organization_id,
            reason=reason,
        )
    return Feedback.get_by_id(feedback.id)


def answer(feedback: Feedback, actor: Person, text: str, *, unit=None) -> Feedback:
    """Answer the opinion. A named reporter is told the result (003 §9(四)); an escalated one
    is answered by the leadership (an approver or admin), not by the office alone (001 四.3).

    With the running ``unit``, its review checks run on the answer first (004 七(三)): a
    blocking finding refuses it, and personal data is masked in what the public sees
    (:func:`dangwu_core.answers.public_text`; the stored answer stays as written)."""
    _require_handler(actor, feedback)
    text = (text or "").strip()
    if not text:
        raise ValidationError("an answer needs some content", "answer")
    public = public_text(unit, text, "答复")
    if feedback.status in (FeedbackStatus.ANSWERED, FeedbackStatus.CLOSED):
        raise ValidationError(f"feedback {feedback.receipt_number} is already answered")
    if feedback.escalated and not access.allowed(
        actor, "feedback.answer_escalated", feedback.organization_id
    ):
        raise PermissionDenied("an escalated opinion is answered by the leadership")
    now = utcnow()
    with atomic():
        updated = _move(
            feedback,
            actor,
            "feedback.answer",
            FeedbackStatus.ANSWERED,
            answer=text,
            public_answer=public,
            answered_at=now,
        )
        if not feedback.anonymous:
            Feedback.update(reporter_notified_at=now).where(Feedback.id == feedback.id).execute()
            audit.record(
                "feedback.notify_reporter",
                "feedback",
                feedback.id,
                actor=actor,
                organization=feedback.organization_id,
                payload={"to": feedback.reporter_name, "contact": feedback.reporter_contact},
            )
    return Feedback.get_by_id(updated.id)


def close(feedback: Feedback, actor: Person) -> Feedback:
    _require_handler(actor, feedback)
    if feedback.status != FeedbackStatus.ANSWERED:
        raise ValidationError("only answered feedback can be closed")
    return _move(feedback, actor, "feedback.close", FeedbackStatus.CLOSED)


def by_receipt(number: str) -> Feedback | None:
    """What a reporter sees when they check their receipt number."""
    return Feedback.get_or_none(Feedback.receipt_number == (number or "").strip())


# --- 意见促成的更正 (003 §8(四), 004 六(二)) -------------------------------------------------


def correction_choices(disclosure: Disclosure) -> list[Feedback]:
    """The opinions a re-publication of ``disclosure`` may name, newest first: those on the
    disclosure itself and those on its organization that name no other disclosure."""
    return list(
        Feedback.select()
        .where(
            (Feedback.organization == disclosure.organization_id)
            & (Feedback.disclosure.is_null() | (Feedback.disclosure == disclosure.id))
        )
        .order_by(Feedback.id.desc())
        .limit(CORRECTION_CHOICES)
    )


def correction_source(disclosure: Disclosure, feedback_id) -> Feedback:
    """The opinion ``feedback_id`` that a re-publication of ``disclosure`` names as its cause.

    :raises ValidationError: no such opinion, or one on another organization or disclosure.
    """
    found = None
    if isinstance(feedback_id, int) and not isinstance(feedback_id, bool):
        found = Feedback.get_or_none(Feedback.id == feedback_id)
    if found is None:
        raise ValidationError(f"no feedback {feedback_id!r} to name as the cause", "feedback")
    if found.organization_id != disclosure.organization_id or found.disclosure_id not in (
        None,
        disclosure.id,
    ):
        raise ValidationError(
            f"feedback {found.receipt_number} is about another organization or disclosure "
            f"than “{disclosure.title}”",
            "feedback",
        )
    return found


def record_correction(
    feedback: Feedback, disclosure: Disclosure, version: int, actor: Person | None, reason: str
) -> Event:
    """Record on ``feedback`` that it led to version ``version`` of ``disclosure`` (called by
    the re-publication's effect, in its transaction)."""
    return audit.record(
        CORRECTION,
        "feedback",
        feedback.id,
        actor=actor,
        organization=feedback.organization_id,
        reason=reason,
        payload={"disclosure": disclosure.id, "version": version, "title": disclosure.title},
    )


def corrections_of(feedback: Feedback) -> list[Event]:
    """The re-publications ``feedback`` led to, oldest first (events of :data:`CORRECTION`)."""
    return list(
        Event.select()
        .where(
            (Event.subject_type == "feedback")
            & (Event.subject_id == feedback.id)
            & (Event.action == CORRECTION)
        )
        .order_by(Event.id)
    )
