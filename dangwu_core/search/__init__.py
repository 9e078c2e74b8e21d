"""Chinese full-text search on the database's own engine, behind one interface.

``from dangwu_core import search``; ``search.search(text, readable)`` finds, ``search.index``
keeps one disclosure's entry, ``search.reindex`` all of them.

Text is cut as Lucene's CJK analyzer cuts it (:mod:`.text`): a run of Chinese characters
into its overlapping character pairs, a run of letters and digits into one lower-case word.
A query matches as a ``LIKE`` over the title and indexed body would, part by part (parts
separated by spaces or punctuation must all match): a Chinese word as the phrase of its
pairs, one Chinese character anywhere, a word of letters or digits as a word. The index is
the database's own (:mod:`.engines`): SQLite FTS5, PostgreSQL ``tsvector`` under GIN.

The reader's scope is applied inside the same SQL statement: :func:`search` receives the
reader's query of disclosures (``unit.listed_disclosures(person)``: readable *and* disclosed)
and joins the index into it. Results are the newest :data:`TOTAL_CAP` matches ranked (bm25 /
ts_rank, a title weighing more), or every match newest first (``order="newest"``); more than
the cap is told as a capped total ("1000+"). The index is kept by ``builtin/search_index.py``
on every workflow transition; ``dangwu search reindex`` brings all of it up to date in
bounded batches. A 党务公开日 sheet's sections are indexed only where every reader of the
sheet may read them (:func:`indexed_text`).
"""

from __future__ import annotations

from .engines import TITLE_WEIGHT
from .indexing import BATCH, Progress, index, indexed_text, reindex, reindex_all
from .querying import NEWEST, ORDERS, RANKED, TOTAL_CAP, Hit, Results, highlight, search, snippet
from .text import MAX_QUERY, MAX_TERMS, MAX_WORD, normalize, query_parts, segments, tokens

__all__ = [
    "BATCH",
    "MAX_QUERY",
    "MAX_TERMS",
    "MAX_WORD",
    "NEWEST",
    "ORDERS",
    "RANKED",
    "TITLE_WEIGHT",
    "TOTAL_CAP",
    "Hit",
    "Progress",
    "Results",
    "highlight",
    "index",
    "indexed_text",
    "normalize",
    "query_parts",
    "reindex",
    "reindex_all",
    "search",
    "segments",
    "snippet",
    "tokens",
]
