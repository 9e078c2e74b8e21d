"""监督检查 in the admin: the dashboard of any organization's subtree, its drill-downs and the
accountability cases. Read-only for everyone, supervisors (监督员) included: nothing here
changes data. The figures come from :mod:`dangwu_core.supervision` in a constant number of
queries; every figure links to the rows behind it. The cases come from
:mod:`dangwu_core.accountability`: counted in SQL and shown a page at a time.
"""

from __future__ import annotations

import datetime as dt

from flask import abort, request, url_for
from flask_admin import expose
from flask_babel import gettext as _

from .. import access, accountability, supervision
from ..clock import today
from ..models import Organization
from ..web.arguments import int_arg, year_arg
from .base import DangwuView, unit
from .charts import COLOURS, horizontal_bars, pie, stacked_bars

#: At most this many organizations are offered in the chooser (the shallowest first).
CHOOSER_LIMIT = 200
PAGE = 50
#: Accountability cases shown on a page (counted in SQL, the page's rows read with LIMIT).
CASES_PAGE = 50
MAX_PAGE = 100_000


def choosable(person, action: str = "supervision.view") -> list[Organization]:
    """The organizations where ``person`` may take ``action`` (by default: open their
    dashboard), shallowest first."""
    return list(
        Organization.select(
            Organization.id, Organization.name, Organization.code, Organization.depth
        )
        .where(access.organization_condition(person, action, Organization.id))
        .order_by(Organization.depth, Organization.sort_order, Organization.code)
        .limit(CHOOSER_LIMIT)
    )


class SupervisionView(DangwuView):
    enter_action = "supervision.view"

    def _root_and_period(self):
        organizations = choosable(self.person)
        wanted = int_arg("org")
        if wanted is None:
            if not organizations:
                abort(403)
            root = Organization.get_by_id(organizations[0].id)
        else:
            root = Organization.get_or_none(Organization.id == wanted)
            if root is None or not access.allowed(self.person, "supervision.view", root):
                abort(403)
        year = year_arg(today().year)
        on = today()
        period = supervision.Period(dt.date(year, 1, 1), dt.date(year, 12, 31), on)
        return root, period, organizations

    @expose("/")
    def index(self):
        root, period, organizations = self._root_and_period()
        board = supervision.dashboard(root, period)

        def link(figure, **extra):
            return url_for(
                ".items_view", org=root.id, year=period.start.year, figure=figure, **extra
            )

        series = [
            (k, _(supervision.FIGURES[k]))
            for k in ("on_time", "late", "overdue", "not_suitable", "upcoming")
        ]
        months = [
            (m, {k: getattr(row, k) for k, _label in series}) for m, row in board.by_month.items()
        ]
        trend = stacked_bars(
            months,
            series,
            links={(m, k): link(k, month=m) for m, _row in months for k, _label in series},
        )
        totals = board.totals
        share = pie(
            [(_(supervision.FIGURES[k]), getattr(totals, k), COLOURS[k]) for k, _label in series]
        )
        ranking = horizontal_bars(
            [
                (r.name, r.rate, url_for(".index", org=r.organization_id, year=period.start.year))
                for r in board.worst
            ]
        )
        return self.render(
            "dangwu_admin/supervision.html",
            board=board,
            root=root,
            period=period,
            organizations=organizations,
            figures=supervision.FIGURES,
            link=link,
            trend=trend,
            share=share,
            ranking=ranking,
            cases_count=None,
            awaiting_assessment=_awaiting_assessment(root),
        )

    @expose("/items/")
    def items_view(self):
        root, period, _ = self._root_and_period()
        figure = request.args.get("figure", "")
        if figure not in supervision.FIGURES:
            abort(404)
        month = request.args.get("month") or None
        organization = int_arg("organization")
        if month is not None:
            try:
                supervision.month_bounds(month)
            except ValueError:
                abort(400)
        query = supervision.items(root, figure, period, month=month, organization=organization)
        page = int_arg("page", 1, high=MAX_PAGE)
        total = query.count()
        rows = list(query.paginate(page, PAGE))
        return self.render(
            "dangwu_admin/supervision_items.html",
            root=root,
            period=period,
            figure=figure,
            label=supervision.FIGURES[figure],
            month=month,
            rows=rows,
            total=total,
            page=page,
            pages=max((total + PAGE - 1) // PAGE, 1),
            kind=(
                "request"
                if figure == "requests_overdue"
                else "feedback"
                if figure == "feedback_overdue"
                else "obligation"
            ),
        )

    @expose("/cases/")
    def cases_view(self):
        """The accountability cases of the subtree, a page at a time, filtered by kind, by
        organization (of the subtree) and by year; a malformed filter is a 400 naming it."""
        root, period, _ = self._root_and_period()
        kind = request.args.get("kind") or None
        if kind is not None and kind not in supervision.CASE_KINDS:
            abort(400, description=f"kind must be one of {', '.join(supervision.CASE_KINDS)}")
        members = (
            Organization.select(Organization.id, Organization.name, Organization.depth)
            .where(Organization.id.in_(supervision.subtree(root)))
            .order_by(Organization.depth, Organization.sort_order, Organization.code)
        )
        organization = int_arg("organization")
        if organization is not None and not members.where(Organization.id == organization).exists():
            abort(400, description=f"organization {organization} is not in {root.name}")
        cases = accountability.cases(
            root,
            period,
            organization=organization,
            kinds=[kind] if kind else None,
            channel_labels={c.name: c.label for c in unit().registry.channels},
        )
        total = len(cases)
        pages = max((total + CASES_PAGE - 1) // CASES_PAGE, 1)
        page = min(int_arg("page", 1, high=MAX_PAGE), pages)
        return self.render(
            "dangwu_admin/supervision_cases.html",
            root=root,
            period=period,
            cases=cases.page((page - 1) * CASES_PAGE, CASES_PAGE),
            total=total,
            counts=cases.counts(),
            kinds=supervision.CASE_KINDS,
            kind=kind,
            organization=organization,
            members=list(members.limit(CHOOSER_LIMIT)),
            page=page,
            pages=pages,
        )


def _awaiting_assessment(root) -> list[tuple[str, int]]:
    """``(organization name, count)`` of the items awaiting a risk assessment (004 七(四))."""
    counts = supervision.awaiting_assessment(root, unit().registry.workflows)
    if not counts:
        return []
    names = dict(
        Organization.select(Organization.id, Organization.name)
        .where(Organization.id.in_(list(counts)))
        .tuples()
    )
    return sorted(((names[k], n) for k, n in counts.items()), key=lambda row: (-row[1], row[0]))
