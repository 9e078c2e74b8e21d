"""年度报告 in the admin: the printable annual report of an organization (004 七(九)), with
figures, charts, the items published and the members' appraisal (民主评议); "publish as a
disclosure" proposes it as a draft (``unit.create_draft``) that then follows the workflow."""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_admin import expose
from flask_babel import gettext as _

from .. import access, reports, supervision
from ..clock import today
from ..errors import DangwuError
from ..models import Organization, Scope
from ..web.arguments import int_arg, year_arg
from .base import AdminForm, DangwuView, unit
from .charts import COLOURS, pie, stacked_bars
from .dashboard import choosable


def _channel_labels() -> dict[str, str]:
    """The unit's channels by name, as readers know them (公开栏, 公开网...)."""
    return {c.name: c.label for c in unit().registry.channels}


class ReportView(DangwuView):
    """Any officer of an organization reads its annual report; proposers and liaisons draft
    it as a disclosure (``disclosure.draft``)."""

    enter_action = "admin.read"

    def _organization(self, source) -> Organization:
        org_id = int_arg("org", source=source)
        if org_id is None:
            choices = choosable(self.person, self.enter_action)
            if not choices:
                abort(403)
            org_id = choices[0].id
        organization = Organization.get_or_none(Organization.id == org_id)
        if organization is None or not access.allowed(self.person, self.enter_action, organization):
            abort(403)
        return organization

    @expose("/")
    def index(self):
        organization = self._organization(request.args)
        year = year_arg(today().year)
        report = reports.annual_report(organization, year, channel_labels=_channel_labels())
        series = [
            (k, _(supervision.FIGURES[k]))
            for k in ("on_time", "late", "overdue", "not_suitable", "upcoming")
        ]
        trend = stacked_bars(
            [
                (m, {k: getattr(r, k) for k, _label in series})
                for m, r in report.subtree.by_month.items()
            ],
            series,
        )
        share = pie(
            [
                (_(supervision.FIGURES[k]), getattr(report.own, k), COLOURS[k])
                for k, _label in series
            ]
        )
        colours = {5: "#2e7d32", 4: "#7cb342", 3: "#f9a825", 2: "#ef6c00", 1: "#c62828"}
        appraisal = pie(
            [
                (reports.SCORE_LABELS[s], c, colours[s])
                for s, c in report.rating_distribution.items()
            ]
        )
        channels = [(c.name, c.label, sorted(c.scopes)) for c in unit().registry.channels]
        return self.render(
            "dangwu_admin/report.html",
            report=report,
            trend=trend,
            share=share,
            appraisal=appraisal,
            body=reports.report_html(report),
            organizations=choosable(self.person, self.enter_action),
            may_publish=access.allowed(self.person, "disclosure.draft", organization),
            scopes=[(s.value, s.label) for s in Scope],
            channels=channels,
            kinds=supervision.CASE_KINDS,
        )

    @expose("/publish/", methods=["POST"])
    def publish_view(self):
        if not AdminForm(request.form).validate():
            flash(_("表单已失效，请刷新页面后重试。"), "error")
            return redirect(url_for(".index"))
        organization = self._organization(request.form)
        year = year_arg(today().year, source=request.form)
        report = reports.annual_report(organization, year, channel_labels=_channel_labels())
        try:
            draft = unit().create_draft(
                organization,
                self.person,
                report.title,
                reports.report_html(report),
                request.form.get("scope", Scope.PARTY.value),
                request.form.getlist("channels"),
                period_label=str(year),
            )
        except DangwuError as exc:
            flash(str(exc), "error")
            return redirect(url_for(".index", org=organization.id, year=year))
        flash(_("已生成公开事项草稿，请按程序申报、审核、审批后公开。"), "success")
        return redirect(url_for("disclosure.details_view", id=draft.id))
