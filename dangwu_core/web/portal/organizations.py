"""An organization's page (its catalog, its disclosures by category and period) and the
"what was due and what was disclosed" view, so the public can see gaps (003 §10: 群众监督)."""

from __future__ import annotations

import datetime as dt
from collections import Counter, OrderedDict

from flask import render_template, request
from peewee import JOIN

from ...clock import get_clock, today
from ...models import (
    CatalogItem,
    Category,
    Disclosure,
    Obligation,
    ObligationStatus,
    Organization,
)
from ...sections import covering_sections
from ..arguments import year_arg
from ..auth import current_person
from ..caching import conditional
from ..reading import catalog_items, listed, organization_by_code
from .blueprint import blueprint

OUT_OF_CATALOG = "目录外事项"


def _year(default: int) -> int:
    return year_arg(default)


def _year_range(year: int) -> tuple[dt.datetime, dt.datetime]:
    """The local year as naive UTC instants (how timestamps are stored)."""
    tz = get_clock().tz

    def utc(y: int) -> dt.datetime:
        return dt.datetime(y, 1, 1, tzinfo=tz).astimezone(dt.UTC).replace(tzinfo=None)

    return utc(year), utc(year + 1)


@blueprint.get("/org/<code>")
@conditional
def organization(code: str):
    org = organization_by_code(code)
    year = _year(today().year)
    start, end = _year_range(year)
    disclosures = (
        listed()
        .select(Disclosure, CatalogItem, Category)
        .join(CatalogItem, join_type=JOIN.LEFT_OUTER)
        .join(Category, join_type=JOIN.LEFT_OUTER)
        .where(
            (Disclosure.organization == org.id)
            & (Disclosure.published_at >= start)
            & (Disclosure.published_at < end)
        )
        .order_by(
            Category.sort_order.asc(nulls="LAST"),
            Disclosure.period_label.desc(),
            Disclosure.published_at.desc(),
        )
    )
    groups: OrderedDict = OrderedDict()
    for d in disclosures:
        category = d.catalog_item.category.name if d.catalog_item_id else OUT_OF_CATALOG
        period = d.period_label or "—"
        groups.setdefault(category, OrderedDict()).setdefault(period, []).append(d)
    children = list(
        Organization.select()
        .where(Organization.parent == org.id)
        .order_by(Organization.sort_order, Organization.code)
    )
    return render_template(
        "portal/organization.html",
        org=org,
        year=year,
        groups=groups,
        items=catalog_items(org),
        children=children,
    )


@blueprint.get("/org/<code>/due")
@conditional
def due(code: str):
    """Every obligation of the organization in a year (or one period), its status, and the
    disclosures that fulfilled it when the reader may see them."""
    org = organization_by_code(code)
    year = _year(today().year)
    period = request.args.get("period", "").strip()
    obligations = (
        Obligation.select(Obligation, CatalogItem, Category)
        .join(CatalogItem)
        .join(Category)
        .where(
            (Obligation.organization == org.id)
            & (Obligation.period_start <= dt.date(year, 12, 31))
            & (Obligation.period_end >= dt.date(year, 1, 1))
        )
        .order_by(Obligation.due_date, Category.sort_order, CatalogItem.sort_order)
    )
    periods = sorted({o.period_label for o in obligations})
    if period:
        obligations = obligations.where(Obligation.period_label == period)
    rows = list(obligations)
    disclosed: dict[int, list[Disclosure]] = {}
    if rows:
        for d in listed().where(Disclosure.obligation.in_([o.id for o in rows])):
            disclosed.setdefault(d.obligation_id, []).append(d)
        # a 党务公开日 sheet covers obligations through its sections (003 §8(二))
        covering = covering_sections([o.id for o in rows], listed(), current_person())
        for obligation_id, found in covering.items():
            for d, position in found:
                d.section_position = position
                disclosed.setdefault(obligation_id, []).append(d)
    counts = Counter(o.status for o in rows)
    return render_template(
        "portal/due.html",
        org=org,
        year=year,
        period=period,
        periods=periods,
        rows=rows,
        disclosed=disclosed,
        counts=counts,
        statuses=list(ObligationStatus),
        today=today(),
    )
