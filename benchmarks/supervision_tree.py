"""A large organization tree with a year of obligations, requests and feedback, written in
bulk (for the supervision benchmark and the dashboard's query-count test).

The tree: one committee, ``n // 100`` general branches under it, and branches under those, so
that it holds ``n`` organizations; the closure table is written alongside. Every branch gets
``per_org`` obligations spread over the year in every status, some open requests and feedback
past their deadlines.
"""

from __future__ import annotations

import datetime as dt
import itertools

from dangwu_core.db import atomic, database, is_postgres
from dangwu_core.models import (
    Catalog,
    CatalogItem,
    Category,
    DisclosureRequest,
    Feedback,
    Obligation,
    Organization,
    OrganizationClosure,
)

STATUSES = ["on_time", "late", "overdue", "not_suitable", "pending", "pending", "on_time"]
BATCH = 500


def _insert(model, rows: list[dict]) -> None:
    for start in range(0, len(rows), BATCH):
        model.insert_many(rows[start : start + BATCH]).execute()


def build_tree(n: int, *, year: int = 2026, per_org: int = 12, code: str = "BIG") -> Organization:
    """Write a tree of ``n`` organizations and their year; return its root."""
    now = dt.datetime(year, 1, 1)
    with atomic():
        root = Organization.create(
            code=code,
            name="大型测试党委",
            type="town_committee",
            sector="town",
            kind="committee",
            depth=0,
            created_at=now,
        )
        OrganizationClosure.create(ancestor=root, descendant=root, depth=0)
        generals = max(1, (n - 1) // 100)
        rows, closures = [], []
        next_id = root.id + 1
        general_ids = []
        for g in range(generals):
            rows.append(
                {
                    "id": next_id,
                    "code": f"{code}-G{g:04d}",
                    "name": f"第{g}总支",
                    "type": "general_branch",
                    "sector": "village",
                    "kind": "general_branch",
                    "parent": root.id,
                    "depth": 1,
                    "sort_order": g,
                    "created_at": now,
                }
            )
            closures += [
                {"ancestor": next_id, "descendant": next_id, "depth": 0},
                {"ancestor": root.id, "descendant": next_id, "depth": 1},
            ]
            general_ids.append(next_id)
            next_id += 1
        branch_ids = []
        for b, parent in zip(range(n - 1 - generals), itertools.cycle(general_ids)):
            rows.append(
                {
                    "id": next_id,
                    "code": f"{code}-B{b:05d}",
                    "name": f"第{b}支部",
                    "type": "village_branch",
                    "sector": "village",
                    "kind": "branch",
                    "parent": parent,
                    "depth": 2,
                    "sort_order": b,
                    "created_at": now,
                }
            )
            closures += [
                {"ancestor": next_id, "descendant": next_id, "depth": 0},
                {"ancestor": parent, "descendant": next_id, "depth": 1},
                {"ancestor": root.id, "descendant": next_id, "depth": 2},
            ]
            branch_ids.append(next_id)
            next_id += 1
        _insert(Organization, rows)
        _insert(OrganizationClosure, closures)
        if is_postgres():  # the ids were given: move the sequence past them
            database.execute_sql(
                "SELECT setval(pg_get_serial_sequence('organization', 'id'), "
                "(SELECT max(id) FROM organization))"
            )
        catalog = Catalog.create(
            code=f"{code}-catalog",
            title="测试目录",
            version="1.0.0",
            version_key=1_000_000,
            issuer_code=code,
            issuer_name="大型测试党委",
            effective_date=dt.date(year, 1, 1),
            applies_to=["village_branch"],
            created_at=now,
        )
        category = Category.create(catalog=catalog, code="c", name="组织建设", created_at=now)
        items = [
            CatalogItem.create(
                catalog=catalog,
                code=f"i{m:02d}",
                title=f"第{m}月定期公开事项",
                category=category,
                scope="party",
                time_limit="periodic",
                cadence="monthly",
                channels=["meeting"],
                sort_order=m,
                created_at=now,
            )
            for m in range(1, per_org + 1)
        ]
        obligations, requests, feedback = [], [], []
        for index, org_id in enumerate(branch_ids):
            for m, item in enumerate(items, start=1):
                month = (m - 1) % 12 + 1
                due = dt.date(year, month, 7)
                status = STATUSES[(index + m) % len(STATUSES)]
                obligations.append(
                    {
                        "organization": org_id,
                        "catalog_item": item.id,
                        "period_label": f"{year}-{m:02d}",
                        "period_start": dt.date(year, month, 1),
                        "period_end": due,
                        "due_date": due,
                        "status": status,
                        "created_at": now,
                    }
                )
            if index % 7 == 0:
                requests.append(
                    {
                        "receipt_number": f"{code}-R{index}",
                        "organization": org_id,
                        "applicant_name": "申请人",
                        "subject": "申请事项",
                        "content": "内容",
                        "status": "acknowledged",
                        "deadline": dt.date(year, 3, 1),
                        "created_at": now,
                    }
                )
            if index % 5 == 0:
                feedback.append(
                    {
                        "receipt_number": f"{code}-F{index}",
                        "organization": org_id,
                        "reporter_kind": "public",
                        "body": "意见",
                        "status": "received",
                        "due_date": dt.date(year, 2, 1),
                        "created_at": now,
                    }
                )
        _insert(Obligation, obligations)
        _insert(DisclosureRequest, requests)
        _insert(Feedback, feedback)
    return root
