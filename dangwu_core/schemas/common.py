"""Shapes every list and every error shares."""

from __future__ import annotations

import datetime as dt
from functools import cache

from marshmallow import EXCLUDE, Schema, fields

from .numbers import BoundedInteger

MAX_PER_PAGE = 100


class QueryArgs(Schema):
    """Base of query-string arguments: unknown ones are ignored, not refused."""

    class Meta:
        unknown = EXCLUDE


class PageArgs(QueryArgs):
    page = BoundedInteger(
        1,
        100_000,
        load_default=1,
        metadata={"description": "Page number, from 1."},
    )
    per_page = BoundedInteger(
        1,
        MAX_PER_PAGE,
        load_default=20,
        metadata={"description": f"Items per page, 1 to {MAX_PER_PAGE}."},
    )


class UTCDateTime(fields.DateTime):
    """A timestamp as stored (naive UTC), answered with its zone: ``2026-03-09T01:00:00+00:00``."""

    def _serialize(self, value, attr, obj, **kwargs):
        if isinstance(value, dt.datetime) and value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        return super()._serialize(value, attr, obj, **kwargs)


class ErrorDetailSchema(Schema):
    status = fields.Integer(required=True, metadata={"description": "The HTTP status."})
    message = fields.String(required=True, metadata={"description": "What went wrong."})
    fields = fields.Dict(
        keys=fields.String(),
        metadata={"description": "Messages by input field, when fields were at fault."},
    )


class ErrorSchema(Schema):
    """The one error body of the API: ``{"error": {"status", "message", "fields"?}}``."""

    error = fields.Nested(ErrorDetailSchema, required=True)


@cache
def page_of(item_schema: type[Schema]) -> type[Schema]:
    """The schema of one page of ``item_schema`` items (one class per item schema)."""
    name = item_schema.__name__.removesuffix("Schema") + "PageSchema"
    return Schema.from_dict(
        {
            "items": fields.List(fields.Nested(item_schema), required=True),
            "page": fields.Integer(required=True),
            "per_page": fields.Integer(required=True),
            "total": fields.Integer(required=True),
            "pages": fields.Integer(required=True),
        },
        name=name,
    )
