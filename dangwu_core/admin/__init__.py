"""The admin (Flask-Admin, ``/admin``): where office staff work all day.

:func:`init_admin` builds one ``flask_admin.Admin`` per application (never at module level:
tests build many apps), adds core's views and then every view plugins return from
``dangwu_register_admin_views(app)``. Views ask :mod:`dangwu_core.access` for everything (see
:mod:`.base`); the workflow buttons come from the engine (:mod:`.disclosures`).
"""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Flask
from flask_admin import Admin, BaseView
from flask_admin.theme import Bootstrap4Theme
from flask_babel import lazy_gettext as _l

from ..models import (
    Catalog,
    CatalogItem,
    Category,
    Delivery,
    Disclosure,
    DisclosureRequest,
    Event,
    Feedback,
    Filing,
    Obligation,
    Organization,
    Person,
    RoleAssignment,
    Subscriber,
)
from ..plugins import collect
from ..web import allow_larger_body
from ..web.security import csp_nonce
from .base import DangwuIndexView, DangwuView, ScopedModelView, unit, working_disclosure
from .batches import BatchView
from .dashboard import SupervisionView
from .deliveries import DeliveryView, SubscriberView
from .disclosures import DisclosureView, upload_limit
from .ledgers import LedgerView
from .procedures import ProcedureView
from .reports import ReportView
from .views import (
    CatalogItemView,
    CatalogView,
    CategoryView,
    DisclosureRequestView,
    EventView,
    FeedbackView,
    FilingView,
    ObligationView,
    OrganizationView,
    PersonView,
    RoleAssignmentView,
)

__all__ = ["DangwuView", "ScopedModelView", "init_admin", "unit", "working_disclosure"]

ORGANIZATIONS = _l("组织与人员")
CATALOGS = _l("公开目录")
WORK = _l("公开事项")
MASSES = _l("意见与申请")
SUPERVISION = _l("监督检查")


def core_views() -> list[BaseView]:
    """Core's views, fresh instances for one Admin."""
    return [
        DisclosureView(Disclosure, name=_l("公开事项"), endpoint="disclosure", category=WORK),
        ObligationView(Obligation, name=_l("应公开事项"), endpoint="obligation", category=WORK),
        BatchView(name=_l("本月党务公开"), endpoint="batches", category=WORK),
        EventView(Event, name=_l("审计记录"), endpoint="event", category=WORK),
        DeliveryView(Delivery, name=_l("投递记录"), endpoint="delivery", category=WORK),
        FeedbackView(Feedback, name=_l("意见建议"), endpoint="feedback", category=MASSES),
        DisclosureRequestView(
            DisclosureRequest, name=_l("依申请公开"), endpoint="request", category=MASSES
        ),
        FilingView(Filing, name=_l("备案"), endpoint="filing", category=MASSES),
        OrganizationView(
            Organization, name=_l("党组织"), endpoint="organization", category=ORGANIZATIONS
        ),
        PersonView(Person, name=_l("人员"), endpoint="person", category=ORGANIZATIONS),
        RoleAssignmentView(
            RoleAssignment, name=_l("角色分配"), endpoint="role", category=ORGANIZATIONS
        ),
        SubscriberView(
            Subscriber, name=_l("联动公开平台"), endpoint="subscriber", category=ORGANIZATIONS
        ),
        CatalogView(Catalog, name=_l("目录"), endpoint="catalog", category=CATALOGS),
        CategoryView(Category, name=_l("公开内容类别"), endpoint="category", category=CATALOGS),
        CatalogItemView(CatalogItem, name=_l("目录事项"), endpoint="item", category=CATALOGS),
        SupervisionView(name=_l("监督检查"), endpoint="supervision", category=SUPERVISION),
        LedgerView(name=_l("台帐导出"), endpoint="ledgers", category=SUPERVISION),
        ReportView(name=_l("年度报告"), endpoint="reports", category=SUPERVISION),
        ProcedureView(name=_l("办理"), endpoint="procedures"),
    ]


def init_admin(app: Flask, unit) -> Admin:
    """Build the admin of ``app``: core's views, then the plugins' views.

    Plugins' views come from ``dangwu_register_admin_views(app)``; each must be a new
    ``flask_admin.BaseView`` (a view instance belongs to one Admin).
    """
    # The admin's English (translations/), beside the web layer's catalog: Flask-Babel merges
    # the directories; the build leaves out ids the web layer already translates.
    babel = app.extensions.get("babel")
    if babel is not None:
        babel.translation_directories.append(str(Path(__file__).parent / "translations"))
    app.register_blueprint(
        Blueprint(
            "dangwu_admin_assets",
            __name__,
            template_folder="templates",
            static_folder="static",
            static_url_path="/admin-assets",
        )
    )
    admin = Admin(
        app,
        name=unit.settings.unit_name or "党务公开管理",
        url="/admin",
        index_view=DangwuIndexView(name=_l("工作台"), url="/admin"),
        theme=Bootstrap4Theme(base_template="dangwu_admin/master.html", fluid=True),
        # Flask-Admin's templates carry a few inline scripts: they run with the request's nonce.
        csp_nonce_generator=csp_nonce,
    )
    for view in core_views():
        admin.add_view(view)
    # Files go up to attachment_max_bytes; every other admin form keeps the small limit.
    allow_larger_body(app, "disclosure.upload_view", upload_limit)
    for _plugin, view in collect(
        unit.pm,
        "dangwu_register_admin_views",
        check=lambda v: isinstance(v, BaseView),
        expected="a flask_admin.BaseView",
        app=app,
    ):
        admin.add_view(view)
    app.extensions["dangwu_admin"] = admin
    return admin
