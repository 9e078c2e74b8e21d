"""``/api/v1/search``: the portal's search, as JSON."""

from __future__ import annotations

from flask.views import MethodView

from ... import search
from ...schemas import SearchArgs, SearchResultsSchema
from ..caching import conditional
from ..reading import listed, shown
from .parsing import Blueprint

blp = Blueprint("search", __name__, url_prefix="/api/v1", description="全文检索")


@blp.route("/search")
class Search(MethodView):
    decorators = [conditional]

    @blp.arguments(SearchArgs, location="query")
    @blp.response(200, SearchResultsSchema)
    def get(self, args):
        """Search what the caller may read: Chinese words of one, two or more characters,
        mixed with ASCII words; ranked (or newest first: ``order=newest``), highlighted,
        paginated. Beyond 1000 matches the total is capped: ``total`` 1000 and
        ``total_capped`` true."""
        results = search.search(
            args["q"],
            listed(),
            page=args["page"],
            per_page=args["per_page"],
            order=args["order"],
        )
        shown([hit.disclosure for hit in results.hits])  # the titles the caller sees
        return results
