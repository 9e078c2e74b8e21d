"""Installing and upgrading a catalog package (党务公开目录) in a unit.

:func:`apply` is the one code path of every route (a package file, a Python distribution's
template, the admin later): it checks everything, then writes in ONE transaction: the
catalog, its categories and items (bulk inserts), the older version superseded and its
obligations carried over or closed (:mod:`.upgrade`), the audit events, the filing (备案) and
the current year's obligations of every organization the catalog binds. A refused
package leaves the database exactly as it was.

Whom a catalog binds, and the rule that its issuer stands above them, are in
:mod:`.binding`: a package whose issuer does not stand above an organization it binds is
refused, naming both.

Trust: a package *file* must carry a signature that a key pinned for its issuer verifies
(``trusted_catalog_keys``, see :mod:`.signing`), unless the caller overrides with
``allow_unsigned`` (recorded as a ``catalog.trust_override`` event). A *template* shipped in an
installed Python distribution is trusted as code (docs/catalog-package.md says why); a
signature it carries is still checked.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import audit, obligations
from ..clock import today
from ..db import atomic
from ..errors import NotFound, ValidationError
from ..models import (
    Catalog,
    CatalogItem,
    CatalogStatus,
    Category,
    Disclosure,
    Filing,
    FilingKind,
    Organization,
    Person,
)
from . import binding, signing, upgrade
from .diff import CatalogDiff
from .package import Package, load
from .schema import version_key

if TYPE_CHECKING:
    from ..context import UnitContext


@dataclass(frozen=True)
class Applied:
    """What :func:`apply` did."""

    catalog: Catalog
    #: the differences from the version it superseded (None for a first install)
    diff: CatalogDiff | None
    filing: Filing | None
    #: the draft disclosure explaining the change, when one was drafted
    notice: Disclosure | None
    #: the key id, ``distribution:<name> <version>``, or "" when installed by override
    signed_by: str
    override: str = ""


def check(unit: UnitContext, package: Package) -> None:
    """The checks that depend on the deployment: channels and organization types.

    :raises ValidationError: an unknown channel, a channel that cannot carry an item's scope,
        or an unknown organization type.
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


def installed(code: str) -> Catalog | None:
    """The newest installed version of catalog ``code`` (any status), or None."""
    return Catalog.select().where(Catalog.code == code).order_by(Catalog.version_key.desc()).first()


def _check_version(package: Package, newest: Catalog | None) -> None:
    manifest = package.manifest
    if newest is not None and version_key(manifest["version"]) <= newest.version_key:
        raise ValidationError(
            f"catalog {manifest['code']!r} version {manifest['version']} is not newer than the "
            f"installed version {newest.version}; raise the version to install a change",
            "version",
        )


def authorize(
    unit: UnitContext, package: Package, *, allow_unsigned: bool = False, distribution: str = ""
) -> tuple[str, str]:
    """Decide whether ``package`` may be installed; return ``(signed_by, override reason)``.

    :raises ValidationError: unsigned, signed by a key not pinned for the issuer, or a
        signature that does not verify, and ``allow_unsigned`` is false.
    """
    keys = signing.trusted_keys(unit.settings.get("trusted_catalog_keys") or [])
    verdict = signing.verify(package, keys)
    if verdict.ok:
        return verdict.key_id, ""
    if distribution and verdict.reason != "bad_signature":
        return f"distribution:{distribution}"[:100], ""
    if allow_unsigned:
        return "", verdict.reason
    raise ValidationError(
        f"{verdict.message}; refusing to install it (an administrator may override with "
        "--allow-unsigned, which is recorded)",
        "signature",
    )


def apply(
    unit: UnitContext,
    source: Path | str | bytes | Mapping[str, Any] | Package,
    *,
    actor: Person | None = None,
    allow_unsigned: bool = False,
    distribution: str = "",
    explanation: str = "",
    notice_by: Person | None = None,
    notice_scope: str = "party",
    require_installed: bool = False,
    name: str = "",
) -> Applied:
    """Install a catalog package, or upgrade the installed version of the same catalog.

    :param allow_unsigned: install although the signature is missing or not trusted (the
        override is recorded as an event).
    :param distribution: ``<name> <version>`` of the Python distribution that ships it (the
        template route, trusted as code).
    :param explanation: 变更说明 of an upgrade (default: the manifest's ``explanation``).
    :param notice_by: a person with the proposer role at the issuer who drafts the public
        explanation of an upgrade (see :func:`.upgrade.draft_notice`).
    :param require_installed: refuse unless an older version is installed (``upgrade``).
    :raises ValidationError: the package breaks the format, the deployment's rules, the
        version order or the trust rules; nothing is written.
    """
    package = source if isinstance(source, Package) else load(source, name=name)
    manifest = package.manifest
    with atomic():
        check(unit, package)
        binding.check_issuer(manifest, unit.settings.get("catalog_upper_bodies") or [])
        newest = installed(manifest["code"])
        if require_installed and newest is None:
            raise ValidationError(
                f"catalog {manifest['code']!r} is not installed: install it first", "code"
            )
        _check_version(package, newest)
        signed_by, override = authorize(
            unit, package, allow_unsigned=allow_unsigned, distribution=distribution
        )
        previous = newest if newest is not None and newest.status == CatalogStatus.ACTIVE else None
        change = upgrade.plan(previous, package, explanation) if previous else None
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
            applies_to_organizations=list(manifest.get("applies_to_organizations") or []),
            source=(name or package.source or distribution)[:300],
            sha256=package.sha256,
            signed_by=signed_by,
        )
        _insert_contents(catalog, manifest)
        if override:
            audit.record(
                "catalog.trust_override",
                "catalog",
                catalog.id,
                actor=actor,
                organization=issuer,
                reason=override,
                payload={
                    "code": catalog.code,
                    "version": catalog.version,
                    "sha256": catalog.sha256,
                    "key_id": (package.signature or {}).get("key_id"),
                },
            )
        if change is not None:
            upgrade.supersede(previous, catalog, change)
        audit.record(
            "catalog.upgrade" if change else "catalog.install",
            "catalog",
            catalog.id,
            actor=actor,
            organization=issuer,
            reason=change.explanation if change else "",
            payload={
                "code": catalog.code,
                "version": catalog.version,
                "items": len(manifest["items"]),
                "sha256": catalog.sha256,
                "signed_by": signed_by,
                "superseded": [previous.version] if previous else [],
                **({"changes": change.diff.summary()} if change else {}),
            },
        )
        filing = file_with_upper(catalog, issuer, actor, change)
        obligations.open_obligations(unit, today().year, catalogs=[catalog], actor=actor)
        notice = None
        if change is not None and notice_by is not None and not change.diff.is_empty:
            notice = upgrade.draft_notice(
                unit, catalog, change, filing, notice_by, scope=notice_scope
            )
    return Applied(catalog, change.diff if change else None, filing, notice, signed_by, override)


def install(
    unit: UnitContext, source, *, actor=None, allow_unsigned: bool = False, **options
) -> Catalog:
    """Install (or upgrade to) a catalog package; return the new Catalog (see :func:`apply`)."""
    return apply(unit, source, actor=actor, allow_unsigned=allow_unsigned, **options).catalog


def template_distribution(unit: UnitContext, name: str) -> tuple[Path, str]:
    """The package path of template ``name`` and ``<distribution> <version>`` shipping it."""
    try:
        template = unit.registry.catalog_templates[name]
    except KeyError:
        known = ", ".join(sorted(unit.registry.catalog_templates)) or "none"
        raise NotFound(
            f"no plugin offers the catalog template {name!r} (offered: {known})"
        ) from None
    shipped_by = unit.registry.catalog_template_sources.get(name, "dangwu-core")
    return template.path, shipped_by


def install_template(unit: UnitContext, name: str, **options) -> Applied:
    """Install the catalog template ``name`` a plugin offers (trusted as code)."""
    path, shipped_by = template_distribution(unit, name)
    package = load(path, name=f"template:{name}")
    return apply(unit, package, distribution=shipped_by, name=f"template:{name}", **options)


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


def file_with_upper(
    catalog: Catalog, issuer: Organization | None, actor, change: upgrade.Change | None = None
) -> Filing | None:
    """备案: the catalog's maker files it (kind ``catalog``) or its change (``catalog_change``)
    with the organization above it (004 七(二): 报上级党组织备案; 003 §6).

    The filing is made by the issuer and addressed to its parent, whose staff see it among
    their received filings; an issuer at the top of the deployment files with the upper body
    outside it (upper organization empty: the filing is the unit's ledger of what it reported
    on paper). A catalog made outside the deployment is filed there by its maker: no filing
    here (the install event records its receipt).
    """
    if issuer is None:
        return None
    bound = binding.bound_organizations(catalog)
    payload = {
        "code": catalog.code,
        "version": catalog.version,
        "sha256": catalog.sha256,
        "signed_by": catalog.signed_by,
        "issuer": {"code": catalog.issuer_code, "name": catalog.issuer_name},
        "applies_to": list(catalog.applies_to or []),
        "applies_to_organizations": list(catalog.applies_to_organizations or []),
        "organizations": [o.code for o in bound],
    }
    if change is not None:
        payload["changes"] = change.diff.summary()
    upper = issuer.parent
    return Filing.create(
        organization=issuer,
        upper_organization=upper,
        kind=FilingKind.CATALOG_CHANGE if change else FilingKind.CATALOG,
        subject_type="catalog",
        subject_id=catalog.id,
        title=(
            f"{catalog.title}（{catalog.version}）{'变更' if change else ''}备案"
            f"{'' if upper else '（报上级党组织）'}"
        )[:300],
        body="\n".join([change.explanation, "", *change.diff.lines()]) if change else "",
        payload=payload,
        filed_by=getattr(actor, "id", actor),
    )
