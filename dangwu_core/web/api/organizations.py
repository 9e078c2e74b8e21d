"""Organizations, catalog items and obligations (应公开事项)."""

from __future__ import annotations

from flask.views import MethodView

from ...models import CatalogItem, Category, Obligation, Organization
from ...schemas import (
    CatalogItemArgs,
    CatalogItemSchema,
    ObligationArgs,
    ObligationSchema,
    OrganizationArgs,
    OrganizationSchema,
    page_of,
)
from ..caching import conditional
from ..reading import catalog_items, organization_by_code
from .paging import paginate
from .parsing import Blueprint

blp = Blueprint(
    "organizations", __name__, url_prefix="/api/v1", description="党组织、目录、应公开事项"
)


@blp.route("/organizations")
class Organizations(MethodView):
    decorators = [conditional]

    @blp.arguments(OrganizationArgs, location="query")
    @blp.response(200, page_of(OrganizationSchema))
    def get(self, args):
        """The organizations of the unit, in tree order."""
        query = Organization.select().where(Organization.is_active)
        if args.get("parent"):
            query = query.where(Organization.parent == organization_by_code(args["parent"]).id)
        return paginate(
            query.order_by(Organization.depth, Organization.sort_order, Organization.code), args
        )


@blp.route("/organizations/<code>")
class OrganizationDetail(MethodView):
    decorators = [conditional]

    @blp.response(200, OrganizationSchema)
    def get(self, code):
        """One organization, by its code."""
        return organization_by_code(code)


@blp.route("/catalog-items")
class CatalogItems(MethodView):
    decorators = [conditional]

    @blp.arguments(CatalogItemArgs, location="query")
    @blp.response(200, page_of(CatalogItemSchema))
    def get(self, args):
        """Catalog items (党务公开目录): of every active catalog, or those that apply to an
        organization."""
        if args.get("organization"):
            items = catalog_items(organization_by_code(args["organization"]))
            query = (
                CatalogItem.select(CatalogItem, Category)
                .join(Category)
                .where(CatalogItem.id.in_([i.id for i in items] or [0]))
            )
        else:
            query = CatalogItem.select(CatalogItem, Category).join(Category)
        if args.get("category"):
            query = query.where(Category.code == args["category"])
        return paginate(
            query.order_by(CatalogItem.catalog, Category.sort_order, CatalogItem.sort_order), args
        )


@blp.route("/obligations")
class Obligations(MethodView):
    decorators = [conditional]

    @blp.arguments(ObligationArgs, location="query")
    @blp.response(200, page_of(ObligationSchema))
    def get(self, args):
        """What was due (应公开事项) and its status: pending, on time, late, overdue..."""
        import datetime as dt

        query = (
            Obligation.select(Obligation, CatalogItem, Category, Organization)
            .join(CatalogItem)
            .join(Category)
            .switch(Obligation)
            .join(Organization)
        )
        if args.get("organization"):
            query = query.where(
                Obligation.organization == organization_by_code(args["organization"]).id
            )
        if args.get("category"):
            query = query.where(Category.code == args["category"])
        if args.get("period"):
            query = query.where(Obligation.period_label == args["period"])
        if args.get("status"):
            query = query.where(Obligation.status == args["status"])
        if args.get("year"):
            year = args["year"]
            query = query.where(
                (Obligation.period_start <= dt.date(year, 12, 31))
                & (Obligation.period_end >= dt.date(year, 1, 1))
            )
        return paginate(query.order_by(Obligation.due_date, Obligation.id), args)
