"""Slow reference implementations of the supervision figures and the accountability cases:
every row loaded and judged in Python, as dangwu computed them before issue 13 moved the work
into SQL. The tests compare the SQL answers with these on the demo unit, on both databases.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from peewee import JOIN

from dangwu_core import supervision
from dangwu_core.accountability import (
    BASIS_CATALOG,
    BASIS_LATE,
    CATALOG_KINDS,
    OUT_OF_CATALOG_THRESHOLD,
    SCOPE_ORDER,
    Case,
)
from dangwu_core.disclosure_requests import OPEN as OPEN_REQUESTS
from dangwu_core.models import (
    CatalogItem,
    Disclosure,
    DisclosureRequest,
    Feedback,
    Obligation,
    ObligationStatus,
    Organization,
    OrganizationClosure,
    Scope,
)
from dangwu_core.supervision import OPEN_FEEDBACK, Period, Row


def members(root) -> set[int]:
    return {
        c.descendant_id
        for c in OrganizationClosure.select().where(OrganizationClosure.ancestor == root.id)
    }


def figures_of(ob: Obligation, today: dt.date) -> set[str]:
    """The figures one obligation counts in, judged in Python."""
    status, due = ob.status, ob.due_date
    found = set()
    if status != ObligationStatus.CLOSED.value:
        found.add("total")
        if due <= today:
            found.add("due")
    if status in ("on_time", "late", "not_suitable"):
        found.add(status)
    if status == "overdue" or (status == "pending" and due < today):
        found.add("overdue")
    if status == "pending" and due >= today:
        found.add("upcoming")
    return found


def reference_rows(root, period: Period) -> tuple[dict[int, Row], dict[str, Row]]:
    """The figures per organization and per month of due dates, from every row."""
    inside = members(root)
    rows: dict[int, Row] = {}
    months: dict[str, Row] = {}
    for ob in Obligation.select():
        if ob.organization_id not in inside or not period.start <= ob.due_date <= period.end:
            continue
        row = rows.setdefault(ob.organization_id, Row())
        month = months.setdefault(f"{ob.due_date.year:04d}-{ob.due_date.month:02d}", Row())
        for figure in figures_of(ob, period.today):
            setattr(row, figure, getattr(row, figure) + 1)
            setattr(month, figure, getattr(month, figure) + 1)
    open_requests = {str(s) for s in OPEN_REQUESTS}
    for request in DisclosureRequest.select():
        if (
            request.organization_id in inside
            and request.status in open_requests
            and request.deadline < period.today
        ):
            rows.setdefault(request.organization_id, Row()).requests_overdue += 1
    for feedback in Feedback.select():
        if (
            feedback.organization_id in inside
            and feedback.status in OPEN_FEEDBACK
            and feedback.due_date is not None
            and feedback.due_date < period.today
        ):
            rows.setdefault(feedback.organization_id, Row()).feedback_overdue += 1
    return rows, dict(sorted(months.items()))


def reference_cases(root: Organization, period: Period) -> list[Case]:
    """Every accountability case in ``root``'s subtree, as the code before issue 13 listed
    them: every row loaded, judged in Python."""
    subtree = supervision.subtree(root)
    cases: list[Case] = []
    inside = members(root)
    late = sorted(
        (
            ob
            for ob in Obligation.select(Obligation, Organization, CatalogItem)
            .join(Organization, on=(Obligation.organization == Organization.id))
            .switch(Obligation)
            .join(CatalogItem, on=(Obligation.catalog_item == CatalogItem.id))
            if ob.organization_id in inside
            and period.start <= ob.due_date <= period.end
            and figures_of(ob, period.today) & {"late", "overdue"}
        ),
        key=lambda ob: (ob.due_date, ob.id),
    )
    for ob in late:
        if ob.status == ObligationStatus.LATE.value:
            done = ob.fulfilled_at.date() if ob.fulfilled_at else None
            days = (done - ob.due_date).days if done else None
            detail = f"应于{ob.due_date.isoformat()}公开，{done.isoformat() if done else ''}公开"
            detail += f"，逾期{days}天" if days is not None else ""
            kind = "late"
        else:
            days = (period.today - ob.due_date).days
            detail = f"应于{ob.due_date.isoformat()}公开，至今未公开（逾期{days}天）"
            kind = "missing"
        cases.append(
            Case(
                kind,
                ob.organization_id,
                ob.organization.name,
                f"{ob.catalog_item.title}（{ob.period_label}）",
                detail,
                BASIS_LATE,
                ob.due_date,
                ("obligation", ob.id),
            )
        )
    start, end = supervision.local_bounds(period)
    published = (
        Disclosure.select(Disclosure, Organization, CatalogItem)
        .join(Organization, on=(Disclosure.organization == Organization.id))
        .switch(Disclosure)
        .join(CatalogItem, JOIN.LEFT_OUTER, on=(Disclosure.catalog_item == CatalogItem.id))
        .where(
            Disclosure.organization.in_(subtree)
            & Disclosure.published_at.is_null(False)
            & (Disclosure.published_at >= start)
            & (Disclosure.published_at < end)
        )
        .order_by(Disclosure.published_at, Disclosure.id)
    )
    out_of_catalog: dict[int, list[Disclosure]] = defaultdict(list)
    for item in published:
        if item.catalog_item_id is None:
            out_of_catalog[item.organization_id].append(item)
            continue
        catalog_item = item.catalog_item
        problems = []
        if item.scope != catalog_item.scope:
            wider = SCOPE_ORDER.get(item.scope, 0) > SCOPE_ORDER.get(catalog_item.scope, 0)
            problems.append(
                f"公开范围为“{Scope(item.scope).label}”，目录规定“{Scope(catalog_item.scope).label}”"
                + ("（超出规定范围）" if wider else "（小于规定范围）")
            )
        extra = sorted(set(item.channels or []) - set(catalog_item.channels or []))
        if catalog_item.channels and extra:
            problems.append(f"公开形式{'、'.join(extra)}不在目录规定的形式之内")
        if problems:
            cases.append(
                Case(
                    "outside_scope",
                    item.organization_id,
                    item.organization.name,
                    item.title,
                    "；".join(problems),
                    BASIS_LATE,
                    item.published_at.date(),
                    ("disclosure", item.id),
                )
            )
    for org_id, found in out_of_catalog.items():
        if len(found) >= OUT_OF_CATALOG_THRESHOLD:
            cases.append(
                Case(
                    "catalog_not_adjusted",
                    org_id,
                    found[0].organization.name,
                    "、".join(f"“{d.title}”" for d in found[:5]) + ("等" if len(found) > 5 else ""),
                    f"本期公开目录外事项{len(found)}项，应根据实际需要及时更新党务公开目录",
                    BASIS_CATALOG,
                    found[-1].published_at.date(),
                )
            )
    with_obligations = Obligation.select(Obligation.organization).where(
        Obligation.due_date.between(period.start, period.end)
    )
    without = (
        Organization.select(Organization.id, Organization.name)
        .where(
            Organization.id.in_(subtree)
            & Organization.is_active
            & Organization.kind.in_(CATALOG_KINDS)
            & Organization.id.not_in(with_obligations)
        )
        .order_by(Organization.code)
    )
    for org in without:
        cases.append(
            Case(
                "no_catalog",
                org.id,
                org.name,
                "党务公开目录",
                "本期没有任何应公开事项：未按规定编制（或未安装）党务公开目录",
                BASIS_CATALOG,
            )
        )
    return cases


def every_kind_of_case(period: Period) -> None:
    """Change the demo unit's data so that every figure and every kind of case has rows, with
    the edge cases the SQL must agree on: ties in time, the year's bounds in local time, a
    channel list in another order, a late disclosure without a fulfilment date, more
    out-of-catalog items than a case names."""
    obligations = list(
        Obligation.select()
        .where(Obligation.due_date.between(period.start, period.end))
        .order_by(Obligation.id)
    )
    for number, ob in enumerate(obligations[::5]):
        status = ["late", "late", "not_suitable", "closed", "on_time", "pending"][number % 6]
        fulfilled = None
        if status in ("late", "on_time") and number:
            shift = dt.timedelta(days=number % 9, hours=16)
            fulfilled = dt.datetime.combine(ob.due_date, dt.time(1)) + shift
        Obligation.update(status=status, fulfilled_at=fulfilled).where(
            Obligation.id == ob.id
        ).execute()
    # Pending obligations due the day before, on and after the day the period is judged on.
    for number, day in enumerate((-1, 0, 1)):
        ob = obligations[5 * number + 1]
        Obligation.update(
            status="pending", due_date=period.today + dt.timedelta(days=day), fulfilled_at=None
        ).where(Obligation.id == ob.id).execute()
    no_catalog = Organization.get(Organization.code == "TS-B04")
    Obligation.delete().where(
        (Obligation.organization == no_catalog.id)
        & Obligation.due_date.between(period.start, period.end)
    ).execute()
    start, end = supervision.local_bounds(period)

    def published(code: str) -> list[Disclosure]:
        return list(
            Disclosure.select()
            .join(Organization, on=(Disclosure.organization == Organization.id))
            .where((Organization.code == code) & Disclosure.published_at.is_null(False))
            .order_by(Disclosure.id)
        )

    branch = published("TS-B01")
    for item in branch[:7]:  # out of catalog, more than a case names
        Disclosure.update(catalog_item=None).where(Disclosure.id == item.id).execute()
    wider, narrower, extra, reordered = branch[7:11]
    Disclosure.update(scope="public").where(Disclosure.id == wider.id).execute()
    Disclosure.update(scope="specific").where(Disclosure.id == narrower.id).execute()
    catalog_item = CatalogItem.get_by_id(extra.catalog_item_id)
    channels = [*(catalog_item.channels or []), "sms", "a_channel"]
    Disclosure.update(channels=channels).where(Disclosure.id == extra.id).execute()
    catalog_item = CatalogItem.get_by_id(reordered.catalog_item_id)
    Disclosure.update(channels=list(reversed(catalog_item.channels or []))).where(
        Disclosure.id == reordered.id
    ).execute()
    town = published("TS")
    same_time = dt.datetime.combine(period.start, dt.time(8)) + dt.timedelta(days=40)
    for item in town[:2]:  # twice out of catalog, at the same instant
        Disclosure.update(catalog_item=None, published_at=same_time).where(
            Disclosure.id == item.id
        ).execute()
    Disclosure.update(published_at=end - dt.timedelta(seconds=1)).where(
        Disclosure.id == town[-1].id
    ).execute()
    for item in published("TS-B05"):  # the first instant of the year, then past its end
        Disclosure.update(published_at=start, scope="public").where(
            Disclosure.id == item.id
        ).execute()
    for item in published("TS-B03")[:1]:
        Disclosure.update(published_at=end, scope="public").where(
            Disclosure.id == item.id
        ).execute()
