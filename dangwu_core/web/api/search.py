"""``/api/v1/search`` (filled in with the search service)."""

blp = None
