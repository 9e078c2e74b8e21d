"""Installing a catalog package (党务公开目录) in a unit.

:func:`install` checks everything first, then writes in ONE transaction: the catalog, its
categories and items (bulk inserts), the older version marked superseded, an audit event, a
filing (备案) and the current year's obligations of every organization the catalog applies
to. A refused package leaves the database exactly as it was.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import audit, obligations
from ..clock import today
from ..db import atomic
from ..errors import ValidationError
from ..models import (
    Catalog,
    CatalogItem,
    CatalogStatus,
    Category,
    Filing,
    FilingKind,
    Obligation,
    ObligationStatus,
    Organization,
    OrganizationClosure,
)
from .package import Package, load
from .schema import version_key

if TYPE_CHECKING:
    from ..unit import Unit


def check(unit: Unit, package: Package) -> None:
    """The checks that depend on the deployment: channels, organization types, versions.

    :raises ValidationError: an unknown channel, a channel that cannot carry an item's scope,
        an unknown organization type, or a version not above the installed one.
    """
    manifest = package.manifest
    for item in manifest["items"]:
        try:
            unit.registry.channels.check_fit(item["scope"], item["channels"])
        except ValidationError as exc:
            raise ValidationError(
                f"catalog {manifest['code']!r} item {item['code']!r}: {exc}",
                f"items[{item['code']}].channels",
            ) from None
    types = unit.registry.organization_types
    for name in manifest["applies_to"]:
        if name not in types:
            known = ", ".join(sorted(t.name for t in types)) or "none"
            raise ValidationError(
                f"catalog {manifest['code']!r} applies to unknown organization type {name!r}; "
                f"registered types: {known}",
                "applies_to",
            )
    newest = (
        Catalog.select()
        .where(Catalog.code == manifest["code"])
        .order_by(Catalog.version_key.desc())
        .first()
    )
    if newest is not None and version_key(manifest["version"]) <= newest.version_key:
        raise ValidationError(
            f"catalog {manifest['code']!r} version {manifest['version']} is not newer than the "
            f"installed version {newest.version}; raise the version to install a change",
            "version",
        )


def install(
    unit: Unit,
    manifest_or_path: Path | str | Mapping[str, Any] | Package,
    *,
    actor=None,
    source: str = "",
) -> Catalog:
    """Install a catalog package; return the new :class:`~dangwu_core.models.Catalog`.

    :param manifest_or_path: a package file path, its JSON text, a package or manifest dict,
        or a loaded :class:`~dangwu_core.catalogs.package.Package`.
    :raises ValidationError: the package breaks the format (see ``catalogs.schema``) or
        :func:`check` refuses it; nothing is written.
    """
    package = (
        manifest_or_path
        if isinstance(manifest_or_path, Package)
        else load(manifest_or_path, name=source)
    )
    manifest = package.manifest
    with atomic():
        check(unit, package)
        issuer = Organization.get_or_none(Organization.code == manifest["issuer"]["code"])
        catalog = Catalog.create(
            code=manifest["code"],
            title=manifest["title"],
            version=manifest["version"],
            version_key=version_key(manifest["version"]),
            issuer_code=manifest["issuer"]["code"],
            issuer_name=manifest["issuer"]["name"],
            issuer=issuer,
            effective_date=manifest["effective_date"],
            applies_to=list(manifest["applies_to"]),
            source=(source or package.source)[:300],
            sha256=package.sha256,
            signed_by="",
        )
        _insert_contents(catalog, manifest)
        superseded = _supersede(catalog)
        audit.record(
            "catalog.install",
            "catalog",
            catalog.id,
            actor=actor,
            organization=issuer,
            payload={
                "code": catalog.code,
                "version": catalog.version,
                "items": len(manifest["items"]),
                "sha256": catalog.sha256,
                "superseded": superseded,
            },
        )
        _file_with_issuer(catalog, issuer, actor)
        obligations.open_obligations(unit, today().year, catalogs=[catalog], actor=actor)
    return catalog


def _insert_contents(catalog: Catalog, manifest: Mapping[str, Any]) -> None:
    Category.insert_many(
        [
            {"catalog": catalog.id, "code": c["code"], "name": c["name"], "sort_order": index}
            for index, c in enumerate(manifest["categories"])
        ]
    ).execute()
    category_ids = dict(
        Category.select(Category.code, Category.id).where(Category.catalog == catalog).tuples()
    )
    rows = []
    for index, item in enumerate(manifest["items"]):
        row = {k: v for k, v in item.items() if k != "category"}
        row.update(catalog=catalog.id, category=category_ids[item["category"]], sort_order=index)
        rows.append(row)
    for start in range(0, len(rows), 100):
        CatalogItem.insert_many(rows[start : start + 100]).execute()


def _supersede(catalog: Catalog) -> list[str]:
    """Mark older active versions superseded; close their pending obligations that the new
    version opens again (periods ending on or after its effective date)."""
    older = list(
        Catalog.select().where(
            (Catalog.code == catalog.code)
            & (Catalog.status == CatalogStatus.ACTIVE)
            & (Catalog.id != catalog.id)
        )
    )
    if not older:
        return []
    ids = [c.id for c in older]
    Catalog.update(status=CatalogStatus.SUPERSEDED).where(Catalog.id.in_(ids)).execute()
    old_items = CatalogItem.select(CatalogItem.id).where(CatalogItem.catalog.in_(ids))
    Obligation.update(
        status=ObligationStatus.CLOSED,
        closed_reason=f"目录已由 {catalog.version} 版取代",
    ).where(
        Obligation.catalog_item.in_(old_items)
        & (Obligation.status == ObligationStatus.PENDING)
        & (Obligation.period_end >= catalog.effective_date)
    ).execute()
    return [c.version for c in older]


def _file_with_issuer(catalog: Catalog, issuer: Organization | None, actor) -> Filing | None:
    """备案: one filing addressed to the issuer when it is part of this deployment.

    It is filed by the highest organization below the issuer that the catalog applies to
    (the unit that adopts it); the payload names every applying organization in the
    issuer's subtree. No filing when the issuer is outside the deployment, or nothing below
    it applies.
    """
    if issuer is None:
        return None
    applying = list(
        Organization.select(Organization)
        .join(OrganizationClosure, on=OrganizationClosure.descendant == Organization.id)
        .where(
            (OrganizationClosure.ancestor == issuer)
            & (OrganizationClosure.depth > 0)
            & Organization.type.in_(catalog.applies_to)
            & (Organization.is_active == True)  # noqa: E712
        )
        .order_by(Organization.depth, Organization.sort_order, Organization.code)
    )
    if not applying:
        return None
    return Filing.create(
        organization=applying[0],
        upper_organization=issuer,
        kind=FilingKind.CATALOG,
        subject_type="catalog",
        subject_id=catalog.id,
        title=f"{catalog.title}（{catalog.version}）备案",
        payload={
            "code": catalog.code,
            "version": catalog.version,
            "sha256": catalog.sha256,
            "organizations": [o.code for o in applying],
        },
        filed_by=getattr(actor, "id", actor),
    )
