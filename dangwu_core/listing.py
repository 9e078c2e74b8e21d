"""Lists of disclosures whose cost does not grow with the table: a page of ids from the
index, then those rows with what the page shows, and totals that are counted once per change.

A :class:`Listing` wraps a reader's list query (``unit.listed_disclosures(reader)``, with the
surface's own filters) and the ``(state, scope)`` pairs it can admit
(:meth:`dangwu_core.readers.Reader.listed_splits`). Newest first is ``published_at DESC,
id DESC``; the database reads that order straight from its ``(state, scope, published_at)``
and ``(organization, state, published_at)`` indexes only for one state and one scope at a
time, so :meth:`Listing.ids` asks one indexed branch per pair, each for at most ``offset +
limit`` ids, and merges them: the work is bounded by the page, not by the table.
:meth:`Listing.rows` then loads those rows with their organization, catalog item and category
in one statement (no query per row).

:meth:`Listing.total` is the count, kept in the unit's :class:`Totals` under the statement
and the newest change (the newest event's id — every change is an event — and the newest
disclosure's id): a list page after the first counts nothing until something changes.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable

import peewee
from peewee import JOIN

from .models import CatalogItem, Category, Disclosure, Event, Organization

#: More branches than this (or a statement with more parameters) is asked as one query.
MAX_BRANCHES = 16
MAX_PARAMETERS = 900


def newest_first() -> tuple:
    """The order of every public list: newest publication first, then the newest id."""
    return (Disclosure.published_at.desc(nulls="LAST"), Disclosure.id.desc())


def newest_change() -> tuple[int, int]:
    """The newest event's id and the newest disclosure's id, in one indexed statement: what
    a cached total is valid for."""
    events = Event.select(peewee.fn.MAX(Event.id))
    disclosures = Disclosure.select(peewee.fn.MAX(Disclosure.id))
    found = peewee.Select(columns=[events, disclosures]).bind(Event._meta.database)
    event_id, disclosure_id = next(iter(found.tuples()))
    return event_id or 0, disclosure_id or 0


class Totals:
    """Counts of list statements, valid while :func:`newest_change` does not move; bounded
    (the least recently used are dropped), shared by the threads of one unit."""

    def __init__(self, size: int = 2048):
        self.size = size
        self._counts: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def count(self, query: peewee.SelectQuery) -> int:
        """The number ``query`` (a count) answers, counted once per change."""
        sql, params = query.sql()
        key = (newest_change(), sql, tuple(map(repr, params)))
        with self._lock:
            if key in self._counts:
                self._counts.move_to_end(key)
                return self._counts[key]
        total = _scalar(query)
        with self._lock:
            self._counts[key] = total
            while len(self._counts) > self.size:
                self._counts.popitem(last=False)
        return total


class Listing:
    """A reader's list: its query, the ``(state, scope)`` pairs it may hold, its totals."""

    def __init__(
        self,
        query: peewee.ModelSelect,
        splits: Iterable[tuple[str, str]],
        totals: Totals | None = None,
    ):
        self.query = query
        self.splits = tuple(sorted(set(splits)))
        self.totals = totals

    def where(self, *conditions) -> Listing:
        """The same list narrowed by ``conditions`` (on Disclosure)."""
        return Listing(self.query.where(*conditions), self.splits, self.totals)

    def only(self, *, state: str | None = None, scope: str | None = None) -> Listing:
        """The same list restricted to one state and/or scope."""
        splits = [
            (st, sc)
            for st, sc in self.splits
            if (state is None or st == state) and (scope is None or sc == scope)
        ]
        query = self.query
        if state is not None:
            query = query.where(Disclosure.state == state)
        if scope is not None:
            query = query.where(Disclosure.scope == scope)
        return Listing(query, splits, self.totals)

    # --- ids, rows, totals ------------------------------------------------------------

    def _branch(self, state: str, scope: str, limit: int) -> peewee.ModelSelect:
        return (
            self.query.select(Disclosure.id, Disclosure.published_at)
            .where((Disclosure.state == state) & (Disclosure.scope == scope))
            .order_by(*newest_first())
            .limit(limit)
        )

    def ids_query(self, offset: int, limit: int) -> peewee.SelectQuery:
        """The statement of :meth:`ids` (for EXPLAIN QUERY PLAN and the count of parameters)."""
        if not self.splits:
            return self.query.select(Disclosure.id).where(peewee.Value(False)).limit(0)
        single = (
            self.query.select(Disclosure.id).order_by(*newest_first()).limit(limit).offset(offset)
        )
        if len(self.splits) > MAX_BRANCHES:
            return single
        branches = []
        for n, (state, scope) in enumerate(self.splits):
            inner = self._branch(state, scope, offset + limit).alias(f"b{n}")
            branches.append(peewee.Select([inner], [inner.c.id, inner.c.published_at]))
        union = branches[0]
        for branch in branches[1:]:
            union = union.union_all(branch)
        merged = union.alias("page")
        query = (
            peewee.Select([merged], [merged.c.id])
            .order_by(merged.c.published_at.desc(nulls="LAST"), merged.c.id.desc())
            .limit(limit)
            .offset(offset)
            .bind(Disclosure._meta.database)
        )
        if len(query.sql()[1]) > MAX_PARAMETERS:
            return single
        return query

    def ids(self, offset: int, limit: int) -> list[int]:
        """The ids of ``limit`` rows from ``offset`` on, newest first."""
        if limit <= 0:
            return []
        return [row[0] for row in self.ids_query(offset, limit).tuples()]

    def rows(self, offset: int, limit: int) -> list[Disclosure]:
        """Those rows, newest first, with their organization, catalog item and category."""
        return load(self.ids(offset, limit))

    def count_query(self) -> peewee.SelectQuery:
        """The statement of :meth:`total`: one indexed count per ``(state, scope)`` pair,
        summed (as :meth:`ids_query` splits the page)."""
        single = self.query.select(peewee.fn.COUNT(Disclosure.id)).order_by()
        if len(self.splits) > MAX_BRANCHES:
            return single
        branches = [
            self.query.select(peewee.fn.COUNT(Disclosure.id).alias("n"))
            .where((Disclosure.state == state) & (Disclosure.scope == scope))
            .order_by()
            for state, scope in self.splits
        ]
        union = branches[0]
        for branch in branches[1:]:
            union = union.union_all(branch)
        counts = union.alias("counts")
        query = peewee.Select([counts], [peewee.fn.SUM(counts.c.n)]).bind(Disclosure._meta.database)
        return single if len(query.sql()[1]) > MAX_PARAMETERS else query

    def total(self) -> int:
        """How many rows the list holds (cached per change, see :class:`Totals`)."""
        if not self.splits:
            return 0
        query = self.count_query()
        return self.totals.count(query) if self.totals is not None else _scalar(query)


def _scalar(query) -> int:
    return int(next(iter(query.tuples()))[0] or 0)


def load(ids: list[int]) -> list[Disclosure]:
    """The disclosures of ``ids``, in that order, with their organization, catalog item
    and category: one statement."""
    if not ids:
        return []
    query = (
        Disclosure.select(Disclosure, Organization, CatalogItem, Category)
        .join(Organization, on=(Disclosure.organization == Organization.id))
        .switch(Disclosure)
        .join(CatalogItem, JOIN.LEFT_OUTER, on=(Disclosure.catalog_item == CatalogItem.id))
        .join(Category, JOIN.LEFT_OUTER, on=(CatalogItem.category == Category.id))
        .where(Disclosure.id.in_(ids))
    )
    found = {d.id: d for d in query}
    return [found[pk] for pk in ids if pk in found]
