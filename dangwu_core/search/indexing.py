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
            DisclosureSection.disclosure.in_(ids)
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


def _texts(disclosures: list[Disclosure]) -> dict[int, tuple[str, str]]:
    """(title, indexed body) of each disclosure's current version, in three queries."""
    wanted = {(d.id, d.current_version) for d in disclosures}
    versions = {
        (v.disclosure_id, v.number): v
        for v in DisclosureVersion.select().where(
            DisclosureVersion.disclosure.in_([d.id for d in disclosures])
        )
        if (v.disclosure_id, v.number) in wanted
    }
    sections = _sections(set(versions))
    texts = {}
    for d in disclosures:
        version = versions.get((d.id, d.current_version))
        if version is None:
            texts[d.id] = (d.title, "")
        else:
            texts[d.id] = (
                public_title(version),
                _joined(version, sections.get((d.id, version.number), [])),
            )
    return texts


def _write(disclosures: list[Disclosure], *, force: bool) -> int:
    """Bring the entries of ``disclosures`` up to date, in the caller's transaction; return how
    many were written. Unless ``force``, an entry whose text is already the current one is
    left alone (most transitions change a state, not the text)."""
    if not disclosures:
        return 0
    db = database.obj
    engine = engine_for(db)
    texts = _texts(disclosures)
    stored = {
        doc: (title, body)
        for doc, title, body in SearchDocument.select(
            SearchDocument.disclosure, SearchDocument.title, SearchDocument.body
        )
        .where(SearchDocument.disclosure.in_(list(texts)))
        .tuples()
    }
    now = utcnow()
    written = []
    for doc, text in texts.items():
        old = stored.get(doc)
        if old == text and not force:
            continue
        engine.write(db, doc, old, text)
        written.append({"disclosure": doc, "title": text[0], "body": text[1], "indexed_at": now})
    if written:
        (
            SearchDocument.insert_many(written)
            .on_conflict(
                conflict_target=[SearchDocument.disclosure],
                preserve=[SearchDocument.title, SearchDocument.body, SearchDocument.indexed_at],
            )
            .execute()
        )
    return len(written)


def index(disclosure: Disclosure, *, force: bool = False) -> None:
    """(Re)index the current version of ``disclosure``; unless ``force``, nothing is written
    when the indexed text is already that version's."""
    fresh = Disclosure.get_by_id(disclosure.id)  # the current version, whatever the caller holds
    with atomic():
        _write([fresh], force=force)


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
            chunk = list(Disclosure.select().where(Disclosure.id.in_(ids)))
            progress.written += _write(chunk, force=run.force)
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
