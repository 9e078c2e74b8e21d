"""Text helpers shared by the index, the feeds and the pages."""

from __future__ import annotations

from html import unescape

import nh3


def plain_text(text: str) -> str:
    """``text`` without any markup (for snippets, feed summaries and the search index)."""
    if "<" not in (text or ""):
        return text or ""
    return unescape(nh3.clean(text, tags=set()))
