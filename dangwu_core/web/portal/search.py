"""``/search?q=…``: search everything the reader may see (dangwu_core.search)."""

from __future__ import annotations

from flask import render_template, request

from ... import search as engine
from ..caching import conditional
from ..reading import listed
from .blueprint import blueprint

PER_PAGE = 20


@blueprint.get("/search")
@conditional
def search():
    query = request.args.get("q", "").strip()[: engine.MAX_QUERY]
    page = request.args.get("page", "1")
    page = int(page) if page.isdigit() and 0 < int(page) < 10_000 else 1
    results = engine.search(query, listed(), page=page, per_page=PER_PAGE) if query else None
    return render_template("portal/search.html", query=query, results=results)
