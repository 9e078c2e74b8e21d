"""Searching: the index joined into the reader's query, a bounded set of candidates, one page
of hits loaded with what they show."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import peewee
from markupsafe import Markup, escape

from ..db import database
from ..models import CatalogItem, Category, Disclosure, Organization, SearchDocument
from ..redaction import shown_title
from .engines import engine_for
from .text import query_parts

#: At most this many matches are counted and ranked; more are told as "1000+".
TOTAL_CAP = 1000
RANKED = "rank"
NEWEST = "newest"
ORDERS = (RANKED, NEWEST)


@dataclass
class Hit:
    disclosure: Disclosure
    score: float
    title_html: Markup
    snippet_html: Markup


@dataclass
class Results:
    query: str
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    page: int = 1
    per_page: int = 20
    #: True when there are more than :data:`TOTAL_CAP` matches (``total`` is then the cap).
    total_capped: bool = False
    order: str = RANKED

    @property
    def pages(self) -> int:
        return math.ceil(self.total / self.per_page) if self.total else 0


def search(
    text: str,
    readable: peewee.ModelSelect,
    *,
    page: int = 1,
    per_page: int = 20,
    order: str = RANKED,
) -> Results:
    """Search ``text`` among the disclosures of ``readable`` (the reader's query).

    :param readable: a query of :class:`Disclosure` already limited to what the reader may
        see; the index is joined into it, so the reader's scope is part of the search's SQL.
    :param order: ``"rank"`` (default): the newest :data:`TOTAL_CAP` matches, best first
        (bm25 / ts_rank, a title counting more), then newest; ``"newest"``: every match,
        newest (most recently made) first, without ranking.
    """
    if order not in ORDERS:
        raise ValueError(f"order {order!r}: use one of {', '.join(ORDERS)}")
    text = (text or "").strip()
    parts = query_parts(text)
    results = Results(text, page=page, per_page=per_page, order=order)
    if not parts:
        return results
    db = database.obj
    engine = engine_for(db)
    start = (page - 1) * per_page
    if order == RANKED:
        found = engine.candidates(db, readable, parts, TOTAL_CAP + 1, ranked=True)
        count = len(found)
        found.sort(key=lambda hit: (-hit[1], -hit[0]))
        chosen = found[:TOTAL_CAP][start : start + per_page] if start < TOTAL_CAP else []
    else:
        chosen = engine.candidates(db, readable, parts, per_page, ranked=False, offset=start)
        few = page == 1 and len(chosen) < per_page  # all of them are on this page
        count = len(chosen) if few else _count(db, readable, parts)
    results.total = min(count, TOTAL_CAP)
    results.total_capped = count > TOTAL_CAP
    rows = _load([doc for doc, _ in chosen])
    for doc, score in chosen:
        row = rows.get(doc)
        if row is None:  # indexed, not (or no longer) stored: nothing to show
            continue
        disclosure, stored = row
        body = stored.body if stored is not None else ""
        results.hits.append(
            Hit(disclosure, score, highlight(shown_title(disclosure), parts), snippet(body, parts))
        )
    return results


def _count(db, readable, parts) -> int:
    """How many matches the reader may read, counted up to one more than the cap."""
    engine = engine_for(db)
    return len(engine.candidates(db, readable, parts, TOTAL_CAP + 1, ranked=False))


def _load(ids: list[int]) -> dict[int, tuple[Disclosure, SearchDocument | None]]:
    """The disclosures of ``ids`` with their organization, catalog item, category and
    indexed text, in one statement (however many hits a page has)."""
    if not ids:
        return {}
    query = (
        Disclosure.select(Disclosure, Organization, CatalogItem, Category, SearchDocument)
        .join(Organization, on=(Disclosure.organization == Organization.id))
        .switch(Disclosure)
        .join(CatalogItem, peewee.JOIN.LEFT_OUTER, on=(Disclosure.catalog_item == CatalogItem.id))
        .join(Category, peewee.JOIN.LEFT_OUTER, on=(CatalogItem.category == Category.id))
        .switch(Disclosure)
        .join(
            SearchDocument,
            peewee.JOIN.LEFT_OUTER,
            on=(SearchDocument.disclosure == Disclosure.id),
            attr="indexed",
        )
        .where(Disclosure.id.in_(ids))
    )
    found = {}
    for disclosure in query:
        stored = getattr(disclosure, "indexed", None)
        found[disclosure.id] = (disclosure, stored if stored and stored.title is not None else None)
    return found


def _pattern(parts: list[str]) -> re.Pattern | None:
    if not parts:
        return None
    return re.compile("|".join(re.escape(p) for p in sorted(parts, key=len, reverse=True)), re.I)


def highlight(text: str, parts: list[str]) -> Markup:
    """``text`` escaped, with every match of the query's parts in ``<mark>``."""
    pattern = _pattern(parts)
    if pattern is None:
        return escape(text)
    out, last = [], 0
    source = text or ""
    for match in pattern.finditer(source):
        out.append(escape(source[last : match.start()]))
        out.append(Markup("<mark>") + escape(match.group()) + Markup("</mark>"))
        last = match.end()
    out.append(escape(source[last:]))
    return Markup("").join(out)


def snippet(text: str, parts: list[str], width: int = 80) -> Markup:
    """A window of ``text`` around the first match, highlighted."""
    source = text or ""
    pattern = _pattern(parts)
    first = pattern.search(source) if pattern else None
    start = max((first.start() if first else 0) - width // 3, 0)
    piece = source[start : start + width]
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + width < len(source) else ""
    return escape(prefix) + highlight(piece, parts) + escape(suffix)
