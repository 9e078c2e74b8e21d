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

import functools
import threading
from collections import OrderedDict
from collections.abc import Iterable

import peewee
from peewee import JOIN

from .models import CatalogItem, Category, Disclosure, Event, Organization

#: More branches than this (or a statement with more parameters: SQLite takes 32,766) is
#: asked as one query.
MAX_BRANCHES = 16
MAX_PARAMETERS = 30_000


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

    def count(self, sql: str, params: list) -> int:
        """The number the statement (a count) answers, counted once per change."""
        key = (newest_change(), sql, tuple(map(repr, params)))
        with self._lock:
            if key in self._counts:
                self._counts.move_to_end(key)
                return self._counts[key]
        total = _count(sql, params)
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
    #
    # The reader's condition is turned into SQL once (peewee's work is most of a list's cost);
    # each branch filters that one statement by its state and scope: both databases push the
    # filter into it and search their index in order.

    @functools.cached_property
    def _base(self) -> tuple[str, list]:
        columns = (Disclosure.id, Disclosure.published_at, Disclosure.state, Disclosure.scope)
        return self.query.select(*columns).order_by().sql()

    def _split(self) -> bool:
        return 0 < len(self.splits) <= MAX_BRANCHES and (
            len(self._base[1]) * len(self.splits) <= MAX_PARAMETERS
        )

    def _branches(self, select: str, tail: str, extra: list) -> tuple[list[str], list]:
        base, params = self._base
        p = _param()
        sql, out = [], []
        for n, (state, scope) in enumerate(self.splits):
            sql.append(
                # SQL from peewee's own generation and constants; every value is a parameter
                f'SELECT {select} FROM ({base}) AS "s{n}" '  # nosec B608
                f'WHERE "state" = {p} AND "scope" = {p}{tail}'
            )
            out += [*params, state, scope, *extra]
        return sql, out

    def ids_sql(self, offset: int, limit: int) -> tuple[str, list]:
        """The statement of :meth:`ids` and its parameters (for EXPLAIN QUERY PLAN too)."""
        p = _param()
        if not self._split():
            query = self.query.select(Disclosure.id).order_by(*newest_first())
            return query.limit(limit).offset(offset).sql()
        branches, params = self._branches(
            '"id", "published_at"', f" ORDER BY {_NEWEST} LIMIT {p}", [offset + limit]
        )
        union = " UNION ALL ".join(
            # SQL from peewee's own generation and constants; every value is a parameter
            f'SELECT * FROM ({sql}) AS "b{n}"'  # nosec B608
            for n, sql in enumerate(branches)
        )
        # SQL from peewee's own generation and constants; every value is a parameter
        sql = f'SELECT "id" FROM ({union}) AS "page" ORDER BY {_NEWEST} LIMIT {p} OFFSET {p}'  # nosec B608
        return sql, [*params, limit, offset]

    def ids(self, offset: int, limit: int) -> list[int]:
        """The ids of ``limit`` rows from ``offset`` on, newest first."""
        if limit <= 0 or not self.splits:
            return []
        sql, params = self.ids_sql(offset, limit)
        return [row[0] for row in _database().execute_sql(sql, params).fetchall()]

    def rows(self, offset: int, limit: int) -> list[Disclosure]:
        """Those rows, newest first, with their organization, catalog item and category."""
        return load(self.ids(offset, limit))

    def count_sql(self) -> tuple[str, list]:
        """The statement of :meth:`total`: one indexed count per ``(state, scope)`` pair,
        summed (as :meth:`ids_sql` splits the page)."""
        if not self._split():
            return self.query.select(peewee.fn.COUNT(Disclosure.id)).order_by().sql()
        branches, params = self._branches('COUNT(*) AS "n"', "", [])
        # SQL from peewee's own generation and constants; every value is a parameter
        return f'SELECT SUM("n") FROM ({" UNION ALL ".join(branches)}) AS "counts"', params  # nosec B608

    def total(self) -> int:
        """How many rows the list holds (cached per change, see :class:`Totals`)."""
        if not self.splits:
            return 0
        sql, params = self.count_sql()
        if self.totals is None:
            return _count(sql, params)
        return self.totals.count(sql, params)


_NEWEST = '"published_at" DESC NULLS LAST, "id" DESC'


def _database() -> peewee.Database:
    return Disclosure._meta.database


def _param() -> str:
    return _database().param


def _count(sql: str, params: list) -> int:
    return int(_database().execute_sql(sql, params).fetchone()[0] or 0)


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
