"""Upgrading an installed catalog to a newer version (变更、撤销、终止, 003 §9(二)).

Called by :func:`.install.apply` inside its transaction when an older version of the same
catalog is active. The older version's rows stay (its items are the history of each code);
from the new version's effective date on:

* an item that goes on with the same schedule (unchanged, or changed in wording, scope,
  channels, department…) keeps its obligations: they are re-pointed to the new item row,
  whatever their status, so nothing disclosed is asked for twice;
* an item whose schedule changed (time limit, cadence, phases, spans_years,
  due_within_days) closes its pending and overdue obligations, and the new ones open;
* a revoked or terminated item closes its pending and overdue obligations with the reason;
* added items open their obligations with the rest;
* an organization the new version no longer binds (a type or a named organization dropped,
  see :mod:`.binding`) closes its pending and overdue obligations of the catalog.

Obligations of periods that ended before the effective date stay as they were: they were
owed under the old version. The change is filed with the issuer (``catalog_change``) with
its explanation, and may be drafted as a disclosure for members (:func:`draft_notice`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import ValidationError
from ..models import (
    Catalog,
    CatalogItem,
    CatalogStatus,
    Disclosure,
    Filing,
    Obligation,
    ObligationStatus,
    Person,
)
from ..publication import draft_by_rule
from .binding import bound_organizations
from .diff import CatalogDiff, catalog_manifest, diff
from .package import Package

if TYPE_CHECKING:
    from ..context import UnitContext

OPEN = (ObligationStatus.PENDING, ObligationStatus.OVERDUE)


@dataclass(frozen=True)
class Change:
    diff: CatalogDiff
    explanation: str


def plan(previous: Catalog, package: Package, explanation: str = "") -> Change:
    """Compare the active ``previous`` version with ``package``; check the change is lawful.

    :raises ValidationError: an active item is left out without being revoked or
        terminated, or items change without an explanation (变更说明).
    """
    change = diff(catalog_manifest(previous), package.manifest)
    if change.missing:
        raise ValidationError(
            f"catalog {change.code!r} {change.new_version} leaves out item(s) "
            f"{', '.join(change.missing)} of {change.old_version}: keep each with status "
            "'revoked' or 'terminated' and its status_reason (003 §9(二))",
            f"items[{change.missing[0]}]",
        )
    text = (explanation or package.manifest.get("explanation") or "").strip()
    if not text and (change.changed or change.revoked or change.terminated or change.added):
        raise ValidationError(
            f"catalog {change.code!r} {change.new_version} changes items of "
            f"{change.old_version} but gives no explanation: set the manifest's 'explanation' "
            "or pass one (变更说明, 003 §9(二))",
            "explanation",
        )
    return Change(change, text)


def supersede(previous: Catalog, catalog: Catalog, change: Change) -> None:
    """Mark ``previous`` superseded and carry over or close its obligations (see module)."""
    Catalog.update(status=CatalogStatus.SUPERSEDED).where(
        (Catalog.code == catalog.code)
        & (Catalog.status == CatalogStatus.ACTIVE)
        & (Catalog.id != catalog.id)
    ).execute()
    old = dict(
        CatalogItem.select(CatalogItem.code, CatalogItem.id)
        .where(CatalogItem.catalog == previous.id)
        .tuples()
    )
    new = dict(
        CatalogItem.select(CatalogItem.code, CatalogItem.id)
        .where(CatalogItem.catalog == catalog.id)
        .tuples()
    )
    from_date = Obligation.period_end >= catalog.effective_date
    version = catalog.version
    rescheduled = {c.code for c in change.diff.changed if c.reschedules}
    for code in [*change.diff.unchanged, *(c.code for c in change.diff.changed)]:
        if code in rescheduled:
            continue
        Obligation.update(catalog_item=new[code]).where(
            (Obligation.catalog_item == old[code]) & from_date
        ).execute()
    closing: dict[str, list[int]] = {}
    for code in rescheduled:
        closing.setdefault(f"目录 {version} 版调整了该事项的公开时限", []).append(old[code])
    for label, items in (("撤销", change.diff.revoked), ("终止", change.diff.terminated)):
        for code, reason in items.items():
            if code in old:
                closing.setdefault(f"目录 {version} 版{label}该事项：{reason}", []).append(
                    old[code]
                )
    for reason, ids in closing.items():
        Obligation.update(status=ObligationStatus.CLOSED, closed_reason=reason[:1000]).where(
            Obligation.catalog_item.in_(ids) & Obligation.status.in_(OPEN) & from_date
        ).execute()
    if {"applies_to", "applies_to_organizations", "issuer"} & set(change.diff.meta):
        kept = [o.id for o in bound_organizations(catalog)]
        Obligation.update(
            status=ObligationStatus.CLOSED,
            closed_reason=f"目录 {version} 版不再适用于该组织",
        ).where(
            Obligation.catalog_item.in_(list(new.values()))
            & Obligation.status.in_(OPEN)
            & from_date
            & Obligation.organization.not_in(kept)
        ).execute()
    # Whatever else is still open for a later period under the old rows (nothing should be)
    # is closed as superseded, so no obligation hangs on a superseded version.
    Obligation.update(
        status=ObligationStatus.CLOSED, closed_reason=f"目录已由 {version} 版取代"
    ).where(
        Obligation.catalog_item.in_(list(old.values()))
        & (Obligation.status == ObligationStatus.PENDING)
        & from_date
    ).execute()


def notice_text(catalog: Catalog, change: Change) -> tuple[str, str]:
    """Title and body of the public explanation of a change (变更说明)."""
    title = f"关于调整《{catalog.title}》的说明（{catalog.version} 版）"
    d = change.diff
    lines = [change.explanation, ""]
    lines.append(
        f"经{catalog.issuer_name}批准，《{catalog.title}》由 {d.old_version} 版调整为 "
        f"{d.new_version} 版，自 {catalog.effective_date.isoformat()} 起施行。"
    )
    titles = dict(
        CatalogItem.select(CatalogItem.code, CatalogItem.title)
        .where(CatalogItem.catalog == catalog.id)
        .tuples()
    )
    if d.added:
        lines.append("新增事项：" + "；".join(f"{c} {titles.get(c, '')}" for c in d.added))
    if d.changed:
        lines.append("变更事项：" + "；".join(f"{c.code} {c.title}" for c in d.changed))
    for label, items in (("撤销事项", d.revoked), ("终止事项", d.terminated)):
        if items:
            lines.append(
                f"{label}："
                + "；".join(f"{c} {titles.get(c, '')}（{r}）" for c, r in items.items())
            )
    return title[:300], "\n".join(lines).strip()


def draft_notice(
    unit: UnitContext,
    catalog: Catalog,
    change: Change,
    filing: Filing | None,
    author: Person,
    *,
    scope: str = "party",
) -> Disclosure:
    """Draft the explanation as a disclosure of the issuing organization (及时公布作出说明).

    The draft goes through the issuer's ordinary workflow (review for secrecy, approval,
    publication). It is out of the catalog; its work plan (工作方案, 003 §6(二)) is the change
    itself, which the issuing organization approved by making it, so the plan is filed as
    reviewed and approved in the same transaction, pointing at the change filing.

    :raises ValidationError: the issuer is not part of this deployment.
    :raises PermissionDenied: ``author`` may not propose disclosures at the issuer.
    """
    issuer = catalog.issuer
    if issuer is None:
        raise ValidationError(
            f"the issuer {catalog.issuer_code!r} is not part of this deployment: it publishes "
            "the explanation itself; install without a notice author",
            "notice_by",
        )
    title, body = notice_text(catalog, change)
    return draft_by_rule(
        unit,
        issuer,
        author,
        title,
        body,
        scope,
        rule="003 §9(二)",
        plan=change.explanation,
        payload={"catalog_change_filing": filing.id if filing else None},
    )
