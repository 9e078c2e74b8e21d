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
    order = fields.String(
        load_default="rank",
        validate=validate.OneOf(["rank", "newest"]),
        metadata={
            "description": "rank (default): the newest 1000 matches, best first; "
            "newest: every match, the most recently made first, without ranking."
        },
    )


class SearchHitSchema(Schema):
    disclosure = fields.Nested(DisclosureSchema, required=True)
    score = fields.Float(
        required=True,
        metadata={"description": "Relevance (bm25 / ts_rank, higher is better); 0 for newest."},
    )
    title_html = fields.String(required=True, metadata={"description": "Matches in <mark>."})
    snippet_html = fields.String(required=True)


class SearchResultsSchema(Schema):
    query = fields.String(required=True)
    items = fields.List(fields.Nested(SearchHitSchema), required=True, attribute="hits")
    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)
    total = fields.Integer(
        required=True,
        metadata={"description": "Matches found; at most 1000 (see total_capped)."},
    )
    total_capped = fields.Boolean(
        required=True,
        metadata={
            "description": "True when there are more than 1000 matches: total is then 1000 "
            '("1000+") and only their first 1000 are paged.'
        },
    )
    order = fields.String(required=True, metadata={"description": "rank or newest."})
    pages = fields.Integer(required=True)
