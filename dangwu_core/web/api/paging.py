"""Pagination of API lists: ``page`` and ``per_page`` in, an envelope out."""

from __future__ import annotations

import math


def paginate(query, args) -> dict:
    page, per_page = args["page"], args["per_page"]
    total = query.count()
    return {
        "items": list(query.paginate(page, per_page)),
        "page": page,
        "per_page": per_page,
        "total": total,
        "pages": math.ceil(total / per_page) if total else 0,
    }
