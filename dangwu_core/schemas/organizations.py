"""Organizations, catalog items and obligations as the API shows them."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from ..models import ObligationStatus, Scope
from .common import PageArgs, UTCDateTime
from .numbers import Year


class OrganizationSchema(Schema):
    code = fields.String(required=True)
    name = fields.String(required=True)
    short_name = fields.String()
    type = fields.String(required=True)
    sector = fields.String()
    kind = fields.String()
    parent = fields.Function(lambda o: o.parent.code if o.parent_id else None, allow_none=True)
    depth = fields.Integer()


class OrganizationArgs(PageArgs):
    parent = fields.String(
        validate=validate.Length(max=64),
        metadata={"description": "Only the children of the organization with this code."},
    )


class CatalogItemSchema(Schema):
    catalog = fields.Function(lambda i: i.catalog.code)
    catalog_version = fields.Function(lambda i: i.catalog.version)
    code = fields.String(required=True)
    title = fields.String(required=True)
    category = fields.Function(lambda i: i.category.code)
    category_name = fields.Function(lambda i: i.category.name)
    scope = fields.String()
    channels = fields.List(fields.String())
    time_limit = fields.String()
    cadence = fields.String(allow_none=True)
    proposing_department = fields.String()
    status = fields.String()


class CatalogItemArgs(PageArgs):
    organization = fields.String(
        validate=validate.Length(max=64),
        metadata={"description": "Only the items of catalogs that apply to this organization."},
    )
    category = fields.String(validate=validate.Length(max=64))


class ObligationSchema(Schema):
    id = fields.Integer()
    organization = fields.Function(lambda o: o.organization.code)
    catalog_item = fields.Function(lambda o: o.catalog_item.code)
    title = fields.Function(lambda o: o.catalog_item.title)
    category = fields.Function(lambda o: o.catalog_item.category.code)
    scope = fields.Function(lambda o: o.catalog_item.scope)
    period = fields.String(attribute="period_label")
    period_start = fields.Date()
    period_end = fields.Date()
    due_date = fields.Date()
    status = fields.String()
    fulfilled_at = UTCDateTime(allow_none=True)


class ObligationArgs(PageArgs):
    organization = fields.String(validate=validate.Length(max=64))
    category = fields.String(validate=validate.Length(max=64))
    period = fields.String(validate=validate.Length(max=64))
    status = fields.String(validate=validate.OneOf(ObligationStatus.values()))
    year = Year()


SCOPES = Scope.values()
