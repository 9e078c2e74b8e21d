"""Sections of a 党务公开日 sheet: reading them, and what publication does with them.

A disclosure with :class:`~dangwu_core.models.DisclosureSection` rows is a sheet that fulfils
several obligations at once (003 §8(二); :mod:`dangwu_core.batches` prepares it). Each
version has its own rows. This module reads them (:func:`sections`, :func:`readable_sections`,
which asks :func:`dangwu_core.access.section_condition`), and holds what the workflow's
effects and guards do with them: fulfil every covered obligation at publication
(:func:`fulfil_sections`), copy them into a re-publication's new version
(:func:`copy_sections`), say whether a sheet is in the catalog (:func:`in_catalog`,
:func:`section_items`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from . import access, audit, obligations
from .clock import today
from .models import (
    CatalogItem,
    Disclosure,
    DisclosureSection,
    Obligation,
    ObligationStatus,
    Person,
    Scope,
)

#: Scopes from narrowest to widest.
SCOPE_WIDTH = {Scope.SPECIFIC: 0, Scope.UNIT: 1, Scope.PARTY: 2, Scope.PUBLIC: 3}
#: What a reader sees of a withheld section instead of its content.
WITHHELD_NOTICE = "暂不宜公开"
OPEN_STATUSES = (ObligationStatus.PENDING.value, ObligationStatus.OVERDUE.value)


def width(scope: str | None) -> int:
    return SCOPE_WIDTH[Scope(scope)] if scope else -1


#: The body of a sheet's own version: an introduction that names no section, so a reader
#: learns nothing from it about the sections their scope leaves out.
INTRODUCTION = "本期党务公开内容分项列示如下。"


def sections(disclosure: Disclosure, *, version: int | None = None) -> list[DisclosureSection]:
    """The sections of ``disclosure``'s current version (or of ``version``), in order."""
    number = version if version is not None else disclosure.current_version
    return list(
        DisclosureSection.select()
        .where(
            (DisclosureSection.disclosure == disclosure.id) & (DisclosureSection.version == number)
        )
        .order_by(DisclosureSection.position)
    )


def readable_sections(disclosure: Disclosure, reader: Person | None) -> list[DisclosureSection]:
    """The sections of the current version ``reader`` may read, for a reader who may read
    ``disclosure`` (the caller asked :func:`access.can_read` or listed it): a section with a
    narrower scope only when that scope admits them (:func:`access.section_condition`).
    Withheld sections are included; show their content only to :func:`access.reads_in_full`.
    """
    return list(
        DisclosureSection.select(DisclosureSection)
        .join(Disclosure)
        .where(
            (DisclosureSection.disclosure == disclosure.id)
            & (DisclosureSection.version == Disclosure.current_version)
            & access.section_condition(reader)
        )
        .order_by(DisclosureSection.position)
    )


def shown_sections(disclosure: Disclosure, reader: Person | None) -> list[dict]:
    """What ``reader`` is shown of the sections of a disclosure they may read, for every
    surface (API, portal, feeds, print): the readable sections (:func:`readable_sections`),
    a withheld one as its title and 暂不宜公开 only, except to the office
    (:func:`access.reads_in_full`), which sees its content and reason too."""
    found = readable_sections(disclosure, reader)
    if not found:
        return []
    full = access.reads_in_full(reader, disclosure)
    shown = []
    for section in found:
        hide = section.withheld and not full
        shown.append(
            {
                "position": section.position,
                "title": section.title,
                "body": None if hide else section.body,
                "scope": section.scope or disclosure.scope,
                "withheld": section.withheld,
                "withheld_notice": WITHHELD_NOTICE if section.withheld else "",
                "withheld_reason": section.withheld_reason if section.withheld and full else "",
                "reason": section.reason,
                "catalog_item": section.catalog_item.code if section.catalog_item_id else None,
                "obligation": section.obligation_id,
            }
        )
    return shown


def readable_titles(
    disclosures: Iterable[Disclosure], reader: Person | None
) -> dict[int, list[tuple[int, str, bool]]]:
    """(position, title, withheld) of the sections ``reader`` may read of many disclosures
    they may read, in one query: for lists and feeds. Disclosures without sections map to
    an empty list."""
    found: dict[int, list[tuple[int, str, bool]]] = {d.id: [] for d in disclosures}
    if not found:
        return found
    rows = (
        DisclosureSection.select(
            DisclosureSection.disclosure,
            DisclosureSection.position,
            DisclosureSection.title,
            DisclosureSection.withheld,
        )
        .join(Disclosure)
        .where(
            DisclosureSection.disclosure.in_(list(found))
            & (DisclosureSection.version == Disclosure.current_version)
            & access.section_condition(reader)
        )
        .order_by(DisclosureSection.disclosure, DisclosureSection.position)
        .tuples()
    )
    for disclosure_id, position, title, withheld in rows:
        found[disclosure_id].append((position, title, bool(withheld)))
    return found


def covering_sections(
    obligation_ids: Iterable[int], listed, reader: Person | None
) -> dict[int, list[tuple[Disclosure, int]]]:
    """The sheets of ``listed`` (a query of disclosures the reader may see in lists) whose
    current sections cover each obligation, with the section's position — only sections the
    reader may read: obligation id -> [(disclosure, position)]. One query."""
    ids = list(obligation_ids)
    found: dict[int, list[tuple[Disclosure, int]]] = {}
    if not ids:
        return found
    rows = (
        listed.select_extend(
            DisclosureSection.obligation.alias("covered"),
            DisclosureSection.position.alias("part"),
        )
        .join(DisclosureSection, on=(DisclosureSection.disclosure == Disclosure.id))
        .where(
            DisclosureSection.obligation.in_(ids)
            & (DisclosureSection.version == Disclosure.current_version)
            & access.section_condition(reader)
        )
        .order_by(Disclosure.published_at, Disclosure.id)
        .objects()
    )
    for row in rows:
        found.setdefault(row.covered, []).append((row, row.part))
    return found


def hidden_positions(disclosure: Disclosure, reader: Person | None) -> set[int]:
    """Positions of the sections whose files ``reader`` may not have: those their scope
    leaves out, and withheld ones unless they read as the office."""
    every = {s.position: s for s in sections(disclosure)}
    if not every:
        return set()
    full = access.reads_in_full(reader, disclosure)
    readable = {s.position for s in readable_sections(disclosure, reader)}
    return {p for p, s in every.items() if p not in readable or (s.withheld and not full)}


def is_batch(disclosure: Disclosure) -> bool:
    """True when ``disclosure`` has sections (a 党务公开日 sheet)."""
    return DisclosureSection.select().where(DisclosureSection.disclosure == disclosure.id).exists()


def section_items(disclosure: Disclosure) -> list[CatalogItem]:
    """The catalog items of the current version's sections that are not withheld."""
    return list(
        CatalogItem.select()
        .join(DisclosureSection, on=(DisclosureSection.catalog_item == CatalogItem.id))
        .where(
            (DisclosureSection.disclosure == disclosure.id)
            & (DisclosureSection.version == disclosure.current_version)
            & ~DisclosureSection.withheld
        )
        .order_by(DisclosureSection.position)
    )


def in_catalog(disclosure: Disclosure) -> bool:
    """True when ``disclosure`` is a catalogued item: it names one, or it is a sheet whose
    every section does (a sheet needs no work plan, 003 §6(二), unless a section is
    out of catalog)."""
    if disclosure.catalog_item_id is not None:
        return True
    found = list(
        DisclosureSection.select(DisclosureSection.catalog_item)
        .where(
            (DisclosureSection.disclosure == disclosure.id)
            & (DisclosureSection.version == disclosure.current_version)
        )
        .tuples()
    )
    return bool(found) and all(row[0] is not None for row in found)


# --- Publication and re-publication -----------------------------------------------------


def fulfil_sections(disclosure: Disclosure, actor: Person | None) -> list[dict]:
    """At publication: every non-withheld section's obligation is fulfilled on time or late
    against its own due date; a withheld one's is filed as not suitable (暂不宜公开) with
    its reason. One audit event per obligation. Returns what was done, for the event."""
    done = []
    on = today()
    for section in sections(disclosure):
        obligation = section.obligation
        if obligation is None:
            continue
        if section.withheld:
            if obligation.status in OPEN_STATUSES:
                Obligation.update(
                    status=ObligationStatus.NOT_SUITABLE.value,
                    closed_reason=section.withheld_reason,
                ).where(Obligation.id == obligation.id).execute()
                audit.record(
                    "obligation.not_suitable",
                    "obligation",
                    obligation.id,
                    actor=actor,
                    organization=obligation.organization_id,
                    from_state=obligation.status,
                    to_state=ObligationStatus.NOT_SUITABLE.value,
                    reason=section.withheld_reason,
                    payload={"disclosure": disclosure.id, "filing": section.filing_id},
                )
            status = ObligationStatus.NOT_SUITABLE.value
        else:
            status = obligations.record_fulfilment(obligation, on, actor=actor)
        done.append({"id": obligation.id, "section": section.position, "status": str(status)})
    return done


def copy_sections(
    disclosure: Disclosure,
    previous: int,
    number: int,
    changes: Mapping[int, Mapping[str, str]] | None = None,
) -> list[int]:
    """Copy version ``previous``'s sections into version ``number``, applying ``changes``
    (position -> {title, body, reason}); return the changed positions. For the re-publication
    effect (:func:`dangwu_core.workflow.effects.new_version`)."""
    changes = dict(changes or {})
    changed = []
    for section in sections(disclosure, version=previous):
        change = changes.get(section.position)
        data = {
            f.name: getattr(section, f.name)
            for f in DisclosureSection._meta.sorted_fields
            if f.name not in ("id", "created_at", "version", "reason")
        }
        data["version"] = number
        if change:
            data["title"] = str(change.get("title") or section.title).strip()
            data["body"] = str(change.get("body") or section.body)
            data["reason"] = str(change["reason"]).strip()
            changed.append(section.position)
        DisclosureSection.create(**data)
    return changed
