"""本月党务公开 in the admin: one organization's month, from what falls due on its 党务公开日
to the printed 公开栏 sheet.

The page (``/admin/batches/?org=ID&month=YYYY-MM``) lists the obligations due on the month's
disclosure day (003 §8(二); overdue ones from before flagged, offered but not chosen),
prepares the month's batch (one disclosure, a section per chosen item, prefilled from the
previous period: :func:`dangwu_core.batches.prepare_batch`), and then lets its people edit
each section, attach its files, withhold one with a filed reason (暂不宜公开, 003 §9(二)) and
restore it. The batch's procedure is the disclosure's own: the page links to the
disclosure's admin page, whose buttons the engine draws (:mod:`.disclosures`).

The printable sheet (``/admin/batches/sheet/?id=ID``, ``&paper=A3`` for the large board) is
the organization's 公开栏 sheet for that day (:mod:`.sheets`).

Nothing here decides who may do what: seeing a month needs ``ledger.export`` (the
organization's office and officers, as the ledgers decide) or ``disclosure.draft``; preparing
needs ``disclosure.draft``; editing a section is its draft's proposer's, withholding is
``disclosure.section_withhold`` before approval — the services decide and refuse, the page
only leaves out the forms they would refuse. A person refused a month gets a 403.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort, flash, redirect, request, url_for
from flask_admin import expose
from flask_admin.form import SecureForm
from flask_babel import gettext as _

from .. import access, attachments, batches, disclosures
from ..clock import today
from ..errors import DangwuError
from ..models import (
    Disclosure,
    DisclosureSection,
    Obligation,
    ObligationStatus,
    Organization,
    Scope,
)
from ..models.kinds import StateKind
from ..schemas.numbers import parse_int
from ..sections import is_batch
from ..web.arguments import id_or_404, int_arg
from ..web.sanitize import clean_html
from . import sheets
from .base import DangwuView, unit, working_disclosure
from .labels import VOCABULARIES
from .sheets import Month, month_of_disclosure, section_files

#: The actions that let a person look at an organization's month (its office and officers,
#: as the ledgers decide, and whoever drafts its disclosures).
VIEW_ACTIONS = ("ledger.export", "disclosure.draft")
#: Who prepares and edits the batch: whoever drafts a disclosure there.
PREPARE_ACTION = "disclosure.draft"
#: Who leaves a section out (暂不宜公开) or takes it back, before approval.
WITHHOLD_ACTION = "disclosure.section_withhold"
#: The states (by kind) in which sections are still withheld or restored.
WITHHOLDING_KINDS = (StateKind.DRAFT, StateKind.IN_PROCEDURE)
#: At most this many organizations are offered in the chooser.
CHOOSER_LIMIT = 300


@dataclass(frozen=True)
class DueRow:
    """One obligation of the due list, with what the page shows of it."""

    obligation: Obligation
    overdue: bool
    status_label: str
    #: Falls due in the month itself (not a backlog item of an earlier month): chosen by
    #: default for the batch.
    in_month: bool


def month_batches(person, organization: Organization, month: Month) -> list[Disclosure]:
    """The organization's batches (disclosures with sections) for ``month`` that ``person``
    works on (the admin's list rule, ``access.admin_disclosures``), the newest first."""
    with_sections = DisclosureSection.select(DisclosureSection.disclosure)
    return list(
        access.admin_disclosures(person, unit().registry.workflows)
        .where(
            (Disclosure.organization == organization.id)
            & (Disclosure.period_label == month.label)
            & Disclosure.id.in_(with_sections)
        )
        .order_by(Disclosure.id.desc())
    )


def due_rows(organization: Organization, month: Month) -> list[DueRow]:
    """The due list of the month (:func:`dangwu_core.batches.due_for_batch`), overdue ones
    flagged."""
    labels = VOCABULARIES["obligation"]
    rows = []
    for obligation in batches.due_for_batch(organization, month.year, month.month):
        overdue = obligation.status == ObligationStatus.OVERDUE.value or (
            obligation.due_date < today()
        )
        rows.append(
            DueRow(
                obligation,
                overdue,
                labels.get(obligation.status, obligation.status),
                obligation.due_date >= month.first,
            )
        )
    return rows


def chosen_obligations(organization: Organization, raw: list[str]) -> list[Obligation]:
    """The obligations a form's ``obligation`` boxes name, in the order given; a malformed or
    unknown id is the clear error :func:`dangwu_core.batches.prepare_batch` gives for an
    obligation that is not the organization's."""
    ids = [parse_int(value) for value in raw]
    for value, pk in zip(raw, ids, strict=True):
        if pk is None:
            abort(400, description=f"obligation must be an id, not {str(value)[:40]!r}")
    found = {o.id: o for o in Obligation.select().where(Obligation.id.in_(ids))}
    missing = [pk for pk in ids if pk not in found]
    if missing:
        abort(404, description=f"no obligation has the id {missing[0]}")
    return [found[pk] for pk in ids]


class BatchView(DangwuView):
    """本月党务公开: the due list, the batch's sections, the printable sheet."""

    enter_action = "admin.read"

    # --- what the person may see and do (the registry decides; see the module doc) -------

    def may_view(self, organization) -> bool:
        return any(self.allowed(a, organization) for a in VIEW_ACTIONS)

    def may_prepare(self, organization) -> bool:
        return self.allowed(PREPARE_ACTION, organization)

    def may_edit(self, item: Disclosure) -> bool:
        """The sections' content changes where the draft's does (its proposer, as a draft)."""
        try:
            disclosures.check_editable(unit(), item, self.person)
        except DangwuError:
            return False
        return True

    def may_withhold(self, item: Disclosure) -> bool:
        definition = unit().registry.workflows.get(item.workflow)
        return definition.kind_of(item.state) in WITHHOLDING_KINDS and self.allowed(
            WITHHOLD_ACTION, item.organization_id
        )

    def may_republish(self, item: Disclosure) -> bool:
        """The engine offers the person a re-publication (再公开) of the published sheet."""
        definition = unit().registry.workflows.get(item.workflow)
        steps = {t.name for t in access.republications(definition, item.state)}
        return bool(steps & set(unit().available_transitions(item, self.person)))

    def organizations(self) -> list[Organization]:
        condition = None
        for name in VIEW_ACTIONS:
            one = self.organization_condition(name, Organization.id)
            condition = one if condition is None else (condition | one)
        return list(
            Organization.select(
                Organization.id, Organization.name, Organization.code, Organization.depth
            )
            .where(condition)
            .order_by(Organization.depth, Organization.sort_order, Organization.code)
            .limit(CHOOSER_LIMIT)
        )

    def _organization(self, source, choices=None) -> Organization:
        """The organization named by ``org`` (a 404 when none has that id, a 403 when the
        person may not look at it); without ``org``, the first the person may look at."""
        org_id = int_arg("org", source=source)
        if org_id is None:
            choices = self.organizations() if choices is None else choices
            if not choices:
                abort(403)
            org_id = choices[0].id
        organization = Organization.get_or_none(Organization.id == org_id)
        if organization is None:
            abort(404, description=f"no organization has the id {org_id}")
        if not self.may_view(organization):
            abort(403)
        return organization

    def _month(self, source, organization: Organization) -> Month:
        raw = source.get("month")
        if raw:
            month = Month.parse(raw)
            if month is None:
                abort(400, description="month must be a month as YYYY-MM (01 to 12)")
            return month
        # The next disclosure day: this month's, or next month's once this one has passed.
        month = Month.of(today())
        day = batches.disclosure_day(unit().context, organization, month.year, month.month)
        return month.shifted(1) if day is not None and day < today() else month

    def disclosure_link(self, disclosure) -> tuple[str, str] | None:
        if not is_batch(disclosure):
            return None
        return _("打印公开栏"), url_for(f"{self.endpoint}.sheet_view", id=disclosure.id)

    # --- the month --------------------------------------------------------------------------

    def _shown(self, item: Disclosure) -> dict:
        version = disclosures.current_version(item)
        files = attachments.current(item)
        definition = unit().registry.workflows.get(item.workflow)
        return {
            "item": item,
            "state_label": definition.state_label(item.state),
            "editable": self.may_edit(item),
            "withholding": self.may_withhold(item),
            "republishing": self.may_republish(item),
            "sections": [(s, section_files(files, s)) for s in batches.sections(item)],
            "version": version,
        }

    @expose("/")
    def index(self):
        choices = self.organizations()
        organization = self._organization(request.args, choices)
        month = self._month(request.args, organization)
        day = batches.disclosure_day(unit().context, organization, month.year, month.month)
        return self.render(
            "admin/batches/month.html",
            organization=organization,
            organizations=choices,
            month=month,
            previous=month.shifted(-1),
            following=month.shifted(1),
            day=day,
            rows=due_rows(organization, month),
            batches=[self._shown(item) for item in month_batches(self.person, organization, month)],
            may_prepare=self.may_prepare(organization),
            scopes=[(s.value, s.label) for s in Scope],
            scope_labels=VOCABULARIES["scope"],
            clean_html=clean_html,
        )

    def _back(self, organization_id: int, month: Month | None):
        args: dict = {"org": organization_id}
        if month is not None:
            args["month"] = month.label
        return redirect(url_for(".index", **args))

    def _checked_form(self) -> bool:
        if SecureForm(request.form).validate():
            return True
        flash(_("表单已失效，请刷新页面后重试。"), "error")
        return False

    @expose("/prepare/", methods=["POST"])
    def prepare_view(self):
        organization = self._organization(request.form)
        month = Month.parse(request.form.get("month"))
        if month is None:
            abort(400, description="month must be a month as YYYY-MM (01 to 12)")
        if not self.may_prepare(organization):
            abort(403)
        back = self._back(organization.id, month)
        if not self._checked_form():
            return back
        raw = request.form.getlist("obligation")
        if not raw:
            flash(_("未生成：请至少选择一个应公开事项。"), "error")
            return back
        chosen = chosen_obligations(organization, raw)
        try:
            batch = batches.prepare_batch(
                unit(), organization, self.person, month.year, month.month, obligations=chosen
            )
        except DangwuError as exc:
            flash(_("未生成：%(reason)s", reason=str(exc)), "error")
            return back
        flash(
            _(
                "已生成“%(title)s”草稿，共%(n)d部分；请逐项核对后按程序申报。",
                title=batch.title,
                n=len(batches.sections(batch)),
            ),
            "success",
        )
        return back

    # --- one section ------------------------------------------------------------------------

    def _section(self):
        """The section named by the form's ``section``, in a disclosure the person works on
        (a 404 otherwise), and the month page to go back to."""
        pk = id_or_404(request.form.get("section"), "section")
        section = DisclosureSection.get_or_none(DisclosureSection.id == pk) if pk else None
        item = working_disclosure(section.disclosure_id) if section is not None else None
        if item is None:
            abort(404, description="no section of a disclosure you work on has this id")
        return section, item, self._back(item.organization_id, month_of_disclosure(item))

    def _done(self, back, message: str, call, *args, **kwargs):
        """Run a service; its refusal is a message on the month page, nothing changed."""
        if not self._checked_form():
            return back
        try:
            call(*args, **kwargs)
        except DangwuError as exc:
            flash(_("未办理：%(reason)s", reason=str(exc)), "error")
            return back
        flash(message, "success")
        return back

    @expose("/section/edit/", methods=["POST"])
    def edit_view(self):
        from .disclosures import sanitize_body

        section, _item, back = self._section()
        title = (request.form.get("title") or "").strip()
        return self._done(
            back,
            _("已保存“%(title)s”。", title=title or section.title),
            batches.edit_section,
            unit(),
            section,
            self.person,
            title=title,
            body=sanitize_body(request.form.get("body", "")),
            scope=request.form.get("scope"),  # absent: unchanged; "": the sheet's
        )

    @expose("/section/withhold/", methods=["POST"])
    def withhold_view(self):
        section, _item, back = self._section()
        return self._done(
            back,
            _("“%(title)s”暂不宜公开，已报上级党组织备案。", title=section.title),
            batches.withhold_section,
            unit(),
            section,
            self.person,
            (request.form.get("reason") or "").strip(),
        )

    @expose("/section/restore/", methods=["POST"])
    def restore_view(self):
        section, _item, back = self._section()
        return self._done(
            back,
            _("“%(title)s”已恢复公开。", title=section.title),
            batches.restore_section,
            unit(),
            section,
            self.person,
        )

    @expose("/section/republish/", methods=["POST"])
    def republish_view(self):
        """再公开 of one section of a published sheet, with its reason: a new version in which
        the other sections are unchanged."""
        from .disclosures import sanitize_body

        section, item, back = self._section()
        title = (request.form.get("title") or "").strip()
        return self._done(
            back,
            _("“%(title)s”已再公开。", title=title or section.title),
            batches.republish_sections,
            unit(),
            item,
            self.person,
            {
                section.position: {
                    "title": title,
                    "body": sanitize_body(request.form.get("body", "")),
                    "reason": (request.form.get("reason") or "").strip(),
                }
            },
        )

    @expose("/section/upload/", methods=["POST"])
    def upload_view(self):
        section, item, back = self._section()
        upload = request.files.get("file")
        if upload is None or not upload.filename:
            flash(_("请选择要上传的文件。"), "error")
            return back
        return self._done(
            back,
            _("已上传附件“%(name)s”。", name=upload.filename),
            attachments.add,
            unit(),
            item,
            upload.filename,
            upload.read(),
            self.person,
            section=section.position,
        )

    # --- the printable sheet ----------------------------------------------------------------

    @expose("/sheet/")
    def sheet_view(self):
        item = working_disclosure(request.args.get("id"))
        if item is None:
            abort(404, description="no batch you work on has this id")
        shown = sheets.sheet(
            unit(), item, request.args.get("paper", "A4"), request.args.get("audience")
        )
        month = sheets.month_of_disclosure(item)
        return self.render(
            "admin/batches/sheet.html",
            back_url=self._back(item.organization_id, month).location,
            **shown,
        )
