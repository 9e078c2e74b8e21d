"""变更、撤销、终止: changing or revoking a catalogued disclosure needs the catalog issuer.

001 四.2 and 003 §9(二): "公开事项如需变更、撤销或终止，由制定党务公开目录的党组织批准" — an item
disclosed under a catalog is changed (变更: re-published with new content), revoked (撤销:
withdrawn) or terminated (终止) only with the approval of the organization that issued the
catalog, filed with it, and explained when it is done.

:func:`request_change` files the request (a ``Filing`` of kind ``catalog_change`` whose
subject is the disclosure) with the issuer; :func:`decide_change` records the issuer's
decision. The workflow guard ``change_approved_by_issuer`` (on the steps of kinds withdraw
and republish in the default procedure) lets the transition through only with an approved,
unused request for that action, which the effect ``use_change_approval`` then marks used
(one approval, one change). When the issuer is the disclosing organization itself, or is
outside the deployment (a catalog package whose issuer is not an organization here), the
approver who fires the transition is the approval and no filing is needed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import access, audit, filings
from .db import atomic
from .disclosures import catalog_issuer
from .errors import PermissionDenied, ValidationError
from .models import (
    CatalogItem,
    Disclosure,
    DisclosureSection,
    Filing,
    FilingKind,
    FilingStatus,
    Organization,
    Person,
)

if TYPE_CHECKING:
    from .context import UnitContext

#: The actions and their labels; which kind of transition performs which is
#: ``workflow.kinds.CHANGE_ACTIONS`` (republish → change, withdraw → revoke, terminate).
ACTIONS = {"change": "变更", "revoke": "撤销", "terminate": "终止"}


def change_issuer(disclosure: Disclosure) -> Organization | None:
    """The organization whose approval a change needs, or None when the disclosing
    organization's own approver decides (own catalog, or an issuer outside the deployment)."""
    item = disclosure.catalog_item
    if item is None:  # a 党务公开日 sheet: its sections' items say whose catalog it follows
        item = (
            CatalogItem.select()
            .join(DisclosureSection, on=(DisclosureSection.catalog_item == CatalogItem.id))
            .where(DisclosureSection.disclosure == disclosure.id)
            .order_by(DisclosureSection.position)
            .first()
        )
    issuer = item.catalog.issuer if item is not None else catalog_issuer(disclosure.organization)
    if issuer is None or issuer.id == disclosure.organization_id:
        return None
    return issuer


def request_change(
    unit: UnitContext, disclosure: Disclosure, actor: Person, action: str, reason: str
) -> Filing:
    """Ask the catalog issuer to approve ``action`` (change, revoke, terminate), with reasons.

    :raises ValidationError: unknown action, no reason, nothing to ask (own catalog).
    :raises PermissionDenied: the actor is not an officer of the disclosing organization.
    """
    if action not in ACTIONS:
        raise ValidationError(f"unknown change {action!r}; one of {', '.join(ACTIONS)}", "action")
    if not access.allowed(
        actor,
        "change.request",
        disclosure.organization_id,
        permissions=unit.registry.permissions,
    ):
        raise PermissionDenied(
            f"{actor.name} may not ask for changes to disclosures of {disclosure.organization}"
        )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(f"asking to {action} a disclosure needs the reasons", "reason")
    issuer = change_issuer(disclosure)
    if issuer is None:
        raise ValidationError(
            f"“{disclosure.title}” follows its own organization's catalog: its approver "
            f"decides the {ACTIONS[action]} directly",
            "action",
        )
    with atomic():
        filing = Filing.create(
            organization=disclosure.organization_id,
            upper_organization=issuer,
            kind=FilingKind.CATALOG_CHANGE.value,
            subject_type="disclosure",
            subject_id=disclosure.id,
            title=f"公开事项{ACTIONS[action]}申请：{disclosure.title}"[:300],
            body=reason,
            payload={"action": action},
            filed_by=actor,
        )
        audit.record(
            "disclosure.change_request",
            "disclosure",
            disclosure.id,
            actor=actor,
            organization=disclosure.organization_id,
            reason=reason,
            payload={"filing": filing.id, "action": action, "issuer": issuer.code},
        )
    return filing


def decide_change(
    unit: UnitContext, filing: Filing, actor: Person, *, approved: bool, opinion: str
) -> Filing:
    """The catalog issuer approves or refuses a change request, with its opinion."""
    if filing.kind != FilingKind.CATALOG_CHANGE.value or filing.subject_type != "disclosure":
        raise ValidationError("only requests to change a disclosure are decided here", "filing")
    return filings.decide(
        filing,
        actor,
        approved=approved,
        opinion=opinion,
        action="disclosure.change_decide",
        what="this change request",
    )


def approved_change(disclosure: Disclosure, action: str) -> Filing | None:
    """The approved, not yet used request to ``action`` the disclosure, if any."""
    filings = (
        Filing.select()
        .where(
            (Filing.kind == FilingKind.CATALOG_CHANGE.value)
            & (Filing.subject_type == "disclosure")
            & (Filing.subject_id == disclosure.id)
            & (Filing.status == FilingStatus.REVIEWED.value)
        )
        .order_by(Filing.id.desc())
    )
    for filing in filings:
        payload = filing.payload or {}
        if payload.get("action") == action and payload.get("approved") and not payload.get("used"):
            return filing
    return None
