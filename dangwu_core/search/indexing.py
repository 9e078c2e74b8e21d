"""Keeping the index: one disclosure at a time on every transition, or all of them in bounded
batches (``dangwu search reindex``)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import peewee

from ..clock import utcnow
from ..db import atomic, database
from ..models import (
    Disclosure,
    DisclosureSection,
    DisclosureVersion,
    SearchDocument,
    SearchReindex,
)
from ..redaction import public_body, public_title
from ..text import plain_text
from .engines import engine_for

#: Disclosures per transaction of a reindex.
BATCH = 500


def indexed_text(disclosure: Disclosure, version: DisclosureVersion | None) -> str:
    """The plain text of ``disclosure``'s ``version`` that the index holds: its body and, for
    a 党务公开日 sheet (003 §8(二)), the title and text of every section that every reader
    of the disclosure may read — none withheld (暂不宜公开), none of a narrower scope. A
    party-only section of a public sheet is never indexed, so no public search finds the
    sheet by its words (the index has no scope of its own)."""
    if version is None:
        return ""
    return _joined(
        version,
        _sections({(disclosure.id, version.number)}).get((disclosure.id, version.number), []),
    )


def _joined(version: DisclosureVersion, sections: list[tuple[str, str]]) -> str:
    body = plain_text(public_body(version))  # the public's text: masked (脱敏) where it is
    return "\n".join([body, *(f"{title}\n{plain_text(text)}" for title, text in sections)])


def _within(field: peewee.Field, ids) -> peewee.Expression:
    """``field`` between the least and the greatest of ``ids`` (callers keep only ``ids``).

    A reindex's batch is a run of consecutive ids, a transition's a single one, so the range
    holds just them; and it is one indexed range, where an ``IN`` of 500 ids costs peewee more
    to build than the database to answer."""
    return field.between(min(ids), max(ids))


def _sections(keys: set[tuple[int, int]]) -> dict[tuple[int, int], list[tuple[str, str]]]:
    """The readable-by-all sections of each (disclosure id, version number), in order."""
    found: dict[tuple[int, int], list[tuple[str, str]]] = {}
    if not keys:
        return found
    ids = {d for d, _ in keys}
    rows = (
        DisclosureSection.select(
            DisclosureSection.disclosure,
            DisclosureSection.version,
            DisclosureSection.title,
            DisclosureSection.body,
        )
        .where(
            _within(DisclosureSection.disclosure, ids)
            & DisclosureSection.scope.is_null()
            & ~DisclosureSection.withheld
        )
        .order_by(DisclosureSection.disclosure, DisclosureSection.position)
        .tuples()
    )
    for disclosure_id, number, title, body in rows:
        if (disclosure_id, number) in keys:
            found.setdefault((disclosure_id, number), []).append((title, body))
    return found


def _texts(ids: list[int]) -> dict[int, tuple[str, str]]:
    """(title, indexed body) of each disclosure's current version, in three queries."""
    wanted = set(ids)
    titles = {
        doc: title
        for doc, title in Disclosure.select(Disclosure.id, Disclosure.title)
        .where(_within(Disclosure.id, ids))
        .tuples()
        if doc in wanted
    }
    versions = {
        v.disclosure_id: v
        for v in DisclosureVersion.select()
        .join(
            Disclosure,
            on=(DisclosureVersion.disclosure == Disclosure.id)
            & (DisclosureVersion.number == Disclosure.current_version),
        )
        .where(_within(Disclosure.id, ids))
        if v.disclosure_id in wanted
    }
    sections = _sections({(d, v.number) for d, v in versions.items()})
    texts = {}
    for doc, title in titles.items():
        version = versions.get(doc)
        if version is None:
            texts[doc] = (title, "")
        else:
            texts[doc] = (
                public_title(version),
                _joined(version, sections.get((doc, version.number), [])),
            )
    return texts


def _store(db: peewee.Database, rows: list[tuple[int, tuple[str, str]]]) -> None:
    """Write the stored text of each (disclosure id, (title, body)), one statement for all."""
    fields = SearchDocument._meta
    mark = db.param
    statement = (
        # names from the model's metadata; every value is a parameter
        f'INSERT INTO "{fields.table_name}" (disclosure_id, title, body, indexed_at) '  # nosec B608
        f"VALUES ({mark}, {mark}, {mark}, {mark}) ON CONFLICT (disclosure_id) DO UPDATE SET "
        "title = excluded.title, body = excluded.body, indexed_at = excluded.indexed_at"
    )
    now = SearchDocument.indexed_at.db_value(utcnow())
    packed = SearchDocument.body.db_value
    db.cursor().executemany(
        statement, [(doc, title, packed(body), now) for doc, (title, body) in rows]
    )


def _write(ids: list[int], *, force: bool) -> int:
    """Bring the entries of the disclosures ``ids`` up to date, in the caller's transaction;
    return how many were written. Unless ``force``, an entry whose text is already the current
    one is left alone (most transitions change a state, not the text)."""
    if not ids:
        return 0
    db = database.obj
    texts = _texts(ids)
    if not texts:
        return 0
    stored = {
        doc: (title, body)
        for doc, title, body in SearchDocument.select(
            SearchDocument.disclosure, SearchDocument.title, SearchDocument.body
        )
        .where(_within(SearchDocument.disclosure, list(texts)))
        .tuples()
        if doc in texts
    }
    changes = [
        (doc, stored.get(doc), text)
        for doc, text in texts.items()
        if force or stored.get(doc) != text
    ]
    if changes:
        engine_for(db).write_many(db, changes)
        _store(db, [(doc, text) for doc, _, text in changes])
    return len(changes)


def index(disclosure: Disclosure, *, force: bool = False) -> None:
    """(Re)index the current version of ``disclosure`` (whatever version the caller holds);
    unless ``force``, nothing is written when the indexed text is already that version's."""
    with atomic():
        _write([disclosure.id], force=force)


@dataclass
class Progress:
    done: int
    total: int
    written: int
    last_id: int
    seconds: float

    @property
    def rate(self) -> float:
        return self.done / self.seconds if self.seconds > 0 else 0.0


def reindex(
    *,
    force: bool = False,
    resume: bool = False,
    batch: int = BATCH,
    on_batch: Callable[[Progress], None] | None = None,
) -> Progress:
    """Bring the entry of every disclosure up to date, in id order, ``batch`` disclosures per
    transaction; with ``resume``, continue the last run that did not finish after the last id
    it committed (with its ``force``).

    Each batch reads its ids first (no cursor stays open across a commit), writes its entries
    and the run's last id (:class:`SearchReindex`) and commits; on SQLite the WAL is then
    checkpointed, so it stays about one batch long. An interrupted run leaves every batch it
    committed whole and the rest as they were (each entry is its document's text, old or
    new).

    :param force: rewrite entries whose text is unchanged too.
    :param on_batch: called after each committed batch with the progress so far.
    """
    db = database.obj
    run = None
    if resume:
        run = (
            SearchReindex.select()
            .where(SearchReindex.finished_at.is_null())
            .order_by(SearchReindex.id.desc())
            .first()
        )
    if run is None:
        with atomic():
            run = SearchReindex.create(started_at=utcnow(), force=force)
    total = Disclosure.select().where(Disclosure.id > run.last_disclosure).count()
    started = time.monotonic()
    progress = Progress(0, total, 0, run.last_disclosure, 0.0)
    while True:
        ids = [
            i
            for (i,) in Disclosure.select(Disclosure.id)
            .where(Disclosure.id > progress.last_id)
            .order_by(Disclosure.id)
            .limit(batch)
            .tuples()
        ]
        if not ids:
            break
        with atomic():
            progress.written += _write(ids, force=run.force)
            SearchReindex.update(
                last_disclosure=ids[-1], documents=SearchReindex.documents + len(ids)
            ).where(SearchReindex.id == run.id).execute()
        _checkpoint(db)
        progress.done += len(ids)
        progress.last_id = ids[-1]
        progress.seconds = time.monotonic() - started
        if on_batch is not None:
            on_batch(progress)
    with atomic():
        SearchReindex.update(finished_at=utcnow()).where(SearchReindex.id == run.id).execute()
    progress.seconds = time.monotonic() - started
    return progress


def _checkpoint(db: peewee.Database) -> None:
    if isinstance(db, peewee.SqliteDatabase):
        db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")


def reindex_all() -> int:
    """Rewrite the whole index; return the number of disclosures indexed."""
    return reindex(force=True).done
