"""Disclosure bodies and feedback are sanitized (nh3) before they are rendered.

Plain text (no markup) is escaped and split into paragraphs; markup keeps only the tags a
disclosure needs (paragraphs, lists, tables, emphasis, links without scripts).
"""

from __future__ import annotations

import nh3
from flask import Flask
from markupsafe import Markup, escape

from ..text import plain_text  # noqa: F401  (re-exported for templates and feeds)

TAGS = {
    "p", "br", "ul", "ol", "li", "strong", "em", "b", "i", "u", "h3", "h4", "table", "thead",
    "tbody", "tr", "th", "td", "blockquote", "a", "span",
}  # fmt: skip
ATTRIBUTES = {"a": {"href", "title"}, "td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan"}}


def clean_html(text: str) -> Markup:
    """Safe HTML for ``text``: sanitized markup, or escaped paragraphs of plain text."""
    text = text or ""
    if "<" not in text:
        paragraphs = [p.strip() for p in text.replace("\r\n", "\n").split("\n") if p.strip()]
        return Markup("".join(f"<p>{escape(p)}</p>" for p in paragraphs))  # nosec B704  # paragraphs escape()d
    return Markup(  # nosec B704  # the body as nh3 (ammonia) sanitized it to TAGS
        nh3.clean(text, tags=TAGS, attributes=ATTRIBUTES, url_schemes={"http", "https", "mailto"})
    )


def init_app(app: Flask) -> None:
    app.add_template_filter(clean_html, "clean_html")
