"""Pagination of API lists: ``page`` and ``per_page`` in, an envelope out."""

from __future__ import annotations

import math

from ..reading import shown


def _envelope(items: list, total: int, page: int, per_page: int) -> dict:
    return {
        "items": items,
        "page": page,
        "per_page": per_page,
        "total": total,
        "pages": math.ceil(total / per_page) if total else 0,
    }


def paginate(query, args) -> dict:
    """One page of a query (organizations, catalog items, obligations: tables that stay small)."""
    page, per_page = args["page"], args["per_page"]
    return _envelope(list(query.paginate(page, per_page)), query.count(), page, per_page)


def paginate_listing(listing, args) -> dict:
    """One page of a :class:`~dangwu_core.listing.Listing` of disclosures, newest first: its
    ids from the index, its rows in one statement, its total counted once per change. A page
    past the last is empty (200), as for every list of the API."""
    page, per_page = args["page"], args["per_page"]
    items = shown(listing.rows((page - 1) * per_page, per_page))
    return _envelope(items, listing.total(), page, per_page)
