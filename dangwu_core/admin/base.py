"""The admin's base view classes: one access check, one scoping rule, for every view.

Every view asks :mod:`dangwu_core.access` and decides nothing itself:

* ``is_accessible`` — the person may enter the admin (``admin.enter``: any officer role);
* ``get_query`` (and so the list, its count, the export and every bulk action) and
  ``get_one`` (details, edit, delete) keep the rows of the organizations where the person may
  take the view's ``read_action`` — where they hold one of its roles, and the subtrees where
  that role reaches down — filtered in SQL, never fetched and then hidden;
* ``can_create``/``can_edit``/``can_delete`` — the person may take the view's
  ``write_action`` somewhere; each saved or deleted row is checked again on its own
  organization (``on_model_change``/``on_model_delete``).

Forms are Flask-Admin ``SecureForm`` (a CSRF token on every form, bulk actions included).
"""

from __future__ import annotations

import datetime as dt

from flask import abort, current_app, flash, redirect, request, url_for
from flask_admin import AdminIndexView, BaseView, expose
from flask_admin.contrib.peewee import ModelView
from flask_admin.form import SecureForm
from flask_admin.model import typefmt
from flask_babel import gettext
from markupsafe import Markup

from .. import access
from ..errors import DangwuError, PermissionDenied
from ..schemas.numbers import parse_int
from ..web.arguments import id_or_404, int_arg
from ..web.auth import current_person


def unit():
    """The running unit of the current application."""
    return current_app.extensions["dangwu"]


def working_disclosure(disclosure_id):
    """The disclosure ``disclosure_id`` if the current person works on it (the admin's list
    rule: what they read by their roles, see ``access.admin_disclosures``), else None.

    For plugin views that print or export one item (an application form, a notice)."""
    from ..models import Disclosure

    pk = parse_int(disclosure_id)
    if pk is None:
        return None
    person = current_person()
    if person is None:
        return None
    query = access.admin_disclosures(person, unit().registry.workflows)
    return query.where(Disclosure.id == pk).first()


class AdminForm(SecureForm):
    """Every admin form: Flask-Admin's ``SecureForm`` that renders one CSRF token.

    Flask-Admin's form macro renders ``form.hidden_tag()`` when the form has one; without it,
    it adds a Flask-WTF ``csrf_token`` input *and* the form's own, so a browser posts two
    ``csrf_token`` values and the form validates the first, the wrong one ("Failed to create
    record"). This ``hidden_tag`` renders the form's hidden fields only, its token among them.
    """

    def hidden_tag(self, *fields) -> Markup:
        hidden = fields or [f for f in self if getattr(f.widget, "input_type", None) == "hidden"]
        # Each field renders itself as Markup; joining Markup escapes anything that is not.
        return Markup("").join(field() for field in hidden)


class AccessMixin:
    """``is_accessible`` and its refusal, shared by model views and plain views."""

    #: The action (a name in the permission registry) a person must be allowed somewhere to
    #: open the view. Every admin endpoint declares one this way (the endpoint meta-test
    #: checks it).
    enter_action = "admin.enter"

    @property
    def person(self):
        return current_person()

    @property
    def permissions(self):
        """The unit's permission registry (:class:`dangwu_core.permissions.Permissions`)."""
        return unit().registry.permissions

    def allowed(self, action: str, organization, **options) -> bool:
        """May the person take ``action`` on ``organization``? (the registry's decision)"""
        return access.allowed(
            self.person, action, organization, permissions=self.permissions, **options
        )

    def may_anywhere(self, action: str) -> bool:
        return access.may_anywhere(self.person, action, permissions=self.permissions)

    def organizations_for(self, action: str):
        return access.organizations_for(self.person, action, permissions=self.permissions)

    def organization_condition(self, action: str, field):
        """The SQL condition keeping ``field`` inside the organizations of ``action``."""
        return access.organization_condition(
            self.person, action, field, permissions=self.permissions
        )

    def is_accessible(self) -> bool:
        return self.may_anywhere(self.enter_action)

    def secure_form(self) -> SecureForm:
        """An empty CSRF-protected form: ``{{ admin_view.secure_form().csrf_token }}``."""
        return AdminForm()

    def inaccessible_callback(self, name, **kwargs):
        if self.person is None and "party.login" in current_app.view_functions:
            return redirect(url_for("party.login", next=request.full_path))
        return abort(403)


class DangwuIndexView(AccessMixin, AdminIndexView):
    """The admin's home: what waits for the person, and where to go."""

    @expose("/")
    def index(self):
        from .home import home_figures

        return self.render("dangwu_admin/index.html", **home_figures(self.person))


class DangwuView(AccessMixin, BaseView):
    """A plain admin page (dashboard, ledgers, reports, a plugin's page).

    A view that can show something about one disclosure (a printable form...) overrides
    :meth:`disclosure_link`; the disclosure's admin page then links to it.
    """

    def disclosure_link(self, disclosure) -> tuple[str, str] | None:
        """(label, URL) of this view for ``disclosure``, or None (the default)."""
        return None


def _local_time(view, value, name=None) -> str:
    """A stored instant (naive UTC) in the unit's time zone, to the minute."""
    tz = unit().settings.timezone
    from zoneinfo import ZoneInfo

    return value.replace(tzinfo=dt.UTC).astimezone(ZoneInfo(tz)).strftime("%Y-%m-%d %H:%M")


#: Timestamps are shown in the unit's time zone (they are stored in UTC).
TYPE_FORMATTERS = {**typefmt.BASE_FORMATTERS, dt.datetime: _local_time}
EXPORT_TYPE_FORMATTERS = {**typefmt.EXPORT_FORMATTERS, dt.datetime: _local_time}
DETAIL_TYPE_FORMATTERS = {**typefmt.DETAIL_FORMATTERS, dt.datetime: _local_time}


#: The bounds of a list's ``page`` (from 0) and ``page_size`` arguments.
MAX_PAGE, MAX_PAGE_SIZE = 1_000_000, 1000


class ScopedModelView(AccessMixin, ModelView):
    """A model view whose rows are limited to the person's organizations.

    :attr organization_field: the model's field naming the organization a row belongs to
        (``None``: rows belong to no organization, e.g. a catalog; every officer reads them).
    :attr read_action: who reads rows (``admin.read``: any officer role).
    :attr write_action: who creates, edits and deletes (None: read-only).
    """

    form_base_class = AdminForm
    organization_field: str | None = "organization"
    read_action = "admin.read"
    write_action: str | None = None
    allow_delete = False
    can_view_details = True
    can_export = True
    export_types = ["csv"]
    page_size = 50
    column_type_formatters = TYPE_FORMATTERS
    column_type_formatters_export = EXPORT_TYPE_FORMATTERS
    column_type_formatters_detail = DETAIL_TYPE_FORMATTERS

    def act_on_item(self, act, done: str, item_id=None):
        """Answer a POST that acts on one row of the view: find the row (``item_id``, by
        default the request's ``id`` argument) among those the person reads, check the form's
        token, run ``act(row)`` and go back to the row's page, flashing the error that
        ``act`` raised (a :class:`~dangwu_core.errors.DangwuError`) or ``done``."""
        item = self.get_one(request.args.get("id") if item_id is None else item_id)
        if item is None:
            flash(gettext("没有找到该事项，或您无权查看。"), "error")
            return redirect(url_for(".index_view"))
        back = redirect(url_for(".details_view", id=item.id))
        if not AdminForm(request.form).validate():
            flash(gettext("表单已失效，请刷新页面后重试。"), "error")
            return back
        try:
            act(item)
        except DangwuError as exc:
            flash(str(exc), "error")
            return back
        flash(done, "success")
        return back

    def search_placeholder(self) -> str:
        return gettext("搜索")

    # --- permissions ------------------------------------------------------------------

    @property
    def can_create(self) -> bool:
        return self.write_action is not None and self.may_anywhere(self.write_action)

    @property
    def can_edit(self) -> bool:
        return self.can_create

    @property
    def can_delete(self) -> bool:
        return self.allow_delete and self.can_create

    def organization_of(self, model) -> int | None:
        """The organization a row belongs to (for the write checks)."""
        if self.organization_field is None:
            return None
        return getattr(model, f"{self.organization_field}_id", None)

    def check_write(self, model) -> None:
        if self.write_action is None:
            raise PermissionDenied("this list is read-only")
        organization = self.organization_of(model)
        if organization is None and not access.is_superuser(self.person):
            raise PermissionDenied("only the unit administrator may change this")
        if organization is not None and not self.allowed(self.write_action, organization):
            raise PermissionDenied("you hold no role that may change this organization's rows")

    def on_model_change(self, form, model, is_created):
        self.check_write(model)

    def on_model_delete(self, model):
        self.check_write(model)

    def handle_view_exception(self, exc: Exception) -> bool:
        if isinstance(exc, DangwuError):
            flash(str(exc), "error")
            return True
        return super().handle_view_exception(exc)

    # --- scoping ----------------------------------------------------------------------

    def scope(self, query):
        """Keep the rows of the organizations where the person may take ``read_action``."""
        if self.organization_field is None:
            return query
        field = getattr(self.model, self.organization_field)
        if self.organization_field == "id":
            field = self.model.id
        return query.where(self.organization_condition(self.read_action, field))

    def get_query(self):
        return self.scope(self.model.select())

    def _get_list_extra_args(self):
        """Flask-Admin's list arguments, its integers read by the one parser (a 400 naming
        ``page`` rather than an overflowing OFFSET)."""
        args = super()._get_list_extra_args()
        args.page = int_arg("page", 0, low=0, high=MAX_PAGE)
        args.page_size = int_arg("page_size", 0, low=0, high=MAX_PAGE_SIZE)
        args.sort = int_arg("sort", None, low=0, high=1000)
        args.sort_desc = int_arg("desc", None, low=0, high=1)
        return args

    def get_one(self, id):
        pk = id_or_404(id)  # ASCII digits in the database's range; anything else is a 404
        if pk is None:
            return None
        return self.get_query().where(self.model._meta.primary_key == pk).first()

    def scoped_ids(self, ids) -> list:
        """The rows of ``ids`` (from a bulk action's form) the person may see, in order."""
        wanted = [pk for pk in (parse_int(i) for i in ids) if pk is not None]
        if not wanted:
            return []
        pk = self.model._meta.primary_key
        return list(self.get_query().where(pk.in_(wanted)).order_by(pk))
