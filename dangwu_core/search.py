"""Chinese full-text search behind one interface, the same on SQLite and PostgreSQL.

The index is CJK-bigram, as Lucene's CJK analyzer: a run of Chinese characters is indexed as
its overlapping character pairs (党费收缴 → 党费, 费收, 收缴) and as its single characters; a
run of letters and digits as one lower-case word. A query is cut the same way:

* one Chinese character looks up its unigram term;
* a Chinese word of two or more characters needs every one of its pairs (an indexed lookup
  each), then must appear as the phrase itself in the document's text — checked with ``LIKE``
  only on the rows the index found, never by a scan of the table;
* a word of letters or digits needs its term, then its text.

Parts of a query separated by spaces or punctuation must all match (AND). Results are ranked
by the summed weight of the matched terms (a title's occurrences count :data:`TITLE_WEIGHT`
times), then by publication date; they are paginated in SQL.

The reader's scope is applied inside the same SQL statement: :func:`search` receives the
reader's query of disclosures (``unit.listed_disclosures(person)``: readable *and* disclosed)
and adds the index to it. The index is kept by ``builtin/search_index.py`` on every workflow
transition (a publication, a re-publication with a new text); ``dangwu search reindex``
rebuilds it. A 党务公开日 sheet's sections are indexed only where every reader of the sheet may
read them (:func:`indexed_text`).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

import peewee
from markupsafe import Markup, escape

from .clock import utcnow
from .db import atomic
from .models import Disclosure, DisclosureSection, DisclosureVersion, SearchDocument, SearchTerm
from .text import plain_text

TITLE_WEIGHT = 5
MAX_QUERY = 100
MAX_TERMS = 40
MAX_WORD = 32
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_SEGMENT = re.compile(rf"[{_CJK}]+|[^\W_{_CJK}]+")


def normalize(text: str) -> str:
    """Full-width to half-width, compatibility forms folded, lower case (NFKC + casefold)."""
    return unicodedata.normalize("NFKC", text or "").casefold()


def segments(text: str) -> list[str]:
    """The runs of Chinese characters and the words of letters/digits of ``text``, normalized."""
    return [s[:MAX_WORD] if not _is_cjk(s) else s for s in _SEGMENT.findall(normalize(text))]


def _is_cjk(segment: str) -> bool:
    return bool(re.match(rf"[{_CJK}]", segment))


def terms(text: str) -> Counter:
    """The index terms of ``text`` and how often each occurs."""
    found: Counter = Counter()
    for segment in segments(text):
        if _is_cjk(segment):
            found.update(segment)
            found.update(segment[i : i + 2] for i in range(len(segment) - 1))
        else:
            found[segment] += 1
    return found


def query_terms(segment: str) -> list[str]:
    """The terms a query segment needs: its pairs (two characters or more), else itself."""
    if _is_cjk(segment) and len(segment) >= 2:
        return list(dict.fromkeys(segment[i : i + 2] for i in range(len(segment) - 1)))
    return [segment]


# --- Keeping the index ---------------------------------------------------------------------


def indexed_text(disclosure: Disclosure, version: DisclosureVersion | None) -> str:
    """The plain text of ``disclosure``'s ``version`` that the index holds: its body and, for
    a 党务公开日 sheet (003 §8(二)), the title and text of every section that every reader
    of the disclosure may read — none withheld (暂不宜公开), none of a narrower scope. A
    party-only section of a public sheet is never indexed, so no public search finds the
    sheet by its words (the index has no scope of its own)."""
    body = plain_text(version.body) if version else ""
    if version is None:
        return body
    parts = (
        DisclosureSection.select(DisclosureSection.title, DisclosureSection.body)
        .where(
            (DisclosureSection.disclosure == disclosure.id)
            & (DisclosureSection.version == version.number)
            & DisclosureSection.scope.is_null()
            & ~DisclosureSection.withheld
        )
        .order_by(DisclosureSection.position)
        .tuples()
    )
    return "\n".join([body, *(f"{title}\n{plain_text(text)}" for title, text in parts)])


def index(disclosure: Disclosure, *, force: bool = False) -> None:
    """(Re)index the current version of ``disclosure``; unless ``force``, nothing is written
    when the indexed text is already that version's (most transitions change a state, not
    the text: a sheet goes through six of them on its disclosure day). The text is all the
    terms come from (title, body, the sections every reader may read), so an unchanged text
    is an unchanged index."""
    version = DisclosureVersion.get_or_none(
        (DisclosureVersion.disclosure == disclosure.id)
        & (DisclosureVersion.number == disclosure.current_version)
    )
    title = version.title if version else disclosure.title
    body = indexed_text(disclosure, version)
    text = normalize(f"{title}\n{body}")
    indexed = (
        SearchDocument.select(SearchDocument.text)
        .where(SearchDocument.disclosure == disclosure.id)
        .scalar()
    )
    if indexed == text and not force:
        return
    weights = Counter({t: n * TITLE_WEIGHT for t, n in terms(title).items()})
    weights.update(terms(body))
    rows = [
        {"term": t, "disclosure": disclosure.id, "weight": w}
        for t, w in weights.items()
        if len(t) <= MAX_WORD
    ]
    with atomic():
        SearchTerm.delete().where(SearchTerm.disclosure == disclosure.id).execute()
        SearchDocument.delete().where(SearchDocument.disclosure == disclosure.id).execute()
        for start in range(0, len(rows), 500):
            SearchTerm.insert_many(rows[start : start + 500]).execute()
        SearchDocument.create(disclosure=disclosure.id, text=text, indexed_at=utcnow())


def reindex_all() -> int:
    """Rebuild the whole index; return the number of disclosures indexed."""
    count = 0
    for disclosure in Disclosure.select().order_by(Disclosure.id):
        index(disclosure, force=True)
        count += 1
    return count


# --- Searching -----------------------------------------------------------------------------


@dataclass
class Hit:
    disclosure: Disclosure
    score: int
    title_html: Markup
    snippet_html: Markup


@dataclass
class Results:
    query: str
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    page: int = 1
    per_page: int = 20

    @property
    def pages(self) -> int:
        return math.ceil(self.total / self.per_page) if self.total else 0


def search(
    text: str, readable: peewee.ModelSelect, *, page: int = 1, per_page: int = 20
) -> Results:
    """Search ``text`` among the disclosures of ``readable`` (the reader's query).

    :param readable: a query of :class:`Disclosure` already limited to what the reader may
        see; the index is joined into it, so the reader's scope is part of the search's SQL.
    """
    text = (text or "").strip()[:MAX_QUERY]
    parts = list(dict.fromkeys(segments(text)))
    results = Results(text, page=page, per_page=per_page)
    needed = list(dict.fromkeys(t for part in parts for t in query_terms(part)))[:MAX_TERMS]
    if not needed:
        return results
    score = peewee.fn.SUM(SearchTerm.weight).alias("score")
    matches = (
        SearchTerm.select(SearchTerm.disclosure.alias("doc"), score)
        .where(SearchTerm.term.in_(needed))
        .group_by(SearchTerm.disclosure)
        .having(peewee.fn.COUNT(SearchTerm.term) == len(needed))
        .alias("matches")
    )
    query = (
        readable.select_extend(matches.c.score.alias("rank"))
        .join(matches, on=(matches.c.doc == Disclosure.id))
        .join(SearchDocument, on=(SearchDocument.disclosure == Disclosure.id))
    )
    for part in parts:
        if len(part) > 1 or not _is_cjk(part):
            query = query.where(SearchDocument.text.contains(part))
    results.total = query.count()
    ordered = query.order_by(
        matches.c.score.desc(), Disclosure.published_at.desc(nulls="LAST"), Disclosure.id.desc()
    ).paginate(page, per_page)
    for row in ordered.objects():
        version = DisclosureVersion.get_or_none(
            (DisclosureVersion.disclosure == row.id)
            & (DisclosureVersion.number == row.current_version)
        )
        body = indexed_text(row, version)
        results.hits.append(
            Hit(row, int(row.rank), highlight(row.title, parts), snippet(body, parts))
        )
    return results


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
