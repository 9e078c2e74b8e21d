"""Publishing a catalog itself (004 七(二): 党务公开目录……按照规定在党内或者向社会公开).

A catalog, and the explanation of a change to it (003 §9(二): 及时公布作出说明), are published
as ordinary disclosures of the organization that made the catalog: drafted here, then reviewed
for secrecy, approved and published through that organization's workflow like anything else.
Neither is an item of the catalog, so each needs a work plan (工作方案, 003 §6(二)); the rule
that orders the publication is the plan, so it is filed as approved in the same transaction,
naming the rule.

It sits beside :mod:`dangwu_core.disclosures`, above it: the catalog services
(:mod:`dangwu_core.catalogs.upgrade`) call it when a change must be explained publicly.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import disclosures
from .db import atomic
from .errors import ValidationError
from .models import (
    Cadence,
    Catalog,
    CatalogItem,
    Category,
    Disclosure,
    Filing,
    FilingKind,
    FilingStatus,
    Organization,
    Person,
    Scope,
    TimeLimit,
)

if TYPE_CHECKING:
    from .context import UnitContext

#: Who may read a published catalog: inside the party, or the public (004 七(二)).
SCOPES = (Scope.PARTY.value, Scope.PUBLIC.value)


def draft_by_rule(
    ctx: UnitContext,
    organization: Organization,
    author: Person,
    title: str,
    body: str,
    scope: str,
    *,
    rule: str,
    plan: str,
    payload: dict | None = None,
) -> Disclosure:
    """Draft a disclosure that a rule orders, filing its work plan as approved by that rule.

    :param rule: the paragraph that orders the publication (shown as the plan's opinion).
    :raises ValidationError: a scope other than party or public.
    :raises PermissionDenied: ``author`` may not propose disclosures at ``organization``.
    """
    if scope not in SCOPES:
        raise ValidationError(
            f"a catalog is published in the party or to the public, not {scope!r}", "scope"
        )
    channels = ctx.registry.channels.for_scope(scope)
    preferred = [c.name for c in channels if c.name in ("party_portal", "website")]
    with atomic():
        draft = disclosures.create_draft(
            ctx,
            organization,
            author,
            title[:300],
            body,
            scope,
            preferred[:1] or [c.name for c in channels[:1]],
        )
        Filing.create(
            organization=organization,
            upper_organization=organization,
            kind=FilingKind.IMPLEMENTATION_PLAN,
            subject_type="disclosure",
            subject_id=draft.id,
            title=f"公开方案：{title}"[:300],
            body=plan,
            status=FilingStatus.REVIEWED,
            payload={"approved": True, **(payload or {})},
            filed_by=author,
            reviewed_by=author,
            review_opinion=f"依{rule}公开",
        )
    return draft


def catalog_text(catalog: Catalog) -> tuple[str, str]:
    """The title and body of a catalog as members or the public read it, by category."""
    title = f"{catalog.title}（{catalog.version} 版）"
    lines = [
        f"制定：{catalog.issuer_name}；自 {catalog.effective_date.isoformat()} 起施行。",
        "",
    ]
    items = (
        CatalogItem.select(CatalogItem, Category)
        .join(Category)
        .where(CatalogItem.catalog == catalog.id)
        .order_by(Category.sort_order, Category.code, CatalogItem.sort_order, CatalogItem.code)
    )
    category = None
    for number, item in enumerate(items, start=1):
        if item.category.id != category:
            category = item.category.id
            lines.append(f"【{item.category.name}】")
        limit = TimeLimit(item.time_limit).label
        if item.cadence:
            limit += f"（{Cadence(item.cadence).label}）"
        status = {"revoked": "（已撤销）", "terminated": "（已终止）"}.get(item.status, "")
        lines.append(
            f"{number}. {item.title}{status}——公开范围：{Scope(item.scope).label}；"
            f"公开时限：{limit}；承办部门：{item.proposing_department or '—'}"
        )
    return title, "\n".join(lines).strip()


def draft_publication(
    ctx: UnitContext,
    catalog: Catalog,
    author: Person,
    *,
    organization: Organization | None = None,
    scope: str = Scope.PARTY.value,
) -> Disclosure:
    """Draft the publication of ``catalog`` (004 七(二)) at ``organization``.

    :param organization: who publishes it; by default the issuer, when it is part of this
        deployment. An organization the catalog applies to may publish it to its own members.
    :raises ValidationError: no organization given and the issuer is outside the deployment, or
        an organization the catalog neither comes from nor applies to.
    """
    organization = organization or catalog.issuer
    if organization is None:
        raise ValidationError(
            f"the issuer {catalog.issuer_code!r} of catalog {catalog.code!r} is not part of this "
            "deployment: name the organization that publishes it",
            "organization",
        )
    if organization.id != catalog.issuer_id and not catalog.binds(organization):
        raise ValidationError(
            f"catalog {catalog.code!r} neither comes from nor applies to {organization.code!r}",
            "organization",
        )
    title, body = catalog_text(catalog)
    return draft_by_rule(
        ctx,
        organization,
        author,
        title,
        body,
        scope,
        rule="004 七(二)",
        plan=f"按照规定公开党务公开目录《{catalog.title}》{catalog.version} 版",
        payload={"catalog": catalog.code, "version": catalog.version},
    )
