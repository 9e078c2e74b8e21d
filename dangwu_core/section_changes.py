"""Changing a 党务公开日 sheet's sections: edit, withhold (暂不宜公开), restore, re-publish.

Before approval a sheet's proposer edits its sections (:func:`edit_section`, the same rule as
:func:`dangwu_core.disclosures.edit_draft`); a section not suitable for now is withheld with
its reason, filed with the upper organization (:func:`withhold_section`, 003 §9(二)), or
taken back (:func:`restore_section`). After publication a changed section is re-published
(再公开, :func:`republish_sections`) through the workflow's step of kind republish, with its
reason; the other sections are copied unchanged into the new version. :mod:`dangwu_core.batches`
re-exports these.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from . import access, audit, disclosures
from .db import atomic
from .errors import PermissionDenied, ValidationError
from .models import (
    Disclosure,
    DisclosureSection,
    Filing,
    FilingKind,
    Person,
    Scope,
)
from .models.kinds import StateKind
from .sections import sections, width
from .workflow.engine import fire

if TYPE_CHECKING:
    from .context import UnitContext


# --- Changing a draft's sections --------------------------------------------------------


def _fresh(section: DisclosureSection) -> tuple[DisclosureSection, Disclosure]:
    section = DisclosureSection.get_by_id(section.id)
    return section, Disclosure.get_by_id(section.disclosure_id)


def _check_scope(disclosure: Disclosure, scope: str | None) -> str | None:
    if scope is None or str(scope) == "" or str(scope) == disclosure.scope:
        return None
    if str(scope) not in Scope.values():
        raise ValidationError(
            f"unknown scope {scope!r}; scopes are {', '.join(Scope.values())}", "scope"
        )
    if width(str(scope)) > width(disclosure.scope):
        raise ValidationError(
            f"a section's scope may only be narrower than its disclosure's: "
            f"{Scope(str(scope)).label} is wider than {Scope(disclosure.scope).label}",
            "scope",
        )
    return str(scope)


def edit_section(
    unit: UnitContext,
    section: DisclosureSection,
    actor: Person,
    *,
    title: str | None = None,
    body: str | None = None,
    scope: Scope | str | None = None,
) -> DisclosureSection:
    """Change a draft's section (only in the draft state, only by its proposer).

    ``scope``: a narrower scope than the disclosure's, or the disclosure's own (or ``""``)
    to follow it again.

    :raises ValidationError, PermissionDenied, ConflictError: not a draft, not the proposer,
        an empty title or body, a scope wider than the disclosure's, a concurrent change.
    """
    section, disclosure = _fresh(section)
    disclosures.check_editable(unit, disclosure, actor)
    new_title = (title if title is not None else section.title).strip()
    new_body = body if body is not None else section.body
    if not new_title:
        raise ValidationError("a section needs a title", "title")
    if not (new_body or "").strip() and not section.withheld:
        raise ValidationError(f"the section “{new_title}” needs its content", "body")
    new_scope = _check_scope(disclosure, scope) if scope is not None else section.scope
    with atomic():
        disclosures.bump_lock(disclosure)
        DisclosureSection.update(title=new_title, body=new_body, scope=new_scope).where(
            DisclosureSection.id == section.id
        ).execute()
        audit.record(
            "disclosure.section_edit",
            "disclosure",
            disclosure.id,
            actor=actor,
            organization=disclosure.organization_id,
            payload={"section": section.position, "title": new_title, "scope": new_scope},
        )
    return DisclosureSection.get_by_id(section.id)


def _check_withholding(unit: UnitContext, disclosure: Disclosure, actor: Person) -> None:
    definition = unit.registry.workflows.get(disclosure.workflow)
    kind = definition.kind_of(disclosure.state)
    if kind not in (StateKind.DRAFT, StateKind.IN_PROCEDURE):
        raise ValidationError(
            f"“{disclosure.title}” is {definition.state_label(disclosure.state)}: sections are "
            "withheld or restored only before approval",
            "state",
        )
    if not access.allowed(
        actor,
        "disclosure.section_withhold",
        disclosure.organization_id,
        permissions=unit.registry.permissions,
    ):
        raise PermissionDenied(
            f"{actor.name} may not withhold sections of “{disclosure.title}”: it needs the "
            "role proposer, liaison, reviewer or approver there"
        )


def withhold_section(
    unit: UnitContext, section: DisclosureSection, actor: Person, reason: str
) -> Filing:
    """暂不宜公开: leave ``section`` out of the publication, filed with the upper organization
    (a ``Filing`` of kind ``not_suitable``, 003 §9(二)); at publication its obligation becomes
    ``not_suitable`` with that reason.

    :raises ValidationError: no reason, already withheld, or the disclosure is past approval.
    :raises PermissionDenied: ``actor`` holds none of the action's roles there.
    """
    section, disclosure = _fresh(section)
    _check_withholding(unit, disclosure, actor)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            f"withholding “{section.title}” (暂不宜公开) needs the reason to file", "reason"
        )
    if section.withheld:
        raise ValidationError(f"“{section.title}” is already withheld", "section")
    organization = disclosure.organization
    with atomic():
        disclosures.bump_lock(disclosure)
        filing = Filing.create(
            organization=organization,
            upper_organization=organization.parent_id,
            kind=FilingKind.NOT_SUITABLE.value,
            subject_type="obligation" if section.obligation_id else "disclosure",
            subject_id=section.obligation_id or disclosure.id,
            title=f"暂不宜公开备案：{disclosure.title}·{section.title}"[:300],
            body=reason,
            payload={"disclosure": disclosure.id, "section": section.position},
            filed_by=actor,
        )
        DisclosureSection.update(withheld=True, withheld_reason=reason, filing=filing).where(
            DisclosureSection.id == section.id
        ).execute()
        audit.record(
            "disclosure.section_withhold",
            "disclosure",
            disclosure.id,
            actor=actor,
            organization=organization,
            reason=reason,
            payload={"section": section.position, "filing": filing.id},
        )
    return filing


def restore_section(
    unit: UnitContext, section: DisclosureSection, actor: Person, reason: str = ""
) -> DisclosureSection:
    """Take a withheld section back into the publication (before approval); its filing is
    marked restored in its payload, kept for the record."""
    section, disclosure = _fresh(section)
    _check_withholding(unit, disclosure, actor)
    if not section.withheld:
        raise ValidationError(f"“{section.title}” is not withheld", "section")
    with atomic():
        disclosures.bump_lock(disclosure)
        if section.filing_id is not None:
            filing = Filing.get_by_id(section.filing_id)
            Filing.update(payload={**(filing.payload or {}), "restored": True}).where(
                Filing.id == filing.id
            ).execute()
        DisclosureSection.update(withheld=False, withheld_reason="", filing=None).where(
            DisclosureSection.id == section.id
        ).execute()
        audit.record(
            "disclosure.section_restore",
            "disclosure",
            disclosure.id,
            actor=actor,
            organization=disclosure.organization_id,
            reason=(reason or "").strip(),
            payload={"section": section.position, "filing": section.filing_id},
        )
    return DisclosureSection.get_by_id(section.id)


def _normalise_changes(disclosure: Disclosure, changes: Mapping) -> dict[int, dict[str, str]]:
    current = {s.position: s for s in sections(disclosure)}
    out: dict[int, dict[str, str]] = {}
    if not changes:
        raise ValidationError("re-publishing (再公开) sections needs at least one change")
    for key, change in changes.items():
        position = key.position if isinstance(key, DisclosureSection) else int(key)
        section = current.get(position)
        if section is None:
            raise ValidationError(
                f"“{disclosure.title}” has no section {position} in its current version",
                "sections",
            )
        if section.withheld:
            raise ValidationError(
                f"“{section.title}” is withheld (暂不宜公开): it is not re-published", "sections"
            )
        reason = str(change.get("reason") or "").strip()
        if not reason:
            raise ValidationError(
                f"re-publishing “{section.title}” (再公开) needs its reason", "reason"
            )
        body = change.get("body")
        title = change.get("title")
        if not str(body or "").strip() and not str(title or "").strip():
            raise ValidationError(
                f"re-publishing “{section.title}” (再公开) needs its changed content", "body"
            )
        out[position] = {"title": str(title or ""), "body": str(body or ""), "reason": reason}
    return out


def republish_sections(
    unit: UnitContext,
    disclosure: Disclosure,
    actor: Person,
    changes: Mapping,
    *,
    comment: str = "",
    feedback: int | None = None,
):
    """再公开 of a published sheet, section by section: fire its workflow's re-publication
    (the transition of kind ``republish``) with ``changes`` (a section or its position ->
    {"body", "title", "reason"}): a new version whose changed sections carry their reason and
    whose other sections are copied unchanged. Returns the audit event.

    :param comment: the re-publication's own reason; default: the sections' reasons joined.
    :param feedback: the id of the opinion (意见建议) that led to it, recorded on the new
        version and on the opinion (003 §8(四), 004 六(二)).
    :raises ValidationError: no change, an unknown or withheld section, a change without its
        reason or content; and whatever the transition refuses (state, role, guards).
    """
    disclosure = Disclosure.get_by_id(disclosure.id)
    normalised = _normalise_changes(disclosure, changes)
    definition = unit.registry.workflows.get(disclosure.workflow)
    steps = access.republications(definition, disclosure.state)
    if not steps:
        raise ValidationError(
            f"“{disclosure.title}” is {definition.state_label(disclosure.state)}: it cannot be "
            "re-published (再公开)",
            "state",
        )
    # The version's own reason is read wherever the sheet is: a narrower section's reason
    # stays on that section, where only its readers see it.
    current = {s.position: s for s in sections(disclosure)}
    reason = (comment or "").strip() or "；".join(
        f"{current[p].title}：{c['reason']}" if current[p].scope is None else f"第{p}项已更新"
        for p, c in sorted(normalised.items())
    )
    return fire(
        unit,
        disclosure,
        steps[0].name,
        actor,
        comment=reason,
        body=disclosures.current_version(disclosure).body,
        sections=normalised,
        **({"feedback": feedback} if feedback is not None else {}),
    )
