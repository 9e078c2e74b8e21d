"""公开事项 in the admin: the list, drafts, and the workflow on each item.

The buttons on an item are exactly ``unit.available_transitions(item, person)`` — the engine
answers, the admin only draws them — each with the input its definition asks for (a comment
when ``requires_comment``, the four review findings, a collective decision for an important
item, the new content to re-publish, the wider scope) and a confirmation. Bulk actions fire
the transition on each selected item through the engine: an item the person may not move is
reported by name and left as it was. Review checks' findings are shown on the item, their
offending spans highlighted in the text.

Files (附件) are added and removed on the item's page through :mod:`dangwu_core.attachments`,
which sniffs their type and enforces ``attachment_max_bytes``; the form is there only when
``access.can_attach`` says so. The upload route alone accepts bodies that large (see
:func:`dangwu_core.web.allow_larger_body`); a file over the limit is a message on the page.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Response, abort, flash, redirect, request, url_for
from flask_admin import expose
from flask_admin.actions import action
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape
from marshmallow import ValidationError as SchemaError
from wtforms import BooleanField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from .. import access, attachments, disclosures, risk, secrecy
from ..errors import DangwuError, InvalidTransition
from ..models import (
    Attachment,
    CatalogItem,
    Disclosure,
    DisclosureVersion,
    Event,
    Organization,
    Person,
    Scope,
)
from ..review import REVIEW_ASPECTS
from ..schemas.admin import AdminTransitionInput, DraftInput
from ..schemas.numbers import parse_int
from ..web.arguments import id_or_404
from ..web.downloads import content_disposition
from ..web.sanitize import clean_html
from ..workflow.kinds import STOPPING_KINDS, TransitionKind
from .base import AdminForm, ScopedModelView, unit
from .gate import GateRoutes, gate_context
from .labels import COLUMNS, VOCABULARIES
from .panels import disclosure_panel
from .redactions import RedactionDecisions, redaction_context, review_results

ASPECT_LABELS = {
    "necessity": _l("必要性"),
    "accuracy": _l("准确性"),
    "legality": _l("合法合规性"),
    "secrecy": _l("保密审查"),
}


def sanitize_body(text: str) -> str:
    """The body as stored: plain text as typed, markup cleaned by nh3 (as the portal shows it)."""
    text = (text or "").replace("\r\n", "\n")
    return text if "<" not in text else str(clean_html(text))


# --- What a transition asks for --------------------------------------------------------


@dataclass(frozen=True)
class Button:
    """One transition the person may fire, and the inputs its definition asks for."""

    name: str
    label: str
    target_label: str
    requires_comment: bool
    findings: bool
    collective_decision: bool
    new_version: bool
    widen_scope: bool
    flag_important: bool
    danger: bool

    @property
    def confirmation(self) -> str:
        return _("确定要“%(label)s”吗？此操作将记入审计记录。", label=self.label)


def buttons(item: Disclosure, person) -> list[Button]:
    """The transitions ``person`` may fire on ``item`` now, asked of the engine."""
    definition = unit().registry.workflows.get(item.workflow)
    important = bool(item.important or (item.catalog_item_id and item.catalog_item.important))
    out = []
    for name in unit().available_transitions(item, person):
        transition = definition.transitions[name]
        out.append(
            Button(
                name=name,
                label=transition.label,
                target_label=definition.state_label(transition.target),
                requires_comment=transition.requires_comment,
                findings="review_findings_complete" in transition.guards,
                collective_decision=(
                    important and "collective_decision_if_important" in transition.guards
                )
                or (
                    "risk_assessments_complete" in transition.guards
                    and risk.needs_collective_decision(unit(), item)
                ),
                new_version="new_version_given" in transition.guards,
                widen_scope="widens_scope" in transition.guards,
                flag_important="flag_important" in transition.effects,
                danger=transition.kind in STOPPING_KINDS,
            )
        )
    return out


# --- Review findings, highlighted --------------------------------------------------------


def review_findings(results) -> list[dict]:
    """The checks' ``results`` on the current version (what the reviewer will face), as the
    page lists them."""
    return [{"check": r.check, "finding": r.finding} for r in results]


def body_spans(finding) -> list:
    """The spans of ``finding`` in the body (not in the title or an attachment)."""
    return [s for s in finding.spans if s.end > s.start and getattr(s, "source", "body") == "body"]


def _mark_title(label: str, span) -> str:
    suggestion = getattr(span, "suggestion", "")
    return f"{label}：{suggestion}" if suggestion else label


def highlight(text: str, findings: list[dict]) -> Markup:
    """``text`` escaped, with every finding's spans marked (overlaps merged)."""
    spans = sorted(
        (max(0, s.start), min(len(text), s.end), _mark_title(r["check"].label, s))
        for r in findings
        for s in body_spans(r["finding"])
    )
    merged: list[list] = []
    for start, end, label in spans:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
            merged[-1][2].add(label)
        else:
            merged.append([start, end, {label}])
    out, position = [], 0
    for start, end, labels in merged:
        out.append(escape(text[position:start]))
        title = escape("、".join(sorted(labels)))
        out.append(Markup(f'<mark class="dw-finding" title="{title}">'))  # nosec B704  # a fixed tag; its title is escape()d
        out.append(escape(text[start:end]))
        out.append(Markup("</mark>"))
        position = end
    out.append(escape(text[position:]))
    return Markup("").join(out).replace("\n", Markup("<br>"))


# --- Attachments -----------------------------------------------------------------------------

#: What a multipart upload carries besides the file (boundaries, headers, the CSRF token):
#: the upload route accepts ``attachment_max_bytes`` plus this much.
UPLOAD_OVERHEAD = 64 * 1024


def upload_limit() -> int:
    """The largest body the upload route accepts, in bytes."""
    return unit().settings.attachment_max_bytes + UPLOAD_OVERHEAD


def size_label(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MiB"
    if size >= 1024:
        return f"{size / 1024:.0f} KiB"
    return f"{size} B"


def files_context(item: Disclosure, person) -> dict:
    """What the item's page shows of its files, and whether the person may change them."""
    definition = unit().registry.workflows.get(item.workflow)
    editing = attachments.editing_version(unit(), item)
    may_attach = editing is not None and access.can_attach(person, item, definition)
    staged = (
        attachments.of_version(item, editing)
        if may_attach and editing != item.current_version
        else None
    )
    files = attachments.current(item)
    editable = (staged if staged is not None else files) if may_attach else []
    return {
        "files": files,
        "staged_files": staged,
        "can_attach": may_attach,
        "removable": {a.id for a in editable},
        "max_bytes_label": size_label(unit().settings.attachment_max_bytes),
        "accepted": ", ".join(f".{ext}" for ext in sorted(attachments.EXTENSIONS)),
        "size_label": size_label,
    }


# --- Forms ---------------------------------------------------------------------------------


class DraftForm(AdminForm):
    organization = SelectField(_l("党组织"), validators=[DataRequired()])
    title = StringField(_l("标题"), validators=[DataRequired(), Length(max=300)])
    body = TextAreaField(
        _l("内容"),
        validators=[DataRequired(), Length(max=100_000)],
        render_kw={"rows": 12, "class": "dw-editor"},
        description=_l("可用段落、列表、表格等简单格式；保存时清除脚本等不安全内容。"),
    )
    scope = SelectField(_l("公开范围"), choices=[SelectChoice(s.value, s.label) for s in Scope])
    channels = SelectMultipleField(_l("公开形式"), validators=[DataRequired()])
    catalog_item = SelectField(_l("目录事项"), validators=[Optional()])
    important = BooleanField(_l("重要事项（须集体研究决定）"))
    department = StringField(_l("承办部门"), validators=[Optional(), Length(max=100)])
    period_label = StringField(_l("公开期次"), validators=[Optional(), Length(max=64)])


class DraftEditForm(AdminForm):
    title = StringField(_l("标题"), validators=[DataRequired(), Length(max=300)])
    body = TextAreaField(
        _l("内容"), validators=[DataRequired(), Length(max=100_000)], render_kw={"rows": 12}
    )
    scope = SelectField(_l("公开范围"), choices=[SelectChoice(s.value, s.label) for s in Scope])
    channels = SelectMultipleField(_l("公开形式"), validators=[DataRequired()])


def _channel_choices():
    return [(c.name, c.label) for c in unit().registry.channels]


def _schema_errors(form, error: SchemaError) -> None:
    for field, messages in error.messages.items():
        target = getattr(form, field, None)
        text = messages if isinstance(messages, list) else [str(messages)]
        if target is not None:
            target.errors = list(target.errors or []) + [str(m) for m in text]
        else:
            flash(f"{field}: {'; '.join(str(m) for m in text)}", "error")


class DisclosureView(GateRoutes, RedactionDecisions, ScopedModelView):
    """公开事项: drafts, the workflow, versions and events of each item."""

    write_action = "disclosure.draft"
    column_list = (
        "title",
        "organization",
        "state",
        "scope",
        "proposer",
        "catalog_item",
        "published_at",
    )
    column_labels = COLUMNS
    column_searchable_list = ("title",)
    column_filters = ("state", "scope", "important", "published_at", "period_label")
    column_default_sort = ("id", True)
    details_template = "dangwu_admin/disclosure_details.html"
    list_template = "dangwu_admin/disclosure_list.html"

    column_formatters = {
        "state": lambda v, c, m, n: Markup(  # nosec B704  # state and label are escape()d
            f'<span class="dw-badge dw-{escape(m.state)}">{escape(v.state_label(m))}</span>'
        ),
        "scope": lambda v, c, m, n: VOCABULARIES["scope"].get(m.scope, m.scope),
    }

    # --- rows: what the person works on, by role ------------------------------------------

    def get_query(self):
        return (
            access.admin_disclosures(self.person, unit().registry.workflows)
            .join(Organization, on=(Disclosure.organization == Organization.id))
            .switch(Disclosure)
            .join(Person, on=(Disclosure.proposer == Person.id))
            .switch(Disclosure)
        )

    def get_one(self, id):
        pk = id_or_404(id, "disclosure")
        if pk is None:
            return None
        return self.get_query().where(Disclosure.id == pk).first()

    def state_label(self, item: Disclosure) -> str:
        return unit().registry.workflows.get(item.workflow).state_label(item.state)

    # --- drafts -------------------------------------------------------------------------

    def get_create_form(self):
        return DraftForm

    def get_edit_form(self):
        return DraftEditForm

    def create_form(self, obj=None):
        form = super().create_form(obj)
        form.organization.choices = [
            (str(o.id), f"{o.name}（{o.code}）")
            for o in Organization.select()
            .where(access.organization_condition(self.person, "disclosure.draft", Organization.id))
            .order_by(Organization.code)
        ]
        form.channels.choices = _channel_choices()
        form.catalog_item.choices = [("", _("目录外事项（须报批工作方案）"))] + [
            (str(i.id), f"{i.code} {i.title}")
            for i in CatalogItem.select()
            .where(CatalogItem.status == "active")
            .order_by(CatalogItem.catalog, CatalogItem.sort_order)
        ]
        return form

    def edit_form(self, obj=None):
        form = super().edit_form(obj)
        form.channels.choices = _channel_choices()
        if obj is not None and request.method == "GET":
            form.body.data = disclosures.current_version(obj).body
            form.channels.data = list(obj.channels)
        return form

    def create_model(self, form):
        raw = {
            "organization": int(form.organization.data or 0),
            "title": (form.title.data or "").strip(),
            "body": sanitize_body(form.body.data),
            "scope": form.scope.data,
            "channels": list(form.channels.data or []),
            "catalog_item": int(form.catalog_item.data) if form.catalog_item.data else None,
            "important": bool(form.important.data),
            "department": (form.department.data or "").strip(),
            "period_label": (form.period_label.data or "").strip(),
        }
        try:
            data = DraftInput().load(raw)
        except SchemaError as error:
            _schema_errors(form, error)
            return False
        try:
            organization = Organization.get_by_id(data["organization"])
            item = CatalogItem.get_by_id(data["catalog_item"]) if data["catalog_item"] else None
            return unit().create_draft(
                organization,
                self.person,
                data["title"],
                data["body"],
                data["scope"],
                data["channels"],
                catalog_item=item,
                important=data["important"],
                department=data["department"],
                period_label=data["period_label"],
            )
        except Exception as exc:
            if not self.handle_view_exception(exc):
                raise
            return False

    def update_model(self, form, model):
        raw = {
            "organization": model.organization_id,
            "title": (form.title.data or "").strip(),
            "body": sanitize_body(form.body.data),
            "scope": form.scope.data,
            "channels": list(form.channels.data or []),
        }
        try:
            data = DraftInput().load(raw)
        except SchemaError as error:
            _schema_errors(form, error)
            return False
        try:
            disclosures.edit_draft(
                unit(),
                model,
                self.person,
                title=data["title"],
                body=data["body"],
                scope=data["scope"],
                channels=data["channels"],
            )
            return True
        except Exception as exc:
            if not self.handle_view_exception(exc):
                raise
            return False

    def on_model_change(self, form, model, is_created):  # the services check
        pass

    # --- one item: details and its transitions -------------------------------------------

    @expose("/details/")
    def details_view(self):
        item = self.get_one(request.args.get("id"))
        if item is None:
            flash(_("没有找到该事项，或您无权查看。"), "error")
            return redirect(url_for(".index_view"))
        version = disclosures.current_version(item)
        # the gate's blocks and unclear markings are read from a run of the checks; the
        # findings listed come from the run stored with the version at submission
        results = secrecy.check_results(unit(), item, version)
        findings = review_results(item, version)
        if findings is None:
            findings = review_findings(results)
        events = (
            Event.select()
            .where((Event.subject_type == "disclosure") & (Event.subject_id == item.id))
            .order_by(Event.id)
        )
        offered = buttons(item, self.person)
        return self.render(
            self.details_template,
            procedures=disclosure_panel(
                item, self.person, republish=any(b.new_version for b in offered)
            ),
            model=item,
            item=item,
            version=version,
            versions=list(item.versions.order_by(DisclosureVersion.number.desc())),
            body_html=clean_html(version.body),
            findings=findings,
            highlighted=highlight(version.body, findings)
            if any(body_spans(r["finding"]) for r in findings)
            else None,
            buttons=offered,
            events=list(events),
            state_label=self.state_label(item),
            definition=unit().registry.workflows.get(item.workflow),
            scopes=[(s.value, s.label) for s in Scope],
            channel_choices=_channel_choices(),
            aspects=[(a, ASPECT_LABELS[a]) for a in REVIEW_ASPECTS],
            return_url=url_for(".index_view"),
            **files_context(item, self.person),
            **gate_context(item, self.person, results),
            **redaction_context(item, version, self.person),
            links=[
                link
                for view in self.admin._views
                if callable(getattr(view, "disclosure_link", None)) and view.is_accessible()
                for link in [view.disclosure_link(item)]
                if link
            ],
        )

    @expose("/transition/", methods=["POST"])
    def transition_view(self):
        form = AdminForm(request.form)
        item = self.get_one(request.form.get("id"))
        if not form.validate():
            flash(_("表单已失效，请刷新页面后重试。"), "error")
            return redirect(url_for(".index_view"))
        if item is None:
            flash(_("没有找到该事项，或您无权查看。"), "error")
            return redirect(url_for(".index_view"))
        raw: dict = {"name": request.form.get("name", "")}
        for key in ("comment", "title", "body", "scope"):
            if request.form.get(key):
                raw[key] = request.form[key]
        if "body" in raw:
            raw["body"] = sanitize_body(raw["body"])
        if request.form.get("lock_version"):
            raw["lock_version"] = request.form["lock_version"]  # TransitionInput bounds it
        findings = {
            a: request.form.get(f"finding_{a}", "").strip()
            for a in REVIEW_ASPECTS
            if request.form.get(f"finding_{a}", "").strip()
        }
        if findings:
            raw["findings"] = findings
        decision = {
            k: request.form.get(f"decision_{k}", "").strip()
            for k in ("meeting", "date", "decision")
        }
        if any(decision.values()):
            raw["collective_decision"] = decision
        if request.form.getlist("channels"):
            raw["channels"] = request.form.getlist("channels")
        if request.form.get("flag_important"):
            raw["flag_important"] = True
        if request.form.get("feedback"):
            raw["feedback"] = request.form["feedback"]  # the opinion a correction answers
        try:
            data = AdminTransitionInput().load(raw)
        except SchemaError as error:
            for field, messages in error.messages.items():
                flash(f"{field}: {messages}", "error")
            return redirect(url_for(".details_view", id=item.id))
        options = {}
        for key in ("title", "body", "scope", "channels", "flag_important", "feedback"):
            if key in data:
                options[key] = data[key]
        if "collective_decision" in data:
            cd = dict(data["collective_decision"])
            cd["date"] = cd["date"].isoformat()
            options["collective_decision"] = cd
        try:
            unit().fire(
                item,
                data["name"],
                self.person,
                comment=data.get("comment", ""),
                findings=data.get("findings"),
                expected_lock_version=data.get("lock_version"),
                **options,
            )
            definition = unit().registry.workflows.get(item.workflow)
            flash(
                _(
                    "“%(title)s”：%(label)s，现为%(state)s。",
                    title=item.title,
                    label=definition.transitions[data["name"]].label,
                    state=definition.state_label(item.state),
                ),
                "success",
            )
        except DangwuError as exc:
            flash(str(exc), "error")
        return redirect(url_for(".details_view", id=item.id))

    # --- files (附件) -------------------------------------------------------------------------

    def create_blueprint(self, admin):
        blueprint = super().create_blueprint(admin)
        blueprint.register_error_handler(413, self._body_too_large)
        return blueprint

    def _body_too_large(self, error):
        """A file over the limit: a message on the item's page, not an error page."""
        if request.endpoint != f"{self.endpoint}.upload_view":
            return error
        flash(
            _(
                "文件过大：附件不得超过 %(limit)s，未上传。",
                limit=size_label(unit().settings.attachment_max_bytes),
            ),
            "error",
        )
        if self.get_one(request.args.get("id")) is None:
            return redirect(url_for(".index_view"))
        return redirect(url_for(".details_view", id=request.args.get("id")))

    @expose("/attachments/upload/", methods=["POST"])
    def upload_view(self):
        item = self.get_one(request.args.get("id"))
        if item is None:
            flash(_("没有找到该事项，或您无权查看。"), "error")
            return redirect(url_for(".index_view"))
        back = redirect(url_for(".details_view", id=item.id))
        if not AdminForm(request.form).validate():
            flash(_("表单已失效，请刷新页面后重试。"), "error")
            return back
        upload = request.files.get("file")
        if upload is None or not upload.filename:
            flash(_("请选择要上传的文件。"), "error")
            return back
        try:
            added = attachments.add(unit(), item, upload.filename, upload.read(), self.person)
        except DangwuError as exc:
            flash(_("附件未上传：%(reason)s", reason=str(exc)), "error")
            return back
        flash(_("已上传附件“%(name)s”。", name=added.filename), "success")
        return back

    @expose("/attachments/remove/", methods=["POST"])
    def remove_attachment_view(self):
        item = self.get_one(request.args.get("id"))
        if item is None:
            flash(_("没有找到该事项，或您无权查看。"), "error")
            return redirect(url_for(".index_view"))
        back = redirect(url_for(".details_view", id=item.id))
        if not AdminForm(request.form).validate():
            flash(_("表单已失效，请刷新页面后重试。"), "error")
            return back
        aid = parse_int(request.form.get("attachment"))
        found = (
            Attachment.select(*attachments.META)
            .where((Attachment.id == aid) & (Attachment.disclosure == item.id))
            .first()
            if aid is not None
            else None
        )
        if found is None:
            flash(_("没有找到该附件。"), "error")
            return back
        try:
            attachments.remove(unit(), found, self.person, reason=request.form.get("reason", ""))
        except DangwuError as exc:
            flash(_("附件未删除：%(reason)s", reason=str(exc)), "error")
            return back
        flash(_("已删除附件“%(name)s”。", name=found.filename), "success")
        return back

    @expose("/attachments/download/")
    def download_attachment_view(self):
        """A file of an item in the person's working list, staged ones included (the portal's
        download serves only what readers see)."""
        item = self.get_one(request.args.get("id"))
        aid = parse_int(request.args.get("attachment"))
        if item is None or aid is None:
            abort(404)
        found = Attachment.get_or_none((Attachment.id == aid) & (Attachment.disclosure == item.id))
        if found is None:
            abort(404)
        response = Response(attachments.content(found), mimetype=None)
        response.headers["Content-Type"] = found.content_type
        response.headers["Content-Disposition"] = content_disposition(found.filename)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
        response.headers["Cache-Control"] = "private, no-store"
        return response

    # --- bulk actions: each item through the engine ----------------------------------------

    def _bulk(self, ids, kind: TransitionKind) -> None:
        """Fire, on each item, its workflow's step of ``kind`` from the item's state: the
        step's name is the sector's, its kind is core's (workflow/kinds.py)."""
        moved, refused = [], []
        for item in self.scoped_ids(ids):
            try:
                unit().fire(item, self._step_of_kind(item, kind), self.person)
                moved.append(item.title)
            except DangwuError as exc:
                refused.append(f"“{item.title}”：{exc}")
        missing = len([i for i in ids if parse_int(i) is not None]) - len(moved) - len(refused)
        if moved:
            flash(
                _("已办理 %(n)d 项：%(titles)s", n=len(moved), titles="、".join(moved)), "success"
            )
        for line in refused:
            flash(line, "error")
        if missing > 0:
            flash(_("%(n)d 项不在您的管理范围内，未办理。", n=missing), "error")

    def _step_of_kind(self, item: Disclosure, kind: TransitionKind) -> str:
        """The name of the step of ``kind`` leaving ``item``'s state; the one the person may
        fire when there are several; the engine gives the refusal when none is allowed."""
        definition = unit().registry.workflows.get(item.workflow)
        steps = [t.name for t in definition.transitions_of_kind(kind) if item.state in t.sources]
        if not steps:
            raise InvalidTransition(
                _(
                    "“%(state)s”状态下没有这一步骤（%(kind)s）",
                    state=definition.state_label(item.state),
                    kind=kind.value,
                )
            )
        allowed = set(unit().available_transitions(item, self.person))
        return next((name for name in steps if name in allowed), steps[0])

    @action(
        TransitionKind.APPROVE.value,
        _l("批量审批同意"),
        _l("逐项审批同意所选事项？无权审批的事项将被跳过。"),
    )
    def action_approve(self, ids):
        self._bulk(ids, TransitionKind.APPROVE)

    @action(
        TransitionKind.PUBLISH.value,
        _l("批量公开"),
        _l("逐项公开所选事项？无权公开的事项将被跳过。"),
    )
    def action_publish(self, ids):
        self._bulk(ids, TransitionKind.PUBLISH)

    @action(TransitionKind.REVIEW.value, _l("批量开始审核"), _l("对所选事项开始审核？"))
    def action_start_review(self, ids):
        self._bulk(ids, TransitionKind.REVIEW)

    def is_action_allowed(self, name: str) -> bool:
        if name == "delete":
            return False
        return access.may_anywhere(self.person, "admin.enter") and not self._read_only()

    def _read_only(self) -> bool:
        """A person whose only roles are supervisor (监督员) acts on nothing."""
        return not access.may_anywhere(self.person, "disclosure.act")
