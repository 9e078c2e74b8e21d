"""监督检查: the figures an upper organization and its supervisors (监督员) watch (003 §9(五)).

For any organization and its subtree, over a period of due dates:

* obligations (应公开事项) due, on time, late, overdue, filed as not suitable for now, still
  to come; requests (依申请公开) and feedback (意见建议) past their deadlines;
* a ranking of the organizations, and the trend by month.

The accountability cases (责任追究) built on these figures are in
:mod:`dangwu_core.accountability`; this module names their kinds (:data:`CASE_KINDS`).

:func:`dashboard` answers in a constant number of queries however large the tree (one
aggregate per source, grouped by organization or by due date, joined to the closure table),
and :func:`items` lists the rows behind any figure with the same conditions, so a drill-down
always counts what its figure counts.
"""

from __future__ import annotations

import datetime as dt
import heapq
import operator
from dataclasses import dataclass, field

import peewee
from peewee import Case as SqlCase
from peewee import fn

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
    RiskAssessment,
    RiskKind,
    RiskRequirement,
)
from .models.kinds import StateKind

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
#: The kinds of accountability cases (责任追究, :mod:`dangwu_core.accountability`), in order.
CASE_KINDS = {
    "late": "逾期公开",
    "missing": "应公开未公开",
    "outside_scope": "超出目录规定的范围或形式公开",
    "no_catalog": "未编制党务公开目录",
    "catalog_not_adjusted": "目录未及时调整（目录外事项反复公开）",
}


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


def subtree(root: Organization | int) -> peewee.ModelSelect:
    """The ids of ``root`` and every organization under it, as a subquery (closure table)."""
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

    @classmethod
    def sum(cls, rows) -> Row:
        """The figure-by-figure sum of ``rows``."""
        figures = operator.attrgetter(*FIGURES)
        columns = zip(*(figures(row) for row in rows), strict=True)
        return cls(*(sum(column) for column in columns)) if rows else cls()

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
            Obligation.organization.in_(subtree(root))
            & Obligation.due_date.between(period.start, period.end)
        )
        .group_by(Obligation.organization)
    )
    # The driver's rows as they come (integers): no per-value conversion for 10,000 rows.
    return {
        org_id: Row(*(int(v or 0) for v in values))
        for org_id, *values in Obligation._meta.database.execute(query)
    }


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
            Obligation.organization.in_(subtree(root))
            & Obligation.due_date.between(period.start, period.end)
        )
        .group_by(Obligation.due_date)
    )
    months: dict[str, Row] = {}
    for due, *values in Obligation._meta.database.execute(query):
        # A date (PostgreSQL) or its ISO text (SQLite): the month is its first seven characters.
        key = (due.isoformat() if isinstance(due, dt.date) else str(due))[:7]
        row = months.setdefault(key, Row())
        row.add(Row(*(int(v or 0) for v in values)))
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
        .where(condition & model.organization.in_(subtree(root)))
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
    totals = Row.sum(rows.values())
    # Each organization's rate computed once (not once per comparison of the sorts).
    rated = [(org_id, row, row.on_time_rate) for org_id, row in rows.items()]
    ranked = [(org_id, row, rate) for org_id, row, rate in rated if rate is not None]
    best = heapq.nsmallest(top, ranked, key=lambda r: (-r[2], r[1].overdue, r[0]))
    worst = heapq.nsmallest(top, ranked, key=lambda r: (r[2], -r[1].overdue, r[0]))
    wanted = {org_id for org_id, _, _ in best + worst}
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

    def _ranked(chosen):
        return [Ranked(i, names[i].name, names[i].code, row) for i, row, _ in chosen if i in names]

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


@dataclass
class Summary:
    """The figures of a whole subtree and their trend by month, without a row per
    organization (what the annual report shows of an organization's subtree)."""

    root: Organization
    period: Period
    totals: Row
    organizations: int
    by_month: dict[str, Row]


def summary(root: Organization, period: Period | None = None) -> Summary:
    """The totals and the trend of ``root``'s subtree: one pass over its obligations (grouped
    by due date), the requests and feedback past their deadlines, and the size of the tree.
    The totals are those of :func:`dashboard`."""
    period = period or Period.year()
    by_month = _obligations_by_month(root, period)
    totals = Row()
    for row in by_month.values():
        totals.add(row)
    totals.requests_overdue = sum(
        _late_by_organization(DisclosureRequest, request_condition(period), root).values()
    )
    totals.feedback_overdue = sum(
        _late_by_organization(Feedback, feedback_condition(period), root).values()
    )
    organizations = (
        OrganizationClosure.select().where(OrganizationClosure.ancestor == root.id).count()
    )
    return Summary(root, period, totals, organizations, by_month)


def organization_row(organization: Organization, period: Period | None = None) -> Row:
    """The figures of ``organization`` alone (its row of :func:`dashboard`), from its own rows."""
    period = period or Period.year()
    org_id = organization.id
    values = (
        Obligation.select(*_counts(lambda f: _cond(f, period)))
        .where(
            (Obligation.organization == org_id)
            & Obligation.due_date.between(period.start, period.end)
        )
        .tuples()
        .get()
    )
    row = Row(**{n: _sum(v) for n, v in zip(OBLIGATION_FIGURES, values, strict=True)})
    for model, condition in (
        (DisclosureRequest, request_condition(period)),
        (Feedback, feedback_condition(period)),
    ):
        count = model.select().where(condition & (model.organization == org_id)).count()
        setattr(
            row, "requests_overdue" if model is DisclosureRequest else "feedback_overdue", count
        )
    return row


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
    members = subtree(root)
    if figure == "requests_overdue":
        query = DisclosureRequest.select().where(
            request_condition(period) & DisclosureRequest.organization.in_(members)
        )
        model = DisclosureRequest
        order = DisclosureRequest.deadline
    elif figure == "feedback_overdue":
        query = Feedback.select().where(
            feedback_condition(period) & Feedback.organization.in_(members)
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
            .where(obligation_condition(figure, period) & Obligation.organization.in_(members))
        )
        model = Obligation
        order = Obligation.due_date
    if organization is not None:
        query = query.where(model.organization == organization)
    return query.order_by(order.desc(), model.id)


def local_bounds(period: Period) -> tuple[dt.datetime, dt.datetime]:
    """The period's first and last days as naive UTC instants (how timestamps are stored):
    from the start of ``start`` to the end of ``end`` in the unit's time zone."""
    from .clock import get_clock

    tz = get_clock().tz
    start = dt.datetime.combine(period.start, dt.time(), tz).astimezone(dt.UTC)
    end = dt.datetime.combine(period.end + dt.timedelta(days=1), dt.time(), tz).astimezone(dt.UTC)
    return start.replace(tzinfo=None), end.replace(tzinfo=None)


# --- 风险评估 (004 七(四)): items awaiting their risk assessment ------------------------------


def _needs(kind: str) -> peewee.Expression:
    """The SQL condition: the disclosure needs the assessment ``kind`` (its catalog item asks
    for it, or a requirement was recorded) and has not had it."""
    levels = ["stability", "opinion"] if kind == RiskKind.STABILITY.value else ["opinion"]
    required = RiskRequirement.select(RiskRequirement.id).where(
        (RiskRequirement.disclosure == Disclosure.id) & (RiskRequirement.kind == kind)
    )
    made = RiskAssessment.select(RiskAssessment.id).where(
        (RiskAssessment.disclosure == Disclosure.id) & (RiskAssessment.kind == kind)
    )
    return (CatalogItem.risk_assessment.in_(levels) | fn.EXISTS(required)) & ~fn.EXISTS(made)


def awaiting_assessment_condition(workflows) -> peewee.Expression:
    """The SQL condition on Disclosure (joined to its catalog item) for the items awaiting a
    risk assessment: not yet decided (drafted or in the procedure) and missing one they need."""
    undecided = peewee.Value(False)
    for definition in workflows:
        states = [
            s.name for s in definition.states_of_kind(StateKind.DRAFT, StateKind.IN_PROCEDURE)
        ]
        undecided |= (Disclosure.workflow == definition.name) & Disclosure.state.in_(states)
    return undecided & (_needs(RiskKind.STABILITY.value) | _needs(RiskKind.OPINION.value))


def awaiting_assessment(root: Organization | int, workflows) -> dict[int, int]:
    """``organization id -> number of items awaiting a risk assessment`` in ``root``'s
    subtree (organizations with none are left out), in one query."""
    query = (
        Disclosure.select(Disclosure.organization, fn.COUNT(Disclosure.id))
        .join(CatalogItem, peewee.JOIN.LEFT_OUTER, on=(Disclosure.catalog_item == CatalogItem.id))
        .where(
            Disclosure.organization.in_(subtree(root)) & awaiting_assessment_condition(workflows)
        )
        .group_by(Disclosure.organization)
    )
    return {organization: int(count) for organization, count in query.tuples()}
