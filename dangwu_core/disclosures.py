"""公开事项: proposing a disclosure (提出), editing the draft, its versions and work plans.

"谁承办、谁提出" (004 五(一)): a person holding the proposer or liaison role on an
organization drafts a disclosure there; it is bound to the workflow of the organization's type
and starts in that workflow's initial state. Everything after the draft goes through the
workflow engine (:mod:`dangwu_core.workflow`).

Out-of-catalog items (目录外事项, 003 §6(二)) need a work plan (工作方案) approved by the
organization that issued the catalog: :func:`submit_plan` files it (a ``Filing`` of kind
``implementation_plan``), :func:`decide_plan` records that organization's decision.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from . import access, audit, filings
from .clock import utcnow
from .db import atomic
from .errors import ConflictError, PermissionDenied, ValidationError
from .models import (
    Catalog,
    CatalogItem,
    CatalogStatus,
    Disclosure,
    DisclosureAddressee,
    DisclosureVersion,
    Filing,
    FilingKind,
    Obligation,
    Organization,
    Person,
    Scope,
)

if TYPE_CHECKING:
    from .context import UnitContext


def current_version(disclosure: Disclosure) -> DisclosureVersion:
    """The version readers see (再公开 adds versions; the newest published one is current)."""
    return DisclosureVersion.get(
        (DisclosureVersion.disclosure == disclosure.id)
        & (DisclosureVersion.number == disclosure.current_version)
    )


def _check_content(
    unit: UnitContext, title: str, body: str, scope: str, channels, addressees
) -> None:
    if not (title or "").strip():
        raise ValidationError("a disclosure needs a title", "title")
    if not (body or "").strip():
        raise ValidationError("a disclosure needs a body", "body")
    if str(scope) not in Scope.values():
        raise ValidationError(
            f"unknown scope {scope!r}; scopes are {', '.join(Scope.values())}", "scope"
        )
    if not channels:
        raise ValidationError("a disclosure needs at least one channel", "channels")
    unit.registry.channels.check_fit(scope, channels)
    if str(scope) == Scope.SPECIFIC.value and not addressees:
        raise ValidationError(
            "a disclosure to specific people (向特定对象公开) needs addressees", "addressees"
        )
    for addressee in addressees:
        if not isinstance(addressee, Person | Organization):
            raise ValidationError(
                f"an addressee must be a person or an organization, not {addressee!r}",
                "addressees",
            )


def _add_addressees(disclosure: Disclosure, addressees: Iterable) -> None:
    for addressee in addressees:
        if isinstance(addressee, Person):
            DisclosureAddressee.create(disclosure=disclosure, person=addressee)
        else:
            DisclosureAddressee.create(disclosure=disclosure, organization=addressee)


def create_draft(
    unit: UnitContext,
    organization: Organization,
    proposer: Person,
    title: str,
    body: str,
    scope: Scope | str,
    channels: Iterable[str],
    catalog_item: CatalogItem | None = None,
    obligation: Obligation | None = None,
    addressees: Iterable[Person | Organization] = (),
    important: bool = False,
    *,
    department: str = "",
    period_label: str = "",
) -> Disclosure:
    """Draft a disclosure of ``organization`` proposed by ``proposer`` (version 1).

    :raises PermissionDenied: the proposer holds neither the proposer nor the liaison role there.
    :raises ValidationError: empty title or body, a channel that cannot carry the scope, a
        specific scope without addressees, an obligation of another organization or item.
    """
    channels = list(channels)
    addressees = list(addressees)
    scope = str(scope)
    if not access.allowed(
        proposer, "disclosure.draft", organization, permissions=unit.registry.permissions
    ):
        raise PermissionDenied(
            f"{proposer.name} may not propose disclosures for {organization.name}: it needs "
            f"the role proposer or liaison there"
        )
    _check_content(unit, title, body, scope, channels, addressees)
    if obligation is not None:
        if obligation.organization_id != organization.id:
            raise ValidationError(
                f"the obligation belongs to another organization than {organization.name}",
                "obligation",
            )
        if catalog_item is None:
            catalog_item = obligation.catalog_item
        elif obligation.catalog_item_id != catalog_item.id:
            raise ValidationError(
                "the obligation is for another catalog item than the one given", "obligation"
            )
    definition = unit.registry.workflows.for_type(organization.type)
    with atomic():
        disclosure = Disclosure.create(
            organization=organization,
            catalog_item=catalog_item,
            obligation=obligation,
            title=title.strip(),
            scope=scope,
            channels=channels,
            workflow=definition.name,
            state=definition.initial,
            proposer=proposer,
            department=department or (catalog_item.proposing_department if catalog_item else ""),
            important=bool(important or (catalog_item is not None and catalog_item.important)),
            period_label=period_label or (obligation.period_label if obligation else ""),
        )
        DisclosureVersion.create(
            disclosure=disclosure, number=1, title=title.strip(), body=body, author=proposer
        )
        _add_addressees(disclosure, addressees)
        audit.record(
            "disclosure.create",
            "disclosure",
            disclosure.id,
            actor=proposer,
            organization=organization,
            to_state=definition.initial,
            payload={
                "title": disclosure.title,
                "scope": scope,
                "channels": channels,
                "workflow": definition.name,
                "catalog_item": catalog_item.code if catalog_item else None,
                "obligation": obligation.id if obligation else None,
            },
        )
    return disclosure


def check_editable(unit: UnitContext, disclosure: Disclosure, actor: Person | None) -> None:
    """Refuse unless ``disclosure`` is a draft (its workflow's initial state) and ``actor`` its
    proposer: who may change a draft's content, its sections included.

    :raises ValidationError: the item is past the draft state.
    :raises PermissionDenied: ``actor`` is not its proposer.
    """
    definition = unit.registry.workflows.get(disclosure.workflow)
    if disclosure.state != definition.initial:
        raise ValidationError(
            f"“{disclosure.title}” is {definition.state_label(disclosure.state)}, not a draft: "
            "only drafts can be edited",
            "state",
        )
    if actor is None or actor.id != disclosure.proposer_id:
        raise PermissionDenied(f"only the proposer may edit the draft “{disclosure.title}”")


def bump_lock(disclosure: Disclosure) -> None:
    """Optimistic concurrency: bump ``disclosure``'s lock version, or raise ConflictError when
    someone changed it since it was read (in the caller's transaction)."""
    changed = (
        Disclosure.update(lock_version=Disclosure.lock_version + 1, updated_at=utcnow())
        .where(
            (Disclosure.id == disclosure.id) & (Disclosure.lock_version == disclosure.lock_version)
        )
        .execute()
    )
    if changed != 1:
        raise ConflictError(
            f"“{disclosure.title}” was changed by someone else since it was read; reload it"
        )
    disclosure.lock_version += 1


def edit_draft(
    unit: UnitContext,
    disclosure: Disclosure,
    actor: Person,
    *,
    title: str | None = None,
    body: str | None = None,
    scope: Scope | str | None = None,
    channels: Iterable[str] | None = None,
    addressees: Iterable[Person | Organization] | None = None,
) -> Disclosure:
    """Change a draft (only in its workflow's initial state, only by its proposer).

    :raises PermissionDenied, ValidationError, ConflictError: someone else's draft, an item
        past the draft state, bad content, or a change made meanwhile by someone else.
    """
    check_editable(unit, disclosure, actor)
    version = current_version(disclosure)
    new_title = (title if title is not None else version.title).strip()
    new_body = body if body is not None else version.body
    new_scope = str(scope) if scope is not None else disclosure.scope
    new_channels = list(channels) if channels is not None else list(disclosure.channels)
    if addressees is not None:
        new_addressees = list(addressees)
    else:
        new_addressees = [a.person or a.organization for a in disclosure.addressees]
    _check_content(unit, new_title, new_body, new_scope, new_channels, new_addressees)
    with atomic():
        changed = (
            Disclosure.update(
                title=new_title,
                scope=new_scope,
                channels=new_channels,
                lock_version=Disclosure.lock_version + 1,
                updated_at=utcnow(),
            )
            .where(
                (Disclosure.id == disclosure.id)
                & (Disclosure.lock_version == disclosure.lock_version)
            )
            .execute()
        )
        if changed != 1:
            raise ConflictError(
                f"“{disclosure.title}” was changed by someone else since it was read; reload it"
            )
        DisclosureVersion.update(title=new_title, body=new_body).where(
            DisclosureVersion.id == version.id
        ).execute()
        if addressees is not None:
            DisclosureAddressee.delete().where(
                DisclosureAddressee.disclosure == disclosure.id
            ).execute()
            _add_addressees(disclosure, new_addressees)
        audit.record(
            "disclosure.edit",
            "disclosure",
            disclosure.id,
            actor=actor,
            organization=disclosure.organization_id,
            payload={"title": new_title, "scope": new_scope, "channels": new_channels},
        )
    return Disclosure.get_by_id(disclosure.id)


# --- 目录外事项: the work plan --------------------------------------------------------------


def catalog_issuer(organization: Organization) -> Organization | None:
    """The organization that issues the catalog ``organization`` follows (003 §6(一)): the
    issuer of an active catalog that binds it, else its parent."""
    catalog = (
        Catalog.select()
        .where((Catalog.status == CatalogStatus.ACTIVE.value) & Catalog.issuer.is_null(False))
        .order_by(Catalog.version_key.desc())
    )
    for candidate in catalog:
        if candidate.binds(organization):
            return candidate.issuer
    return organization.parent


def submit_plan(unit: UnitContext, disclosure: Disclosure, actor: Person, plan: str) -> Filing:
    """File the work plan (工作方案) of an out-of-catalog disclosure with the catalog issuer."""
    if disclosure.catalog_item_id is not None:
        raise ValidationError(f"“{disclosure.title}” is in the catalog: it needs no work plan")
    if not access.allowed(
        actor,
        "disclosure.draft",
        disclosure.organization_id,
        permissions=unit.registry.permissions,
    ):
        raise PermissionDenied(f"{actor.name} may not file plans for {disclosure.organization}")
    if not (plan or "").strip():
        raise ValidationError("a work plan needs its text", "plan")
    issuer = catalog_issuer(disclosure.organization)
    with atomic():
        filing = Filing.create(
            organization=disclosure.organization_id,
            upper_organization=issuer,
            kind=FilingKind.IMPLEMENTATION_PLAN.value,
            subject_type="disclosure",
            subject_id=disclosure.id,
            title=f"目录外事项公开工作方案：{disclosure.title}"[:300],
            body=plan,
            filed_by=actor,
        )
        audit.record(
            "disclosure.plan_submit",
            "disclosure",
            disclosure.id,
            actor=actor,
            organization=disclosure.organization_id,
            payload={"filing": filing.id, "issuer": issuer.code if issuer else None},
        )
    return filing


def decide_plan(
    unit: UnitContext, filing: Filing, actor: Person, *, approved: bool, opinion: str
) -> Filing:
    """The catalog issuer approves (审核同意) or rejects a work plan, with its opinion."""
    if filing.kind != FilingKind.IMPLEMENTATION_PLAN.value:
        raise ValidationError("only work plans (工作方案) are decided here")
    return filings.decide(
        filing,
        actor,
        approved=approved,
        opinion=opinion,
        action="disclosure.plan_decide",
        what="this plan",
    )
