"""备案: the upper organization's decision on what was filed with it.

A work plan for an out-of-catalog item (工作方案, 003 §6(二)) and a request to change or revoke
a disclosure (001 四.2, 003 §9(二)) are both filed with the organization that issued the
catalog, which approves or refuses them once, with an opinion. :func:`decide` is that one
step; callers check the kind of filing they decide.
"""

from __future__ import annotations

from . import access, audit
from .clock import utcnow
from .db import atomic
from .errors import PermissionDenied, ValidationError
from .models import Filing, FilingStatus, Person


def is_approved(filing: Filing | None) -> bool:
    """True when ``filing`` was decided and approved (its payload says so, see :func:`decide`)."""
    return bool(filing is not None and (filing.payload or {}).get("approved"))


def is_used(filing: Filing | None) -> bool:
    """True when an approved change request was used by the change it allowed."""
    return bool(filing is not None and (filing.payload or {}).get("used"))


def decide(
    filing: Filing, actor: Person, *, approved: bool, opinion: str, action: str, what: str
) -> Filing:
    """Record the addressed organization's decision on ``filing`` (once) with an audit event.

    :param action: the audit event's action (``disclosure.plan_decide``...).
    :param what: how the refusal messages name the filing (``this plan``...).
    :raises ValidationError: already decided, or no opinion.
    :raises PermissionDenied: ``actor`` is not an approver (or admin) of the addressed
        organization.
    """
    if filing.status != FilingStatus.FILED.value:
        raise ValidationError(f"{what} was already decided", "filing")
    if filing.upper_organization_id is None or not access.allowed(
        actor, "filing.decide", filing.upper_organization_id
    ):
        raise PermissionDenied(
            f"{actor.name} may not decide {what}: it needs the role approver on the "
            "organization that issued the catalog"
        )
    opinion = (opinion or "").strip()
    if not opinion:
        raise ValidationError(f"deciding {what} needs an opinion", "opinion")
    payload = {**(filing.payload or {}), "approved": bool(approved)}
    with atomic():
        Filing.update(
            status=FilingStatus.REVIEWED.value,
            reviewed_by=actor,
            reviewed_at=utcnow(),
            review_opinion=opinion,
            payload=payload,
        ).where(Filing.id == filing.id).execute()
        audit.record(
            action,
            filing.subject_type,
            filing.subject_id,
            actor=actor,
            organization=filing.upper_organization_id,
            reason=opinion,
            payload={"filing": filing.id, **payload},
        )
    return Filing.get_by_id(filing.id)
