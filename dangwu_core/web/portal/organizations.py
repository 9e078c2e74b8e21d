"""An organization's page (its catalog, its disclosures by category and period) and the
"what was due and what was disclosed" view, so the public can see gaps (003 §10: 群众监督)."""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter, OrderedDict

from flask import render_template, request

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
from ..arguments import int_arg, year_arg
from ..auth import current_person
from ..caching import conditional
from ..reading import catalog_items, listed, listing, organization_by_code, shown
from .blueprint import blueprint

OUT_OF_CATALOG = "目录外事项"
#: Disclosures a page of an organization's year shows; the pages are linked.
PER_PAGE = 50
MAX_PAGE = 100_000


def _by_category(rows: list[Disclosure]) -> None:
    """Sort a page's rows by the catalog's order of categories (out-of-catalog items last),
    then by period, the latest first; within one, newest first as they came (stable sorts)."""
    rows.sort(key=lambda d: d.period_label, reverse=True)
    rows.sort(
        key=lambda d: (0, d.catalog_item.category.sort_order) if d.catalog_item_id else (1, 0)
    )


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
    found = listing().where(
        (Disclosure.organization == org.id)
        & (Disclosure.published_at >= start)
        & (Disclosure.published_at < end)
    )
    pages = max(1, math.ceil(found.total() / PER_PAGE))
    page = min(int_arg("page", 1, high=MAX_PAGE), pages)  # past the last: the last
    rows = shown(found.rows((page - 1) * PER_PAGE, PER_PAGE))
    # the page's disclosures (newest first) by category, in the catalog's order, and period
    _by_category(rows)
    groups: OrderedDict = OrderedDict()
    for d in rows:
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
        page=page,
        pages=pages,
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
        for d in shown(listed().where(Disclosure.obligation.in_([o.id for o in rows]))):
            disclosed.setdefault(d.obligation_id, []).append(d)
        # a 党务公开日 sheet covers obligations through its sections (003 §8(二))
        covering = covering_sections([o.id for o in rows], listed(), current_person())
        for obligation_id, found in covering.items():
            for d, position in found:
                shown([d])
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
