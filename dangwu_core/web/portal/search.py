"""``/search?q=…``: search everything the reader may see (dangwu_core.search)."""

from __future__ import annotations

from flask import render_template, request

from ... import search as engine
from ..arguments import int_arg
from ..caching import conditional
from ..reading import listed, shown
from .blueprint import blueprint

PER_PAGE = 20
MAX_PAGE = 10_000


@blueprint.get("/search")
@conditional
def search():
    query = request.args.get("q", "").strip()[: engine.MAX_QUERY]
    page = int_arg("page", 1, high=MAX_PAGE)
    order = engine.NEWEST if request.args.get("order") == engine.NEWEST else engine.RANKED
    results = (
        engine.search(query, listed(), page=page, per_page=PER_PAGE, order=order) if query else None
    )
    if results is not None:
        shown([hit.disclosure for hit in results.hits])  # the titles the reader sees
    return render_template("portal/search.html", query=query, results=results, order=order)
