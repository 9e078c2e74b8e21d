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


def summary(rows: Iterable[tuple[str, bool]]) -> str:
    """The disclosure's own body: the sheet's table of contents."""
    lines = [
        f"{n}. {title}" + (f"（{WITHHELD_NOTICE}）" if withheld else "")
        for n, (title, withheld) in enumerate(rows, start=1)
    ]
    return f"本期党务公开共{len(lines)}项：\n" + "\n".join(lines)


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
