"""年度党务公开工作情况报告: each organization reports its disclosure work every year to its
members and the public (004 七(九): 党的组织每年须向有关党员和群众通报党务公开情况，并纳入
民主评议党员范围) — the figures, the month by month trend, the items published, the
handling of opinions and requests, and the members' appraisal (民主评议, 003 §9(七)).

:func:`annual_report` gathers it; :func:`report_html` writes it as the body of a disclosure
(markup the portal's sanitizer keeps), so it can be proposed and published like any item.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

import peewee
from markupsafe import escape
from peewee import JOIN

from . import accountability, ratings, supervision
from .disclosure_requests import DECIDED
from .models import (
    CatalogItem,
    Category,
    Disclosure,
    DisclosureRequest,
    Feedback,
    FeedbackStatus,
    Organization,
    Rating,
    RequestStatus,
    Scope,
)

SCORE_LABELS = {5: "好", 4: "较好", 3: "一般", 2: "较差", 1: "差"}


@dataclass
class AnnualReport:
    organization: Organization
    year: int
    own: supervision.Row
    #: The totals and the trend by month of the organization's subtree.
    subtree: supervision.Summary
    published: list[Disclosure]
    feedback_received: int
    feedback_answered: int
    requests_received: int
    requests_granted: int
    requests_refused: int
    rating_count: int
    rating_average: float | None
    rating_distribution: dict[int, int]
    #: The organization's own accountability cases, in their order (the 存在问题 section).
    cases: list[accountability.Case]
    #: How many of them of every kind (counted in SQL): what a summary by kind shows.
    case_counts: dict[str, int]
    #: The cases of the whole subtree by kind, and who and what is most behind in it (name,
    #: missing, late): the 存在问题 summary, whatever the subtree's size.
    subtree_case_counts: dict[str, int] = field(default_factory=dict)
    behind_organizations: list[tuple[str, int, int]] = field(default_factory=list)
    behind_items: list[tuple[str, int, int]] = field(default_factory=list)
    #: A few cases of the other kinds (scope, catalog), as examples.
    examples: list[accountability.Case] = field(default_factory=list)

    @property
    def title(self) -> str:
        return f"{self.organization.name}{self.year}年度党务公开工作情况报告"


#: How many organizations, items and example cases the 存在问题 summary names.
SUMMARY_NAMED = 3
#: The kinds of case that are not a late or missing obligation (the summary's examples).
OTHER_KINDS = ("outside_scope", "catalog_not_adjusted", "no_catalog")


def annual_report(
    organization: Organization,
    year: int,
    today: dt.date | None = None,
    *,
    channel_labels: Mapping[str, str] | None = None,
) -> AnnualReport:
    """Everything the annual report of ``organization`` for ``year`` says.

    In a fixed number of queries, each an aggregate in SQL or a list of the organization's
    own rows: the subtree's obligations are counted, never loaded. ``channel_labels`` (channel
    name → label) lets the cases name channels as readers know them.
    """
    period = supervision.Period.year(year, today)
    if period.today > period.end:
        period = supervision.Period(period.start, period.end, period.end + dt.timedelta(days=1))
    own = supervision.organization_row(organization, period)
    low, high = supervision.local_bounds(period)
    published = list(
        Disclosure.select(Disclosure, CatalogItem, Category)
        .join(
            CatalogItem, on=(Disclosure.catalog_item == CatalogItem.id), join_type=JOIN.LEFT_OUTER
        )
        .join(Category, on=(CatalogItem.category == Category.id), join_type=JOIN.LEFT_OUTER)
        .where(
            (Disclosure.organization == organization.id)
            & Disclosure.published_at.is_null(False)
            & (Disclosure.published_at >= low)
            & (Disclosure.published_at < high)
        )
        .order_by(Disclosure.published_at, Disclosure.id)
    )
    feedback = Feedback.select().where(
        (Feedback.organization == organization.id)
        & (Feedback.created_at >= low)
        & (Feedback.created_at < high)
    )
    requests = DisclosureRequest.select().where(
        (DisclosureRequest.organization == organization.id)
        & (DisclosureRequest.created_at >= low)
        & (DisclosureRequest.created_at < high)
    )
    summary = ratings.summary(organization, year)
    distribution = dict.fromkeys(range(5, 0, -1), 0)
    for score, count in (
        Rating.select(Rating.score, peewee.fn.COUNT(Rating.id))
        .where((Rating.organization == organization.id) & (Rating.year == year))
        .group_by(Rating.score)
        .tuples()
    ):
        distribution[score] = count
    own_cases = accountability.cases(
        organization, period, organization=organization.id, channel_labels=channel_labels
    )
    subtree_cases = accountability.cases(organization, period, channel_labels=channel_labels)
    others = accountability.cases(
        organization, period, kinds=OTHER_KINDS, channel_labels=channel_labels
    )
    decided = [str(s) for s in DECIDED]
    granted = (RequestStatus.GRANTED.value, RequestStatus.PARTIALLY_GRANTED.value)
    return AnnualReport(
        organization=organization,
        year=year,
        own=own,
        subtree=supervision.summary(organization, period),
        published=published,
        feedback_received=feedback.count(),
        feedback_answered=feedback.where(
            Feedback.status.in_((FeedbackStatus.ANSWERED.value, FeedbackStatus.CLOSED.value))
        ).count(),
        requests_received=requests.count(),
        requests_granted=requests.where(DisclosureRequest.status.in_(granted)).count(),
        requests_refused=requests.where(
            DisclosureRequest.status.in_(decided) & DisclosureRequest.status.not_in(granted)
        ).count(),
        rating_count=summary.count,
        rating_average=summary.average,
        rating_distribution=distribution,
        cases=list(own_cases),
        case_counts=own_cases.counts(),
        subtree_case_counts=subtree_cases.counts(),
        behind_organizations=subtree_cases.behind("organization", SUMMARY_NAMED),
        behind_items=subtree_cases.behind("item", SUMMARY_NAMED),
        examples=others.page(0, SUMMARY_NAMED),
    )


def _percent(rate: float | None) -> str:
    return "—" if rate is None else f"{rate * 100:.1f}%"


def report_html(report: AnnualReport) -> str:
    """The report as a disclosure's body: headings, paragraphs and tables only."""
    own = report.own
    scope_labels = {s.value: s.label for s in Scope}
    parts = [
        f"<h3>一、基本情况</h3><p>{escape(report.year)}年，{escape(report.organization.name)}"
        f"按照党务公开目录应公开事项{own.total}项，其中已到期{own.due}项："
        f"按时公开{own.on_time}项，逾期公开{own.late}项，逾期未公开{own.overdue}项，"
        f"暂不宜公开并报上级备案{own.not_suitable}项；按时公开率{_percent(own.on_time_rate)}。"
        f"全年共公开党务事项{len(report.published)}项。</p>",
        "<h3>二、公开事项</h3><table><thead><tr><th>序号</th><th>公开事项</th><th>类别</th>"
        "<th>公开范围</th><th>公开日期</th></tr></thead><tbody>",
    ]
    for number, item in enumerate(report.published, start=1):
        category = item.catalog_item.category.name if item.catalog_item_id else "目录外事项"
        parts.append(
            f"<tr><td>{number}</td><td>{escape(item.title)}</td><td>{escape(category)}</td>"
            f"<td>{escape(scope_labels.get(item.scope, item.scope))}</td>"
            f"<td>{item.published_at.date().isoformat()}</td></tr>"
        )
    parts.append("</tbody></table>")
    parts.append(
        f"<h3>三、意见建议和依申请公开</h3><p>收到党员群众意见建议{report.feedback_received}件，"
        f"已答复办结{report.feedback_answered}件；收到依申请公开{report.requests_received}件，"
        f"同意（部分）公开{report.requests_granted}件，不予公开{report.requests_refused}件。</p>"
    )
    if report.rating_count:
        distribution = "，".join(
            f"“{SCORE_LABELS[s]}”{c}票" for s, c in report.rating_distribution.items()
        )
        parts.append(
            f"<h3>四、民主评议</h3><p>共有{report.rating_count}名党员参加党务公开民主评议，"
            f"平均{report.rating_average}分（5分制）：{distribution}。</p>"
        )
    else:
        parts.append("<h3>四、民主评议</h3><p>本年度尚无党员参加党务公开民主评议。</p>")
    parts.extend(problems_html(report))
    return "".join(parts)


def _behind(rows: list[tuple[str, int, int]]) -> str:
    shown = []
    for name, missing, late in rows:
        figures = [f"未公开{missing}项" if missing else "", f"逾期公开{late}项" if late else ""]
        shown.append(f"{escape(name)}（{'，'.join(f for f in figures if f)}）")
    return "、".join(shown)


def problems_html(report: AnnualReport) -> list[str]:
    """存在问题: a summary, never a list of every obligation (a town owes thousands): the
    cases counted by kind, the organizations and items most behind, a few examples."""
    counts = report.subtree_case_counts or report.case_counts
    total = sum(counts.values())
    if not total:
        return []
    by_kind = "，".join(
        f"{supervision.CASE_KINDS[kind]}{counts[kind]}项"
        for kind in supervision.CASE_KINDS
        if counts.get(kind)
    )
    whole = "本党组织及所属党组织" if report.subtree.organizations > 1 else ""
    parts = [f"<h3>五、存在问题</h3><p>{whole}全年共发现问题{total}个：{by_kind}。</p><ul>"]
    if report.subtree.organizations > 1 and report.behind_organizations:
        parts.append(f"<li>公开滞后较多的党组织：{_behind(report.behind_organizations)}。</li>")
    if report.behind_items:
        parts.append(f"<li>公开滞后较多的事项：{_behind(report.behind_items)}。</li>")
    parts.extend(
        f"<li>{escape(supervision.CASE_KINDS[c.kind])}：{escape(c.organization)}"
        f"“{escape(c.subject)}”，{escape(c.detail)}。</li>"
        for c in report.examples
    )
    extra = sum(counts.get(kind, 0) for kind in OTHER_KINDS) - len(report.examples)
    if extra > 0:
        parts.append(f"<li>其他{extra}个问题详见监督检查中的责任追究线索。</li>")
    parts.append("</ul><p>对上述问题，将逐项明确责任、限期整改，整改情况向党员和群众通报。</p>")
    return parts
