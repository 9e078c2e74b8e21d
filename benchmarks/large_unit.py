"""A large unit for the annual report and accountability benchmark, written in bulk.

The organizations, requests and feedback come from ``supervision_tree.build_tree`` (one
committee, general branches, branches); on top of it every branch and the committee itself
get ``per_org`` obligations over the year in every status (late and on-time ones with the
day they were fulfilled), and every branch publishes a few disclosures: most as its catalog
says, some wider than its catalog's scope or on a channel the catalog does not list, and some
out of catalog (so that some branches have a catalog not adjusted). A few general branches
have no obligation at all (no catalog). Every figure of the annual report and every kind of
accountability case has rows.
"""

from __future__ import annotations

import datetime as dt

from supervision_tree import _insert, build_tree

from dangwu_core.db import atomic
from dangwu_core.models import (
    Catalog,
    CatalogItem,
    Category,
    Disclosure,
    Obligation,
    Organization,
    OrganizationClosure,
    Person,
)

STATUSES = ["on_time", "late", "overdue", "not_suitable", "pending", "pending", "on_time"]
SCOPES = ["party", "unit", "public"]


def build_large_unit(
    branches: int = 2500, *, per_org: int = 253, disclosures: int = 12, year: int = 2026
) -> Organization:
    """Write a unit of ``branches`` branches with ``per_org`` obligations each (and as many for
    its committee); return the committee."""
    generals = max(1, branches // 100)
    root = build_tree(branches + generals + 1, year=year, per_org=0, code="LRG")
    now = dt.datetime(year, 1, 1)
    with atomic():
        proposer = Person.create(name="测试经办人", created_at=now)
        catalog = Catalog.create(
            code="LRG-annual",
            title="年度测试目录",
            version="1.0.0",
            version_key=1_000_000,
            issuer_code="LRG",
            issuer_name="大型测试党委",
            effective_date=dt.date(year, 1, 1),
            applies_to=["village_branch"],
            created_at=now,
        )
        category = Category.create(catalog=catalog, code="c", name="组织建设", created_at=now)
        items = []
        for m in range(1, per_org + 1):
            items.append(
                {
                    "catalog": catalog.id,
                    "code": f"i{m:03d}",
                    "title": f"第{m}项定期公开事项",
                    "category": category.id,
                    "scope": SCOPES[m % len(SCOPES)],
                    "time_limit": "periodic",
                    "cadence": "monthly",
                    "channels": ["meeting", "bulletin_board"],
                    "sort_order": m,
                    "created_at": now,
                }
            )
        _insert(CatalogItem, items)
        item_rows = list(
            CatalogItem.select(CatalogItem.id, CatalogItem.scope)
            .where(CatalogItem.catalog == catalog.id)
            .order_by(CatalogItem.sort_order)
            .tuples()
        )
        closure = OrganizationClosure
        members = [
            org_id
            for (org_id, kind) in Organization.select(Organization.id, Organization.kind)
            .join(closure, on=(closure.descendant == Organization.id))
            .where(closure.ancestor == root.id)
            .order_by(Organization.id)
            .tuples()
        ]
        kinds = dict(
            Organization.select(Organization.id, Organization.kind)
            .where(Organization.id.in_(members))
            .tuples()
        )
        with_obligations = [
            o for o in members if kinds[o] == "branch" or o == root.id or o % 5 == 0
        ]
        rows, published = [], []
        for index, org_id in enumerate(with_obligations):
            for m, (item_id, _scope) in enumerate(item_rows, start=1):
                month = (m - 1) % 12 + 1
                due = dt.date(year, month, 7 + (index + m) % 20)
                status = STATUSES[(index + m) % len(STATUSES)]
                fulfilled = None
                if status in ("on_time", "late"):
                    shift = -2 if status == "on_time" else 1 + (index + m) % 30
                    fulfilled = dt.datetime.combine(due + dt.timedelta(days=shift), dt.time(9))
                rows.append(
                    {
                        "organization": org_id,
                        "catalog_item": item_id,
                        "period_label": f"{year}-{m:03d}",
                        "period_start": dt.date(year, month, 1),
                        "period_end": due,
                        "due_date": due,
                        "status": status,
                        "fulfilled_at": fulfilled,
                        "created_at": now,
                    }
                )
            for d in range(disclosures):
                item_id, scope = item_rows[(index + d) % len(item_rows)]
                channels = ["meeting"]
                if d == 1 and index % 3 == 0:
                    scope = "public"  # wider (or narrower) than the catalog says
                if d == 2 and index % 4 == 0:
                    channels = ["meeting", "sms"]  # a channel the catalog does not list
                if d >= disclosures - 2 and index % 3 == 1:
                    item_id = None  # out of catalog, twice: the catalog was not adjusted
                day = dt.date(year, 1 + d % 12, 1 + index % 28)
                published.append(
                    {
                        "organization": org_id,
                        "catalog_item": item_id,
                        "title": f"第{index}号单位公开事项{d}",
                        "scope": scope,
                        "channels": channels,
                        "workflow": "dangwu.default",
                        "state": "published",
                        "proposer": proposer.id,
                        "period_label": f"{year}",
                        "published_at": dt.datetime.combine(day, dt.time(2, 30)),
                        "created_at": now,
                    }
                )
            if len(rows) >= 20_000:
                _insert(Obligation, rows)
                rows = []
        _insert(Obligation, rows)
        _insert(Disclosure, published)
    return root
