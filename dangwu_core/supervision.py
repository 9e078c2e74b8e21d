"""监督检查: the figures an upper organization and its supervisors (监督员) watch (003 §9(五)).

For any organization and its subtree, over a period of due dates:

* obligations (应公开事项) due, on time, late, overdue, filed as not suitable for now, still
  to come; requests (依申请公开) and feedback (意见建议) past their deadlines;
* a ranking of the organizations, and the trend by month;
* accountability cases (责任追究, 003 §9(八), 004 七(十)): late and missing disclosures, items
  disclosed outside their catalog's scope or channels, a catalog not drawn up or not adjusted.

:func:`dashboard` answers in a constant number of queries however large the tree (one
aggregate per source, grouped by organization or by due date, joined to the closure table),
and :func:`items` lists the rows behind any figure with the same conditions, so a drill-down
always counts what its figure counts.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

import peewee
from peewee import JOIN, fn
from peewee import Case as SqlCase

from .clock import today as clock_today
from .disclosure_requests import OPEN as OPEN_REQUESTS
from .models import (
    CatalogItem,
    Disclosure,
    DisclosureRequest,
    Feedback,
    FeedbackStatus,
    Obligation,
    ObligationStatus,
    Organization,
    OrganizationClosure,
    OrganizationKind,
    Scope,
)

#: The figures of obligations, in the order a dashboard shows them, with their labels.
OBLIGATION_FIGURES = {
    "total": "应公开事项",
    "due": "已到期",
    "on_time": "按时公开",
    "late": "逾期公开",
    "overdue": "逾期未公开",
    "not_suitable": "暂不宜公开（已备案）",
    "upcoming": "未到期",
}
OTHER_FIGURES = {
    "requests_overdue": "依申请公开超期未办结",
    "feedback_overdue": "意见建议超期未答复",
}
FIGURES = {**OBLIGATION_FIGURES, **OTHER_FIGURES}
OPEN_FEEDBACK = (FeedbackStatus.RECEIVED.value, FeedbackStatus.ASSIGNED.value)
#: Organizations that must draw up a catalog (member units of a joint branch do not).
CATALOG_KINDS = (
    OrganizationKind.COMMITTEE.value,
    OrganizationKind.GENERAL_BRANCH.value,
    OrganizationKind.BRANCH.value,
)


@dataclass(frozen=True)
class Period:
    """Due dates from ``start`` to ``end`` (inclusive), judged on ``today``."""

    start: dt.date
    end: dt.date
    today: dt.date

    @classmethod
    def year(cls, year: int | None = None, today: dt.date | None = None) -> Period:
        today = today or clock_today()
        year = year or today.year
        return cls(dt.date(year, 1, 1), dt.date(year, 12, 31), today)


def obligation_condition(figure: str, period: Period) -> peewee.Expression:
    """The SQL condition on Obligation that a figure counts (within the period's due dates)."""
    return _cond(figure, period) & Obligation.due_date.between(period.start, period.end)


def _subtree(root: Organization | int) -> peewee.ModelSelect:
    closure = OrganizationClosure.alias()
    return closure.select(closure.descendant).where(closure.ancestor == getattr(root, "id", root))


def _counts(condition_of) -> list:
    return [
        fn.SUM(SqlCase(None, [(condition_of(name), 1)], 0)).alias(name)
        for name in OBLIGATION_FIGURES
    ]


def _sum(value) -> int:
    return int(value or 0)


@dataclass
class Row:
    """The figures of one organization (or of a month, or of the whole subtree)."""

    total: int = 0
    due: int = 0
    on_time: int = 0
    late: int = 0
    overdue: int = 0
    not_suitable: int = 0
    upcoming: int = 0
    requests_overdue: int = 0
    feedback_overdue: int = 0

    def add(self, other: Row) -> None:
        for name in FIGURES:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def disclosed(self) -> int:
        return self.on_time + self.late

    @property
    def on_time_rate(self) -> float | None:
        """按时公开率: on time among those due (not-suitable ones, filed, excepted)."""
        judged = self.due - self.not_suitable
        return round(self.on_time / judged, 4) if judged > 0 else None


@dataclass
class Ranked:
    organization_id: int
    name: str
    code: str
    row: Row

    @property
    def rate(self) -> float | None:
        return self.row.on_time_rate


@dataclass
class Dashboard:
    root: Organization
    period: Period
    totals: Row
    organizations: int
    by_month: dict[str, Row]
    best: list[Ranked]
    worst: list[Ranked]
    ranked_count: int
    rows: dict[int, Row] = field(repr=False, default_factory=dict)


def _obligations_by_organization(root, period: Period) -> dict[int, Row]:
    query = (
        Obligation.select(Obligation.organization, *_counts(lambda f: _cond(f, period)))
        .where(
            Obligation.organization.in_(_subtree(root))
            & Obligation.due_date.between(period.start, period.end)
        )
        .group_by(Obligation.organization)
        .tuples()
    )
    rows = {}
    for org_id, *values in query:
        rows[org_id] = Row(**{n: _sum(v) for n, v in zip(OBLIGATION_FIGURES, values, strict=True)})
    return rows


def _cond(figure: str, period: Period) -> peewee.Expression:
    """The figure's condition without the period (the dashboard's WHERE clause has it)."""
    status, due = Obligation.status, Obligation.due_date
    return {
        "total": status != ObligationStatus.CLOSED.value,
        "due": (due <= period.today) & (status != ObligationStatus.CLOSED.value),
        "on_time": status == ObligationStatus.ON_TIME.value,
        "late": status == ObligationStatus.LATE.value,
        "overdue": (status == ObligationStatus.OVERDUE.value)
        | ((status == ObligationStatus.PENDING.value) & (due < period.today)),
        "not_suitable": status == ObligationStatus.NOT_SUITABLE.value,
        "upcoming": (status == ObligationStatus.PENDING.value) & (due >= period.today),
    }[figure]


def _obligations_by_month(root, period: Period) -> dict[str, Row]:
    query = (
        Obligation.select(Obligation.due_date, *_counts(lambda f: _cond(f, period)))
        .where(
            Obligation.organization.in_(_subtree(root))
            & Obligation.due_date.between(period.start, period.end)
        )
        .group_by(Obligation.due_date)
        .tuples()
    )
    months: dict[str, Row] = {}
    for due, *values in query:
        due = due if isinstance(due, dt.date) else dt.date.fromisoformat(str(due))
        key = f"{due.year:04d}-{due.month:02d}"
        row = months.setdefault(key, Row())
        row.add(Row(**{n: _sum(v) for n, v in zip(OBLIGATION_FIGURES, values, strict=True)}))
    return dict(sorted(months.items()))


def request_condition(period: Period) -> peewee.Expression:
    return DisclosureRequest.status.in_([str(s) for s in OPEN_REQUESTS]) & (
        DisclosureRequest.deadline < period.today
    )


def feedback_condition(period: Period) -> peewee.Expression:
    return (
        Feedback.status.in_(OPEN_FEEDBACK)
        & Feedback.due_date.is_null(False)
        & (Feedback.due_date < period.today)
    )


def _late_by_organization(model, condition, root) -> dict[int, int]:
    query = (
        model.select(model.organization, fn.COUNT(model.id))
        .where(condition & model.organization.in_(_subtree(root)))
        .group_by(model.organization)
        .tuples()
    )
    return dict(query)


def dashboard(root: Organization, period: Period | None = None, *, top: int = 10) -> Dashboard:
    """The supervision figures of ``root`` and its subtree, in six queries whatever its size.

    :param period: the due dates looked at (default: this year, judged today).
    :param top: how many organizations the best and the worst lists show.
    """
    period = period or Period.year()
    rows = _obligations_by_organization(root, period)  # 1
    for org_id, count in _late_by_organization(  # 2
        DisclosureRequest, request_condition(period), root
    ).items():
        rows.setdefault(org_id, Row()).requests_overdue = count
    for org_id, count in _late_by_organization(  # 3
        Feedback, feedback_condition(period), root
    ).items():
        rows.setdefault(org_id, Row()).feedback_overdue = count
    by_month = _obligations_by_month(root, period)  # 4
    organizations = (  # 5
        OrganizationClosure.select().where(OrganizationClosure.ancestor == root.id).count()
    )
    totals = Row()
    for row in rows.values():
        totals.add(row)
    ranked = [(org_id, row) for org_id, row in rows.items() if row.on_time_rate is not None]
    ranked.sort(key=lambda r: (-(r[1].on_time_rate or 0), r[1].overdue, r[0]))
    best = ranked[:top]
    worst = sorted(ranked, key=lambda r: ((r[1].on_time_rate or 0), -r[1].overdue, r[0]))[:top]
    wanted = {org_id for org_id, _ in best + worst}
    names = (
        {  # 6
            o.id: o
            for o in Organization.select(
                Organization.id, Organization.name, Organization.code
            ).where(Organization.id.in_(sorted(wanted)))
        }
        if wanted
        else {}
    )

    def _ranked(pairs):
        return [Ranked(i, names[i].name, names[i].code, row) for i, row in pairs if i in names]

    return Dashboard(
        root=root,
        period=period,
        totals=totals,
        organizations=organizations,
        by_month=by_month,
        best=_ranked(best),
        worst=_ranked(worst),
        ranked_count=len(ranked),
        rows=rows,
    )


# --- Drill-down: the rows behind a figure --------------------------------------------------


def month_bounds(month: str) -> tuple[dt.date, dt.date]:
    year, number = (int(p) for p in month.split("-"))
    start = dt.date(year, number, 1)
    following = dt.date(year + (number == 12), number % 12 + 1, 1)
    return start, following - dt.timedelta(days=1)


def items(
    root: Organization,
    figure: str,
    period: Period | None = None,
    *,
    month: str | None = None,
    organization: int | None = None,
) -> peewee.ModelSelect:
    """The rows a figure counts: obligations, requests or feedback, newest due first.

    :param month: ``"2026-03"``: only obligations due that month (the trend's drill-down).
    :param organization: only that organization's rows (the ranking's drill-down); it must
        lie in ``root``'s subtree.
    :raises KeyError: an unknown figure.
    """
    period = period or Period.year()
    if figure not in FIGURES:
        raise KeyError(figure)
    subtree = _subtree(root)
    if figure == "requests_overdue":
        query = DisclosureRequest.select().where(
            request_condition(period) & DisclosureRequest.organization.in_(subtree)
        )
        model = DisclosureRequest
        order = DisclosureRequest.deadline
    elif figure == "feedback_overdue":
        query = Feedback.select().where(
            feedback_condition(period) & Feedback.organization.in_(subtree)
        )
        model = Feedback
        order = Feedback.due_date
    else:
        if month:
            start, end = month_bounds(month)
            period = Period(max(start, period.start), min(end, period.end), period.today)
        query = (
            Obligation.select(Obligation, Organization, CatalogItem)
            .join(Organization, on=(Obligation.organization == Organization.id))
            .switch(Obligation)
            .join(CatalogItem, on=(Obligation.catalog_item == CatalogItem.id))
            .where(obligation_condition(figure, period) & Obligation.organization.in_(subtree))
        )
        model = Obligation
        order = Obligation.due_date
    if organization is not None:
        query = query.where(model.organization == organization)
    return query.order_by(order.desc(), model.id)


# --- 责任追究: accountability cases, from the data -----------------------------------------


@dataclass(frozen=True)
class Case:
    """One case for supervisors: what, where, and the rule it falls under."""

    kind: str
    organization_id: int
    organization: str
    subject: str
    detail: str
    basis: str
    day: dt.date | None = None
    link: tuple[str, int] | None = None


CASE_KINDS = {
    "late": "逾期公开",
    "missing": "应公开未公开",
    "outside_scope": "超出目录规定的范围或形式公开",
    "no_catalog": "未编制党务公开目录",
    "catalog_not_adjusted": "目录未及时调整（目录外事项反复公开）",
}
BASIS_LATE = "003 §9(八)；004 七(十)“未按照规定的内容、范围、程序和方式等实施党务公开”"
BASIS_CATALOG = "004 七(十)“未按照规定编制党务公开目录并进行动态调整”；004 七(二)"
SCOPE_ORDER = {Scope.SPECIFIC.value: 0, Scope.UNIT.value: 1, Scope.PARTY.value: 2, "public": 3}
#: Out-of-catalog items an organization published in a period from which on its catalog
#: should have been adjusted (004 七(二): 根据实际需要及时更新党务公开目录).
OUT_OF_CATALOG_THRESHOLD = 2


def _local_bounds(period: Period) -> tuple[dt.datetime, dt.datetime]:
    from .clock import get_clock

    tz = get_clock().tz
    start = dt.datetime.combine(period.start, dt.time(), tz).astimezone(dt.UTC)
    end = dt.datetime.combine(period.end + dt.timedelta(days=1), dt.time(), tz).astimezone(dt.UTC)
    return start.replace(tzinfo=None), end.replace(tzinfo=None)


def accountability(root: Organization, period: Period | None = None) -> list[Case]:
    """Every accountability case in ``root``'s subtree for the period, from the data."""
    period = period or Period.year()
    subtree = _subtree(root)
    cases: list[Case] = []
    late = (
        Obligation.select(Obligation, Organization, CatalogItem)
        .join(Organization, on=(Obligation.organization == Organization.id))
        .switch(Obligation)
        .join(CatalogItem, on=(Obligation.catalog_item == CatalogItem.id))
        .where(
            Obligation.organization.in_(subtree)
            & (obligation_condition("late", period) | obligation_condition("overdue", period))
        )
        .order_by(Obligation.due_date, Obligation.id)
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
    start, end = _local_bounds(period)
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
