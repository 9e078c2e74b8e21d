"""党务公开日 batches: one disclosure (the month's 公开栏 sheet) that fulfils many obligations.

003 §8(二) fixes the first Friday of each month as 党务公开日: on that day a branch posts one
sheet that covers every item due that month (dues, 三会一课, member development, hot
issues…), proposed, reviewed and approved once. In dangwu that sheet is one
:class:`~dangwu_core.models.Disclosure` with one
:class:`~dangwu_core.models.DisclosureSection` per obligation it covers:

* :func:`due_for_batch` lists what is due (and what is overdue and not yet in a procedure);
  :func:`disclosure_day` says on which day;
* :func:`prepare_batch` drafts the sheet through :func:`dangwu_core.disclosures.create_draft`
  (the same permission and validation as any draft), one section per obligation, prefilled
  from the previous period's published section of the same item where the item repeats;
* :func:`edit_section`, :func:`withhold_section` (暂不宜公开, filed with the upper
  organization, 003 §9(二)) and :func:`restore_section` change a draft's sections;
* the procedure is the organization's workflow, unchanged; at publication the publish effect
  (:func:`dangwu_core.workflow.effects.fulfil_obligation`) fulfils every covered obligation
  on time or late against its own due date, and files a withheld section's as not suitable;
* :func:`republish_sections` re-publishes (再公开) changed sections, each with its reason: a
  new version whose other sections are copied unchanged (:func:`copy_sections`).

Who reads which section is :mod:`dangwu_core.access`'s rule (:func:`access.section_condition`,
:func:`access.reads_in_full`); :func:`readable_sections` asks it. A disclosure without
sections works as before.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

import peewee

from . import audit, disclosures
from .db import atomic
from .errors import ValidationError
from .models import (
    Catalog,
    CatalogItem,
    CatalogStatus,
    Disclosure,
    DisclosureSection,
    ItemStatus,
    Obligation,
    ObligationStatus,
    Organization,
    Person,
    Scope,
    TimeLimit,
)
from .models.kinds import StateKind
from .section_changes import edit_section, republish_sections, restore_section, withhold_section
from .sections import (
    INTRODUCTION,
    WITHHELD_NOTICE,
    hidden_positions,
    readable_sections,
    sections,
    shown_sections,
    width,
)
from .timelimits import Period, WorkCalendar, month_end

if TYPE_CHECKING:
    from .context import UnitContext

#: States of these kinds hold an obligation: it is in a procedure and not due for a new batch.
IN_PROGRESS_KINDS = (StateKind.DRAFT, StateKind.IN_PROCEDURE, StateKind.READY)
_OPEN = (ObligationStatus.PENDING.value, ObligationStatus.OVERDUE.value)


def _month(year: int, month: int) -> tuple[dt.date, dt.date]:
    if not (1 <= int(month) <= 12):
        raise ValidationError(f"there is no month {month!r}: months are 1 to 12", "month")
    return dt.date(int(year), int(month), 1), month_end(int(year), int(month))


def _in_progress(workflows: Iterable | None) -> peewee.Expression:
    """The disclosures still in a procedure (draft, in procedure, ready): by the workflow
    definitions' state kinds; without them, every one never published."""
    if workflows is None:
        return Disclosure.published_at.is_null()
    condition = peewee.Value(False)
    for definition in sorted(workflows, key=lambda d: d.name):
        states = sorted(s.name for s in definition.states_of_kind(*IN_PROGRESS_KINDS))
        if states:
            condition |= (Disclosure.workflow == definition.name) & Disclosure.state.in_(states)
    return condition


def covered(obligation_ids: Iterable[int], workflows: Iterable | None = None) -> set[int]:
    """Those of ``obligation_ids`` a disclosure in a procedure already covers: linked to it
    directly, or through a section of its current version."""
    ids = list(obligation_ids)
    if not ids:
        return set()
    busy = _in_progress(workflows)
    direct = Disclosure.select(Disclosure.obligation).where(Disclosure.obligation.in_(ids) & busy)
    through = (
        DisclosureSection.select(DisclosureSection.obligation)
        .join(Disclosure)
        .where(
            DisclosureSection.obligation.in_(ids)
            & (DisclosureSection.version == Disclosure.current_version)
            & busy
        )
    )
    return {row[0] for row in direct.tuples()} | {row[0] for row in through.tuples()}


def due_for_batch(
    organization: Organization, year: int, month: int, *, workflows: Iterable | None = None
) -> list[Obligation]:
    """The obligations of ``organization`` a batch for ``year``-``month`` should cover.

    Those still pending or overdue that fall due in that month, and the overdue ones of
    earlier months, leaving out any a disclosure in a procedure already covers; in catalog
    order (catalog, the item's place in it, then the period).

    :param workflows: the unit's workflow definitions (``unit.registry.workflows``), which say
        what "in a procedure" is (states of kind draft, in procedure, ready); without them,
        every disclosure not yet published counts as in a procedure.
    """
    first, last = _month(year, month)
    found = list(
        Obligation.select(Obligation, CatalogItem)
        .join(CatalogItem)
        .where(
            (Obligation.organization == organization.id)
            & Obligation.status.in_(_OPEN)
            & (Obligation.due_date <= last)
            & (
                (Obligation.due_date >= first)
                | (Obligation.status == ObligationStatus.OVERDUE.value)
                | (Obligation.due_date < first)
            )
        )
        .order_by(
            CatalogItem.catalog,
            CatalogItem.sort_order,
            CatalogItem.id,
            Obligation.period_start,
            Obligation.id,
        )
    )
    busy = covered([o.id for o in found], workflows)
    return [o for o in found if o.id not in busy]


def disclosure_day(
    ctx: UnitContext, organization: Organization, year: int, month: int
) -> dt.date | None:
    """The month's 党务公开日 for ``organization`` (003 §8(二) fixes the first Friday; the
    due-date policy of a sector says so): the due date of that month's monthly periodic
    obligations.

    Read from the organization's monthly obligations of that month when they are open; else
    asked of the due-date policy (``ctx.due_date``, the ``dangwu_due_date`` hook) for a
    monthly item of a catalog that binds it. None when it owes nothing monthly.
    """
    first, last = _month(year, month)
    label = f"{first.year}-{first.month:02d}"
    monthly = CatalogItem.cadence == "monthly"
    day = (
        Obligation.select(peewee.fn.MIN(Obligation.due_date))
        .join(CatalogItem)
        .where(
            (Obligation.organization == organization.id)
            & (Obligation.period_label == label)
            & monthly
            & (CatalogItem.time_limit == TimeLimit.PERIODIC.value)
        )
        .scalar()
    )
    if day is not None:
        return day if isinstance(day, dt.date) else dt.date.fromisoformat(str(day))
    for catalog in Catalog.select().where(Catalog.status == CatalogStatus.ACTIVE.value):
        if not catalog.binds(organization):
            continue
        item = (
            catalog.items.where(
                monthly
                & (CatalogItem.time_limit == TimeLimit.PERIODIC.value)
                & (CatalogItem.status == ItemStatus.ACTIVE.value)
            )
            .order_by(CatalogItem.sort_order, CatalogItem.id)
            .first()
        )
        if item is not None:
            return ctx.due_date(item, Period(first, last, label), WorkCalendar.from_database())
    return None


# --- Preparing a batch ------------------------------------------------------------------


def _previous_text(organization: Organization, item: CatalogItem) -> tuple[str, str] | None:
    """(title, body) of the latest published section, or disclosure, of ``item`` there."""
    section = (
        DisclosureSection.select(DisclosureSection)
        .join(Disclosure)
        .where(
            (Disclosure.organization == organization.id)
            & (DisclosureSection.catalog_item == item.id)
            & (DisclosureSection.version == Disclosure.current_version)
            & Disclosure.published_at.is_null(False)
            & ~DisclosureSection.withheld
        )
        .order_by(Disclosure.published_at.desc(), DisclosureSection.id.desc())
        .first()
    )
    if section is not None:
        return section.title, section.body
    single = (
        Disclosure.select()
        .where(
            (Disclosure.organization == organization.id)
            & (Disclosure.catalog_item == item.id)
            & Disclosure.published_at.is_null(False)
        )
        .order_by(Disclosure.published_at.desc(), Disclosure.id.desc())
        .first()
    )
    if single is not None:
        return item.title, disclosures.current_version(single).body
    return None


def _prefill(organization: Organization, item: CatalogItem) -> tuple[str, str]:
    previous = _previous_text(organization, item)
    if previous is not None:
        return previous
    body = "\n".join(p for p in (item.notes, item.legal_basis) if p) or item.title
    return item.title, body


def _default_scope_and_channels(
    unit: UnitContext, items: list[CatalogItem], scope: str | None, channels: list[str] | None
) -> tuple[str, list[str]]:
    """The widest scope the items allow that the channels carry, and those channels."""
    registry = unit.registry.channels
    if channels is None:
        offered = []
        for item in items:
            offered += [c for c in item.channels or [] if c in registry and c not in offered]
    else:
        offered = list(channels)
    candidates = [scope] if scope else sorted({i.scope for i in items}, key=width, reverse=True)
    for candidate in candidates:
        fitting = [c for c in offered if c in registry and registry.get(c).carries(candidate)]
        if channels is not None or fitting:
            return str(candidate), (list(channels) if channels is not None else fitting)
    return str(candidates[-1]), []  # create_draft refuses it with its own message


def _check_obligations(
    unit: UnitContext, organization: Organization, chosen: list[Obligation]
) -> None:
    seen = set()
    for obligation in chosen:
        if obligation.organization_id != organization.id:
            raise ValidationError(
                f"obligation {obligation.catalog_item.title} ({obligation.period_label}) "
                f"belongs to another organization than {organization.name}",
                "obligations",
            )
        if obligation.status not in _OPEN:
            raise ValidationError(
                f"obligation {obligation.catalog_item.title} ({obligation.period_label}) is "
                f"{ObligationStatus(obligation.status).label}, not due for disclosure",
                "obligations",
            )
        if obligation.id in seen:
            raise ValidationError(
                f"obligation {obligation.catalog_item.title} ({obligation.period_label}) is "
                "given twice",
                "obligations",
            )
        seen.add(obligation.id)
    busy = covered(seen, unit.registry.workflows)
    if busy:
        taken = next(o for o in chosen if o.id in busy)
        raise ValidationError(
            f"obligation {taken.catalog_item.title} ({taken.period_label}) is already in a "
            "disclosure in procedure",
            "obligations",
        )


def prepare_batch(
    unit: UnitContext,
    organization: Organization,
    proposer: Person,
    year: int,
    month: int,
    *,
    obligations: Iterable[Obligation] | None = None,
    title: str | None = None,
    scope: Scope | str | None = None,
    channels: Iterable[str] | None = None,
) -> Disclosure:
    """Draft the 党务公开日 sheet of ``organization`` for ``year``-``month`` (003 §8(二)).

    One section per obligation (default: :func:`due_for_batch`), in that order, prefilled
    from the previous period's published section (or disclosure) of the same item, else from
    the item. Title default: "<organization>2026年3月党务公开". Scope default: the widest the
    items allow that the channels carry (default channels: the items' channels that carry
    it); a section whose item has a narrower scope keeps that scope.

    :raises PermissionDenied, ValidationError: as :func:`disclosures.create_draft`; and
        nothing due that month, an obligation of another organization, one already fulfilled
        or closed, given twice, or already in a disclosure in procedure.
    """
    _month(year, month)
    if obligations is None:
        chosen = due_for_batch(organization, year, month, workflows=unit.registry.workflows)
    else:
        chosen = [Obligation.get_by_id(getattr(o, "id", o)) for o in obligations]
    if not chosen:
        raise ValidationError(
            f"nothing is due for {organization.name} in {year}-{int(month):02d}: there is no "
            "obligation to prepare a batch for",
            "month",
        )
    _check_obligations(unit, organization, chosen)
    items = [o.catalog_item for o in chosen]
    if scope is not None and str(scope) not in Scope.values():
        raise ValidationError(
            f"unknown scope {scope!r}; scopes are {', '.join(Scope.values())}", "scope"
        )
    sheet_scope, sheet_channels = _default_scope_and_channels(
        unit, items, str(scope) if scope else None, list(channels) if channels else None
    )
    texts = [_prefill(organization, item) for item in items]
    with atomic():
        disclosure = disclosures.create_draft(
            unit,
            organization,
            proposer,
            title or f"{organization.name}{year}年{int(month)}月党务公开",
            INTRODUCTION,
            sheet_scope,
            sheet_channels,
            important=any(i.important for i in items),
            period_label=f"{year}-{int(month):02d}",
        )
        for position, (obligation, item, (section_title, body)) in enumerate(
            zip(chosen, items, texts, strict=True), start=1
        ):
            narrower = width(item.scope) < width(sheet_scope)
            DisclosureSection.create(
                disclosure=disclosure,
                version=1,
                position=position,
                obligation=obligation,
                catalog_item=item,
                title=section_title,
                body=body,
                scope=item.scope if narrower else None,
            )
        audit.record(
            "disclosure.batch_prepare",
            "disclosure",
            disclosure.id,
            actor=proposer,
            organization=organization,
            payload={
                "month": f"{year}-{int(month):02d}",
                "obligations": [o.id for o in chosen],
                "items": [i.code for i in items],
            },
        )
    return disclosure


# --- Reading sections -------------------------------------------------------------------


__all__ = [
    "INTRODUCTION",
    "WITHHELD_NOTICE",
    "covered",
    "disclosure_day",
    "due_for_batch",
    "edit_section",
    "hidden_positions",
    "prepare_batch",
    "readable_sections",
    "republish_sections",
    "restore_section",
    "sections",
    "shown_sections",
    "withhold_section",
]
