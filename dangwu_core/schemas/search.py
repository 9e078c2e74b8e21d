"""Search: the query and one page of hits."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from .common import PageArgs
from .disclosures import DisclosureSchema


class SearchArgs(PageArgs):
    q = fields.String(
        required=True,
        validate=validate.Length(min=1, max=100),
        metadata={"description": "Words to find; Chinese words of any length, mixed with ASCII."},
    )


class SearchHitSchema(Schema):
    disclosure = fields.Nested(DisclosureSchema, required=True)
    score = fields.Integer(required=True)
    title_html = fields.String(required=True, metadata={"description": "Matches in <mark>."})
    snippet_html = fields.String(required=True)


class SearchResultsSchema(Schema):
    query = fields.String(required=True)
    items = fields.List(fields.Nested(SearchHitSchema), required=True, attribute="hits")
    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)
    total = fields.Integer(required=True)
    pages = fields.Integer(required=True)
