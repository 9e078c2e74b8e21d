"""The procedures around the workflow, as buttons (``/admin/procedures/...``).

Each form posts here and goes through the SAME service the CLI, the API and the tests use —
nothing decides here:

============================  =================================================================
filing a work plan            :func:`dangwu_core.disclosures.submit_plan` (003 §6(二), 004 五)
deciding a plan or a change   :func:`~dangwu_core.disclosures.decide_plan`,
                              :func:`~dangwu_core.changes.decide_change` (001 四.2, 003 §9(二))
requesting a change           :func:`dangwu_core.changes.request_change`
demanding a proposal          :func:`dangwu_core.demands.demand_proposal` (004 五(一))
escalating an opinion         :func:`dangwu_core.feedback.escalate` (001 四.3)
closing an answered opinion   :func:`dangwu_core.feedback.close`
recording an immediate event  :func:`dangwu_core.obligations.open_immediate` (003 §8(四))
============================  =================================================================

The object acted on is looked up within what the person reads in the admin (a row outside is
"not found"); the service then asks the permission registry and refuses with its reason,
which the page shows (flash), leaving the data as it was. The result lands on the next
person's 工作台 (:mod:`dangwu_core.awaiting`).
"""

from __future__ import annotations

import datetime as dt

from flask import flash, redirect, request, url_for
from flask_admin import expose
from flask_admin.form import SecureForm
from flask_babel import gettext as _

from .. import changes, demands, disclosures, obligations
from .. import feedback as feedback_service
from ..clock import today
from ..errors import DangwuError
from ..models import (
    CatalogItem,
    Feedback,
    Filing,
    FilingKind,
    Obligation,
    Organization,
)
from ..schemas.numbers import parse_int
from .base import DangwuView, unit, working_disclosure

#: The decision buttons on a filing: agree (同意) or decline (不同意).
DECISIONS = {"agree": True, "decline": False}

#: The longest text a procedure's form takes (reasons, plans, opinions).
MAX_TEXT = 5000


def _text(name: str) -> str:
    return (request.form.get(name) or "").strip()[:MAX_TEXT]


def _date(name: str) -> dt.date | None:
    raw = (request.form.get(name) or "").strip()
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        return None


class ProcedureView(DangwuView):
    """The procedures' forms (no menu entry: their buttons are on the pages they concern)."""

    def is_visible(self) -> bool:
        return False

    @expose("/")
    def index(self):
        """Nothing to show on its own: the buttons live on the pages; go to the 工作台."""
        return redirect(url_for("admin.index"))

    # --- shared ---------------------------------------------------------------------------

    def _valid_form(self) -> bool:
        if SecureForm(request.form).validate():
            return True
        flash(_("表单已失效，请刷新页面后重试。"), "error")
        return False

    def _run(self, done: str, call) -> bool:
        """Call the service; flash ``done`` or the service's refusal."""
        try:
            call()
        except DangwuError as exc:
            flash(str(exc), "error")
            return False
        flash(done, "success")
        return True

    def _scoped(self, model, field, pk):
        """The row ``pk`` of ``model`` if the person reads rows of its organization."""
        if pk is None:
            return None
        return (
            model.select()
            .where((model.id == pk) & self.organization_condition("admin.read", field))
            .first()
        )

    # --- 目录外事项: the work plan --------------------------------------------------------

    @expose("/plan/submit/", methods=["POST"])
    def submit_plan_view(self):
        item = working_disclosure(request.args.get("id"))
        if item is None:
            flash(_("没有找到该事项，或您无权查看。"), "error")
            return redirect(url_for("disclosure.index_view"))
        if self._valid_form():
            self._run(
                _("已报送工作方案，等待目录制定单位审核。"),
                lambda: disclosures.submit_plan(unit(), item, self.person, _text("plan")),
            )
        return redirect(url_for("disclosure.details_view", id=item.id))

    # --- the catalog issuer's decisions ---------------------------------------------------

    @expose("/filing/decide/", methods=["POST"])
    def decide_filing_view(self):
        pk = parse_int(request.args.get("id"))
        filing = None
        if pk is not None:
            filing = (
                Filing.select()
                .where(
                    (Filing.id == pk)
                    & (
                        self.organization_condition("admin.read", Filing.organization)
                        | self.organization_condition("admin.read", Filing.upper_organization)
                    )
                )
                .first()
            )
        if filing is None:
            flash(_("没有找到该备案，或您无权查看。"), "error")
            return redirect(url_for("admin.index"))
        if self._valid_form():
            decision = request.form.get("decision")
            if decision not in DECISIONS:
                flash(_("请选择同意或不同意。"), "error")
            else:
                decide = (
                    disclosures.decide_plan
                    if filing.kind == FilingKind.IMPLEMENTATION_PLAN.value
                    else changes.decide_change
                )
                self._run(
                    _("已审核：%(title)s", title=filing.title),
                    lambda: decide(
                        unit(),
                        filing,
                        self.person,
                        approved=DECISIONS[decision],
                        opinion=_text("opinion"),
                    ),
                )
        if request.form.get("back") == "item" and filing.subject_type == "disclosure":
            return redirect(url_for("disclosure.details_view", id=filing.subject_id))
        return redirect(url_for("admin.index"))

    # --- 变更、撤销、终止: asking the issuer ----------------------------------------------

    @expose("/change/request/", methods=["POST"])
    def request_change_view(self):
        item = working_disclosure(request.args.get("id"))
        if item is None:
            flash(_("没有找到该事项，或您无权查看。"), "error")
            return redirect(url_for("disclosure.index_view"))
        if self._valid_form():
            action = request.form.get("action", "")
            self._run(
                _("已报请目录制定单位批准。"),
                lambda: changes.request_change(unit(), item, self.person, action, _text("reason")),
            )
        return redirect(url_for("disclosure.details_view", id=item.id))

    # --- 要求提出: demanding a proposal ---------------------------------------------------

    @expose("/demand/", methods=["POST"])
    def demand_view(self):
        obligation = self._scoped(
            Obligation, Obligation.organization, parse_int(request.args.get("id"))
        )
        if obligation is None:
            flash(_("没有找到该应公开事项，或您无权查看。"), "error")
            return redirect(url_for("obligation.index_view"))
        if self._valid_form():
            raw = request.form.get("respond_by", "").strip()
            respond_by = _date("respond_by")
            if raw and respond_by is None:
                flash(_("提出期限的日期无效。"), "error")
            else:
                self._run(
                    _("已要求有关部门提出公开意见。"),
                    lambda: demands.demand_proposal(
                        unit(), obligation, self.person, _text("reason"), respond_by=respond_by
                    ),
                )
        return redirect(url_for("obligation.details_view", id=obligation.id))

    # --- 意见反馈: escalating to the leadership, closing ----------------------------------

    def _feedback(self):
        return self._scoped(Feedback, Feedback.organization, parse_int(request.args.get("id")))

    @expose("/feedback/escalate/", methods=["POST"])
    def escalate_view(self):
        item = self._feedback()
        if item is None:
            flash(_("没有找到该意见，或您无权查看。"), "error")
            return redirect(url_for("feedback.index_view"))
        if self._valid_form():
            self._run(
                _("已呈报领导小组研究答复。"),
                lambda: feedback_service.escalate(item, self.person, _text("reason")),
            )
        return redirect(url_for("feedback.details_view", id=item.id))

    @expose("/feedback/close/", methods=["POST"])
    def close_feedback_view(self):
        item = self._feedback()
        if item is None:
            flash(_("没有找到该意见，或您无权查看。"), "error")
            return redirect(url_for("feedback.index_view"))
        if self._valid_form():
            self._run(_("已办结。"), lambda: feedback_service.close(item, self.person))
        return redirect(url_for("feedback.details_view", id=item.id))

    # --- 即时公开: recording the triggering event -----------------------------------------

    def _trigger_organizations(self) -> list[Organization]:
        return list(
            Organization.select()
            .where(self.organization_condition("obligation.trigger", Organization.id))
            .order_by(Organization.code)
        )

    @expose("/immediate/", methods=["GET", "POST"])
    def immediate_view(self):
        """Pick the organization, the immediate item, the date and a label; the obligation
        opens with its due date (:func:`dangwu_core.obligations.open_immediate`)."""
        organizations = self._trigger_organizations()
        chosen = next(
            (o for o in organizations if o.id == parse_int(request.values.get("organization"))),
            organizations[0] if organizations else None,
        )
        items = obligations.immediate_items(chosen) if chosen is not None else []
        opened = None
        if request.method == "POST" and self._valid_form():
            item = next((i for i in items if i.id == parse_int(request.form.get("item"))), None)
            triggered_on = _date("triggered_on")
            if chosen is None or item is None:
                flash(_("请选择党组织和即时公开事项。"), "error")
            elif triggered_on is None:
                flash(_("请填写事件发生的日期。"), "error")
            else:
                try:
                    opened = obligations.open_immediate(
                        unit(),
                        chosen,
                        item,
                        triggered_on,
                        label=_text("label") or None,
                        actor=self.person,
                    )
                except DangwuError as exc:
                    flash(str(exc), "error")
                else:
                    flash(
                        _(
                            "已记录：%(item)s（%(label)s），应于 %(due)s 前公开。",
                            item=item.title,
                            label=opened.period_label,
                            due=opened.due_date.isoformat(),
                        ),
                        "success",
                    )
        return self.render(
            "dangwu_admin/immediate.html",
            organizations=organizations,
            chosen=chosen,
            items=items,
            opened=opened,
            today=today().isoformat(),
        )

    def item_title(self, item: CatalogItem) -> str:
        return f"{item.code} {item.title}"
