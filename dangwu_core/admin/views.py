"""The admin's model views: organizations, people and roles, catalogs, obligations, events,
feedback, requests and filings. Disclosures have their own module (:mod:`.disclosures`).

Writes go through the services (``unit.create_organization``, ``people.assign_role``...), so
the admin changes nothing the CLI or the API could not, and every change is an audit event.
Catalogs, their categories and items are read-only here: they come from signed catalog
packages (``dangwu catalog install``), and changing an item needs the issuer's approval.
"""

from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask_admin import expose
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError as SchemaError
from wtforms import BooleanField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from .. import access, disclosure_requests, organizations, people
from ..errors import DangwuError, PermissionDenied
from ..models import (
    CatalogItem,
    DisclosureRequest,
    Event,
    Filing,
    Obligation,
    Organization,
    Person,
    Role,
    RoleAssignment,
    Scope,
)
from ..schemas.admin import RequestStepInput
from ..schemas.numbers import parse_int
from .base import AdminForm, ScopedModelView, unit
from .labels import COLUMNS, VOCABULARIES, badge, vocabulary


def vocabulary_label(name: str, value: str) -> str:
    return VOCABULARIES[name].get(value, value)


def _org_choices(person, action: str) -> list[tuple[str, str]]:
    query = Organization.select().where(
        access.organization_condition(person, action, Organization.id)
    )
    return [(str(o.id), f"{o.name}（{o.code}）") for o in query.order_by(Organization.code)]


# --- Organizations ---------------------------------------------------------------------


class OrganizationCreateForm(AdminForm):
    code = StringField(_l("编码"), validators=[DataRequired(), Length(max=64)])
    name = StringField(_l("名称"), validators=[DataRequired(), Length(max=200)])
    short_name = StringField(_l("简称"), validators=[Optional(), Length(max=100)])
    type = SelectField(_l("类型"), validators=[DataRequired()])
    parent = SelectField(_l("上级党组织"))
    sort_order = IntegerField(_l("排序"), default=0, validators=[Optional()])


class OrganizationEditForm(AdminForm):
    name = StringField(_l("名称"), validators=[DataRequired(), Length(max=200)])
    short_name = StringField(_l("简称"), validators=[Optional(), Length(max=100)])
    sort_order = IntegerField(_l("排序"), default=0, validators=[Optional()])
    is_active = BooleanField(_l("有效"))


class OrganizationView(ScopedModelView):
    """党组织: the tree, with breadcrumbs on every organization's page."""

    organization_field = "id"
    write_action = "admin.manage_organizations"
    column_list = ("code", "name", "type", "kind", "parent", "is_active")
    column_labels = COLUMNS
    column_searchable_list = ("code", "name")
    column_filters = ("type", "sector", "kind", "is_active")
    column_default_sort = "code"
    column_details_list = ("code", "name", "short_name", "type", "sector", "kind", "parent")
    details_template = "dangwu_admin/organization_details.html"
    list_template = "dangwu_admin/organization_list.html"

    def get_create_form(self):
        return OrganizationCreateForm

    def get_edit_form(self):
        return OrganizationEditForm

    def create_form(self, obj=None):
        form = super().create_form(obj)
        form.type.choices = [
            (t.name, f"{t.label}（{t.name}）") for t in unit().registry.organization_types
        ]
        roots = [("", "—")] if access.is_superuser(self.person) else []
        form.parent.choices = roots + _org_choices(self.person, self.write_action)
        return form

    def organization_of(self, model):
        return model.parent_id if model.id is None else model.id

    def create_model(self, form):
        parent = Organization.get_by_id(int(form.parent.data)) if form.parent.data else None
        try:
            if parent is None and not access.is_superuser(self.person):
                raise PermissionDenied("only the unit administrator creates a root organization")
            if parent is not None and not self.allowed(self.write_action, parent):
                raise PermissionDenied(f"you may not add organizations under {parent.name}")
            return unit().create_organization(
                code=form.code.data.strip(),
                name=form.name.data.strip(),
                short_name=(form.short_name.data or "").strip(),
                type=form.type.data,
                parent=parent,
                sort_order=form.sort_order.data or 0,
            )
        except Exception as exc:
            if not self.handle_view_exception(exc):
                raise
            return False

    def update_model(self, form, model):
        try:
            self.check_write(model)
            changes = {
                "name": form.name.data.strip(),
                "short_name": (form.short_name.data or "").strip(),
                "sort_order": form.sort_order.data or 0,
                "is_active": bool(form.is_active.data),
            }
            organizations.edit(model, actor=self.person, **changes)
            return True
        except Exception as exc:
            if not self.handle_view_exception(exc):
                raise
            return False

    @expose("/tree/")
    def tree_view(self):
        """The tree of every organization the person reads, nested."""
        visible = {
            row.id
            for row in Organization.select(Organization.id).where(
                self.organization_condition(self.read_action, Organization.id)
            )
        }
        # Roots of the visible part: visible organizations whose parent is not visible.
        roots = (
            Organization.select()
            .where(Organization.id.in_(list(visible)) if visible else Organization.id == -1)
            .order_by(Organization.depth, Organization.sort_order, Organization.code)
        )
        trees = []
        for root in roots:
            if root.parent_id in visible:
                continue
            trees.extend(organizations.tree(root))
        return self.render("dangwu_admin/organization_tree.html", trees=trees)

    def breadcrumbs(self, model) -> list[Organization]:
        return organizations.ancestors(model, include_self=True)

    # --- moving an organization (调整隶属关系), with its subtree ------------------------------

    def may_move(self, model) -> bool:
        return self.allowed(self.write_action, model)

    def parent_choices(self, model) -> list[tuple[str, str]]:
        """Where the person may put ``model``: organizations they manage (the service refuses
        a cycle or a parent of the wrong type, with its reason), the root for a superuser."""
        roots = [("", _("（无上级：作为根组织）"))] if access.is_superuser(self.person) else []
        return roots + [
            (value, label)
            for value, label in _org_choices(self.person, self.write_action)
            if value != str(model.id)
        ]

    @expose("/move/", methods=["POST"])
    def move_view(self):
        model = self.get_one(request.args.get("id"))
        if model is None:
            flash(_("没有找到该党组织，或您无权查看。"), "error")
            return redirect(url_for(".index_view"))
        back = redirect(url_for(".details_view", id=model.id))
        if not AdminForm(request.form).validate():
            flash(_("表单已失效，请刷新页面后重试。"), "error")
            return back
        raw = request.form.get("parent", "")
        parent_id = parse_int(raw)
        new_parent = None
        if parent_id is not None:
            new_parent = Organization.get_or_none(Organization.id == parent_id)
        if raw and new_parent is None:
            flash(_("没有找到所选的上级党组织。"), "error")
            return back
        may_put_there = (
            access.is_superuser(self.person)
            if new_parent is None
            else self.allowed(self.write_action, new_parent)
        )
        if not (self.may_move(model) and may_put_there):
            flash(_("您无权调整“%(name)s”的隶属关系。", name=model.name), "error")
            return back
        try:
            unit().move_organization(
                model,
                new_parent,
                actor=self.person,
                reason=(request.form.get("reason") or "").strip()[:500],
            )
        except DangwuError as exc:
            flash(_("未调整隶属关系：%(reason)s", reason=str(exc)), "error")
            return back
        flash(
            _(
                "已将“%(name)s”（连同下级组织）调整到“%(parent)s”之下。",
                name=model.name,
                parent=new_parent.name if new_parent else _("根"),
            ),
            "success",
        )
        return back


# --- People and their roles --------------------------------------------------------------


class PersonForm(AdminForm):
    name = StringField(_l("姓名"), validators=[DataRequired(), Length(max=100)])
    phone = StringField(_l("电话"), validators=[Optional(), Length(max=32)])
    email = StringField(_l("电子邮箱"), validators=[Optional(), Length(max=200)])
    is_party_member = BooleanField(_l("党员"), default=True)
    contact_note = StringField(_l("联系备注"), validators=[Optional(), Length(max=200)])


class PersonView(ScopedModelView):
    """人员: the people who hold a role on the person's organizations."""

    write_action = "admin.manage_people"
    column_list = ("name", "phone", "email", "is_party_member")
    column_labels = {**COLUMNS, "name": _l("姓名")}
    column_searchable_list = ("name", "phone")
    column_default_sort = "name"

    def get_create_form(self):
        return PersonForm

    def get_edit_form(self):
        return PersonForm

    def scope(self, query):
        held = self.organizations_for(self.read_action)
        if held is None:
            return query
        holders = RoleAssignment.select(RoleAssignment.person).where(
            RoleAssignment.organization.in_(held)
        )
        return query.where(Person.id.in_(holders))

    def check_write(self, model):
        if not self.may_anywhere(self.write_action):
            raise PermissionDenied("you may not manage people")

    def create_model(self, form):
        try:
            self.check_write(None)
            return people.create_person(
                form.name.data.strip(),
                actor=self.person,
                phone=form.phone.data or "",
                email=form.email.data or "",
                is_party_member=bool(form.is_party_member.data),
                contact_note=form.contact_note.data or "",
            )
        except Exception as exc:
            if not self.handle_view_exception(exc):
                raise
            return False

    def update_model(self, form, model):
        try:
            self.check_write(model)
            changes = {
                "name": form.name.data.strip(),
                "phone": form.phone.data or "",
                "email": form.email.data or "",
                "is_party_member": bool(form.is_party_member.data),
                "contact_note": form.contact_note.data or "",
            }
            people.edit_person(model, actor=self.person, **changes)
            return True
        except Exception as exc:
            if not self.handle_view_exception(exc):
                raise
            return False


class RoleAssignmentForm(AdminForm):
    person = SelectField(_l("人员"), validators=[DataRequired()])
    organization = SelectField(_l("党组织"), validators=[DataRequired()])
    role = SelectField(_l("角色"), choices=[SelectChoice(r.value, r.label) for r in Role])
    reaches_down = BooleanField(_l("覆盖下级组织"))
    department = StringField(_l("承办部门"), validators=[Optional(), Length(max=100)])


class RoleAssignmentView(ScopedModelView):
    """角色: who holds which role on which organization (and below it)."""

    write_action = "admin.manage_people"
    allow_delete = True
    #: One at a time, through people.revoke_role: the list's bulk delete would skip the event.
    action_disallowed_list = ["delete"]
    can_edit = False
    column_list = ("person", "organization", "role", "reaches_down", "department")
    column_labels = COLUMNS
    column_formatters = {"role": vocabulary("role", "role")}
    column_filters = ("role", "reaches_down")
    column_searchable_list = (Person.name, Organization.name)

    def get_query(self):
        return self.scope(RoleAssignment.select().join(Person).switch().join(Organization))

    def _handle_join(self, query, field, joins):
        """Flask-Admin joins the model of a searched column; :meth:`get_query` has joined
        both already (joining again was a 500 on every search)."""
        joins.update({Person.__name__, Organization.__name__})
        return super()._handle_join(query, field, joins)

    def get_create_form(self):
        return RoleAssignmentForm

    def create_form(self, obj=None):
        form = super().create_form(obj)
        form.person.choices = [
            (str(p.id), p.name) for p in Person.select().order_by(Person.name, Person.id)
        ]
        form.organization.choices = _org_choices(self.person, self.write_action)
        return form

    def create_model(self, form):
        try:
            organization = Organization.get_by_id(int(form.organization.data))
            if not self.allowed(self.write_action, organization):
                raise PermissionDenied(f"you may not give roles on {organization.name}")
            return people.assign_role(
                Person.get_by_id(int(form.person.data)),
                organization,
                form.role.data,
                reaches_down=bool(form.reaches_down.data),
                department=(form.department.data or "").strip(),
                actor=self.person,
            )
        except Exception as exc:
            if not self.handle_view_exception(exc):
                raise
            return False

    def delete_model(self, model):
        try:
            self.check_write(model)
            people.revoke_role(model, actor=self.person)
            return True
        except Exception as exc:
            if not self.handle_view_exception(exc):
                raise
            return False


# --- Catalogs (read-only: they come from signed packages) ------------------------------


class CatalogView(ScopedModelView):
    """党务公开目录: installed catalog versions (read-only; see ``dangwu catalog``)."""

    organization_field = None
    column_list = (
        "code",
        "title",
        "version",
        "issuer_name",
        "targets",
        "effective_date",
        "status",
    )
    column_labels = COLUMNS
    column_default_sort = ("code", False)
    #: organization types and named organizations (``Catalog.targets``)
    column_formatters = {
        "status": vocabulary("item_status", "status"),
        "targets": lambda view, context, model, name: model.targets,
    }


class CategoryView(ScopedModelView):
    """公开内容类别 (from the catalog package)."""

    organization_field = None
    column_list = ("catalog", "code", "name", "sort_order")
    column_labels = COLUMNS
    column_default_sort = "sort_order"


class CatalogItemView(ScopedModelView):
    """目录事项: what, to whom, how, how often, proposed by which department."""

    organization_field = None
    column_list = (
        "catalog",
        "code",
        "title",
        "category",
        "scope",
        "time_limit",
        "cadence",
        "proposing_department",
        "status",
    )
    column_labels = COLUMNS
    column_searchable_list = ("title", "code")
    column_filters = ("scope", "time_limit", "status", "important")
    column_formatters = {
        "scope": vocabulary("scope", "scope"),
        "time_limit": vocabulary("time_limit", "time_limit"),
        "status": vocabulary("item_status", "status"),
    }


# --- Obligations, events ---------------------------------------------------------------


class ObligationView(ScopedModelView):
    """应公开事项: due, on time, late, overdue, not suitable (kept by the obligation engine)."""

    column_list = (
        "organization",
        "catalog_item",
        "period_label",
        "due_date",
        "status",
        "fulfilled_at",
    )
    column_labels = COLUMNS
    column_filters = ("status", "due_date", "period_label")
    column_default_sort = ("due_date", True)
    column_formatters = {"status": badge("obligation", "status")}
    details_template = "dangwu_admin/obligation_details.html"

    def get_query(self):
        return self.scope(Obligation.select().join(Organization).switch().join(CatalogItem))

    def panel(self, model) -> dict:
        """Demanding a proposal (004 五(一)) on the obligation's page (admin/panels.py)."""
        from .panels import obligation_panel

        return obligation_panel(model, self.person)


class EventView(ScopedModelView):
    """审计记录: the append-only, hash-chained events (read-only, never deleted)."""

    can_export = True
    column_list = ("at", "actor", "organization", "action", "from_state", "to_state", "reason")
    column_labels = COLUMNS
    column_filters = ("action", "subject_type", "at")
    column_default_sort = ("at", True)
    column_details_list = (
        "at",
        "actor",
        "organization",
        "action",
        "subject_type",
        "subject_id",
        "from_state",
        "to_state",
        "reason",
        "payload",
        "hash",
    )


# --- Feedback, requests, filings --------------------------------------------------------


class AnswerForm(AdminForm):
    answer = TextAreaField(_l("答复"), validators=[DataRequired(), Length(max=5000)])


class FeedbackView(ScopedModelView):
    """意见建议: received, handled, answered; past-due ones marked."""

    column_list = (
        "receipt_number",
        "organization",
        "created_at",
        "reporter_kind",
        "body",
        "status",
        "due_date",
    )
    column_labels = COLUMNS
    column_filters = ("status", "reporter_kind", "due_date", "important")
    column_default_sort = ("created_at", True)
    column_formatters = {
        "status": badge("feedback", "status"),
        "reporter_kind": vocabulary("reporter_kind", "reporter_kind"),
        "body": lambda v, c, m, n: (m.body[:60] + "…") if len(m.body) > 60 else m.body,
    }
    details_template = "dangwu_admin/feedback_details.html"

    def panel(self, model) -> dict:
        """Escalation, closing and corrections on the feedback's page (admin/panels.py)."""
        from .panels import feedback_panel

        return feedback_panel(model, self.person)

    @expose("/answer/", methods=["POST"])
    def answer_view(self):
        from .. import feedback as feedback_service

        item = self.get_one(request.args.get("id"))
        if item is None:
            return redirect(url_for(".index_view"))
        form = AnswerForm(request.form)
        if form.validate():
            try:
                feedback_service.answer(item, self.person, form.answer.data, unit=unit())
                flash(_l("已答复"), "success")
            except Exception as exc:
                if not self.handle_view_exception(exc):
                    raise
        else:
            flash("; ".join(e for errors in form.errors.values() for e in errors), "error")
        return redirect(url_for(".details_view", id=item.id))


#: The steps of handling a request, as the admin names them (the labels of the registry's
#: ``request.*`` actions, in :mod:`dangwu_core.actions`, marked here for translation).
REQUEST_STEP_LABELS = {
    "acknowledge": _l("受理"),
    "ask_completion": _l("要求补正"),
    "extend": _l("延期答复"),
    "grant": _l("同意公开"),
    "refuse": _l("不予公开"),
    "review_refusal": _l("审定不予公开理由"),
}


def request_step_label(step: str) -> str:
    """The admin's label of a step: translated for core's, the action's label for a
    plugin's."""
    if step in REQUEST_STEP_LABELS:
        return str(REQUEST_STEP_LABELS[step])
    action = unit().registry.permissions.get(f"request.{step}")
    return action.label if action is not None else step


#: How the request's history names each event (the action after ``request.``).
REQUEST_EVENT_LABELS = {
    **REQUEST_STEP_LABELS,
    "submit": _l("提交申请"),
    "complete": _l("申请人补正"),
    "refusal_upheld": _l("上级审定：同意不予公开"),
    "refusal_overturned": _l("上级审定：退回重新办理"),
    "notify_applicant": _l("告知申请人"),
}


class DisclosureRequestView(ScopedModelView):
    """依申请公开: applications, their deadlines and decisions; on each request, the steps the
    person may take now (``access.request_actions``), each through
    :mod:`dangwu_core.disclosure_requests` with the input it needs.

    Besides the requests of their own organizations, officers who review refusals
    (``request.review_refusal``) see those of the organizations directly below them.
    """

    details_template = "dangwu_admin/request_details.html"
    column_details_list = (
        "receipt_number",
        "organization",
        "created_at",
        "applicant_name",
        "applicant_contact",
        "applicant_is_member",
        "subject",
        "content",
        "status",
        "deadline",
        "extended",
        "extension_reason",
        "decision_reason",
        "grant_scope",
    )

    column_list = (
        "receipt_number",
        "organization",
        "created_at",
        "applicant_name",
        "subject",
        "status",
        "deadline",
    )
    column_labels = {
        **COLUMNS,
        "applicant_contact": _l("联系方式"),
        "applicant_is_member": _l("党员"),
        "content": _l("申请内容"),
        "extended": _l("已延期"),
        "extension_reason": _l("延期理由"),
        "grant_scope": _l("公开范围"),
    }
    column_filters = ("status", "deadline")
    column_default_sort = ("created_at", True)
    column_formatters = {
        "status": badge("request", "status"),
        "grant_scope": lambda v, c, m, n: (
            VOCABULARIES["scope"].get(m.grant_scope, "") if m.grant_scope else ""
        ),
    }

    def scope(self, query):
        held = self.organizations_for(self.read_action)
        if held is None:
            return query
        below = self.organizations_for("request.review_refusal")
        return query.where(
            DisclosureRequest.organization.in_(held) | DisclosureRequest.organization.in_(below)
        )

    def request_steps(self, model) -> list[tuple[str, str]]:
        """(step, label) of what the person may do on ``model`` now."""
        return [
            (step, request_step_label(step))
            for step in access.request_actions(self.person, model, permissions=self.permissions)
        ]

    def request_events(self, model) -> list:
        return list(
            Event.select()
            .where((Event.subject_type == "disclosure_request") & (Event.subject_id == model.id))
            .order_by(Event.id)
        )

    def event_label(self, event) -> str:
        name = event.action.removeprefix("request.")
        return str(REQUEST_EVENT_LABELS.get(name, event.action))

    def scope_choices(self) -> list[tuple[str, str]]:
        return [(s.value, s.label) for s in Scope]

    @expose("/act/", methods=["POST"])
    def act_view(self):
        item = self.get_one(request.args.get("id"))
        if item is None:
            flash(_("没有找到该申请，或您无权查看。"), "error")
            return redirect(url_for(".index_view"))
        back = redirect(url_for(".details_view", id=item.id))
        if not AdminForm(request.form).validate():
            flash(_("表单已失效，请刷新页面后重试。"), "error")
            return back
        raw = {
            key: request.form[key]
            for key in ("step", "reason", "scope")
            if request.form.get(key) is not None
        }
        for key in ("partial", "upheld"):
            if request.form.get(key) is not None:
                raw[key] = request.form[key] in ("1", "true", "on")
        try:
            data = RequestStepInput().load(raw)
        except SchemaError as error:
            for field, messages in error.messages.items():
                flash(f"{field}: {messages}", "error")
            return back
        step, reason = data["step"], data["reason"].strip()
        if step not in access.request_actions(self.person, item, permissions=self.permissions):
            flash(
                _(
                    "您现在不能对申请 %(number)s 办理“%(step)s”。",
                    number=item.receipt_number,
                    step=REQUEST_STEP_LABELS.get(step, step),
                ),
                "error",
            )
            return back
        try:
            if step == "acknowledge":
                done = disclosure_requests.acknowledge(item, self.person)
            elif step == "ask_completion":
                done = disclosure_requests.ask_completion(item, self.person, reason)
            elif step == "extend":
                done = disclosure_requests.extend(unit(), item, self.person, reason)
            elif step == "grant":
                done = disclosure_requests.grant(
                    item,
                    self.person,
                    reason=reason,
                    partial=data["partial"],
                    scope=data["scope"],
                    unit=unit(),
                )
            elif step == "refuse":
                done = disclosure_requests.refuse(item, self.person, reason, unit=unit())
            else:
                done = disclosure_requests.review_refusal(
                    item, self.person, upheld=data["upheld"], opinion=reason
                )
        except DangwuError as exc:
            flash(str(exc), "error")
            return back
        flash(
            _(
                "申请 %(number)s：%(step)s，现为%(status)s。",
                number=done.receipt_number,
                step=REQUEST_STEP_LABELS[step],
                status=vocabulary_label("request", done.status),
            ),
            "success",
        )
        return back


class FilingView(ScopedModelView):
    """备案: what an organization filed, and what was filed with it (the upper organization)."""

    column_list = ("created_at", "organization", "upper_organization", "kind", "title", "status")
    column_labels = COLUMNS
    column_filters = ("kind", "status")
    column_default_sort = ("created_at", True)
    column_formatters = {
        "kind": vocabulary("filing_kind", "kind"),
        "status": vocabulary("filing_status", "status"),
    }

    def scope(self, query):
        held = self.organizations_for(self.read_action)
        if held is None:
            return query
        return query.where(Filing.organization.in_(held) | Filing.upper_organization.in_(held))
