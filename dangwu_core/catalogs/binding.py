"""Whom a catalog binds, and whether its issuer may bind them (003 §6, 004 七(二)).

A catalog applies to organization *types* (``applies_to``), to *named organizations*
(``applies_to_organizations``, by code), or both. The rule, checked by :func:`check_issuer`
before anything is written and applied by :meth:`~dangwu_core.models.Catalog.bound` whenever
obligations open (at install, each year, and for an organization created later):

* **Issuer in the deployment.** A named organization must exist and lie in the issuer's
  subtree: below it (003 §6, the upper organization makes the catalog) or the issuer itself
  (004 七(二), an organization's own catalog). A type binds only the organizations of that
  type in the issuer's subtree, the issuer included; the package is refused when
  organizations of a type it names exist (other than the issuer) and the issuer stands
  above none of them, e.g. one branch issuing a catalog for every branch of its type.
* **Issuer outside the deployment.** It is the upper body above the whole deployment (the
  committee above the deployment's top organization): when the ``catalog_upper_bodies``
  setting lists codes, the issuer must be one of them; it binds its types across the
  deployment and may name any organization of it.

A refusal is one :class:`~dangwu_core.errors.ValidationError` naming the issuer and the
organization.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ..errors import ValidationError
from ..models import Catalog, Organization, OrganizationClosure


def _name(org: Organization) -> str:
    return f"{org.name} ({org.code})"


def _issuer_text(manifest: Mapping[str, Any]) -> str:
    return f"{manifest['issuer']['name']} ({manifest['issuer']['code']})"


def check_issuer(manifest: Mapping[str, Any], upper_bodies: Iterable[str] = ()) -> None:
    """Refuse a package whose issuer does not stand above every organization it binds.

    :param upper_bodies: the ``catalog_upper_bodies`` setting (empty: any outside issuer).
    :raises ValidationError: a named organization unknown to the deployment or outside the
        issuer's subtree, a type of which the issuer stands above no organization, or an
        outside issuer that is not an upper body of the deployment.
    """
    code = manifest["code"]
    named = list(manifest.get("applies_to_organizations") or [])
    found = (
        {o.code: o for o in Organization.select().where(Organization.code.in_(named))}
        if named
        else {}
    )
    for org_code in named:
        if org_code not in found:
            raise ValidationError(
                f"catalog {code!r} names organization {org_code!r}, which is not part of this "
                "deployment",
                "applies_to_organizations",
            )
    issuer = Organization.get_or_none(Organization.code == manifest["issuer"]["code"])
    if issuer is None:
        bodies = set(upper_bodies or [])
        if bodies and manifest["issuer"]["code"] not in bodies:
            raise ValidationError(
                f"catalog {code!r}: its issuer {_issuer_text(manifest)} is neither an "
                "organization of this deployment nor an upper body above it "
                f"(catalog_upper_bodies: {', '.join(sorted(bodies))})",
                "issuer",
            )
        return
    subtree = {
        row[0]
        for row in OrganizationClosure.select(OrganizationClosure.descendant)
        .where(OrganizationClosure.ancestor == issuer.id)
        .tuples()
    }
    for org_code in named:
        org = found[org_code]
        if org.id not in subtree:
            raise ValidationError(
                f"catalog {code!r}: its issuer {_name(issuer)} does not stand above "
                f"{_name(org)}, which it names; a catalog binds the issuer's own organization "
                "or those below it (003 §6, 004 七(二))",
                "applies_to_organizations",
            )
    for type_name in manifest.get("applies_to") or []:
        others = list(
            Organization.select()
            .where(
                (Organization.type == type_name)
                & (Organization.is_active == True)  # noqa: E712
                & (Organization.id != issuer.id)
            )
            .order_by(Organization.depth, Organization.sort_order, Organization.code)
        )
        if others and not any(o.id in subtree for o in others):
            raise ValidationError(
                f"catalog {code!r}: its issuer {_name(issuer)} does not stand above "
                f"{_name(others[0])}, nor above any other organization of type "
                f"{type_name!r} it would bind (003 §6: the upper organization makes the "
                "catalog for its subordinates; an organization's own catalog names it in "
                "applies_to_organizations)",
                "applies_to",
            )


def bound_organizations(catalog: Catalog, *, below_issuer: bool = False) -> list[Organization]:
    """The active organizations ``catalog`` binds, highest first (two queries).

    :param below_issuer: leave out the issuer itself.
    """
    query = Organization.select(Organization).where(Organization.is_active == True)  # noqa: E712
    named = list(catalog.applies_to_organizations or [])
    types = list(catalog.applies_to or [])
    matches = Organization.code.in_(named) if named else None
    if types:
        typed = Organization.type.in_(types)
        matches = typed if matches is None else (matches | typed)
    if matches is None:
        return []
    candidates = list(
        query.where(matches).order_by(
            Organization.depth, Organization.sort_order, Organization.code
        )
    )
    bound = catalog.bound(candidates)
    if below_issuer and catalog.issuer_id is not None:
        bound = [o for o in bound if o.id != catalog.issuer_id]
    return bound
