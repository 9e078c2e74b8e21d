"""One disclosure: the current version, earlier versions with the reason for each
re-publication (再公开, 000 四(一)1(5)), the publication date, the display window and the
attachments (附件) of each version, downloaded under the same reading rule as the page; a
党务公开日 sheet's sections (003 §8(二)) as parts of the page, those the reader may read only
(:func:`dangwu_core.sections.shown_sections`)."""

from __future__ import annotations

from flask import render_template

from ... import access, attachments, findings, sections
from ...models import DisclosureAddressee, DisclosureVersion, Scope
from ..auth import current_person
from ..caching import conditional
from ..downloads import attachment_response
from ..reading import readable_disclosure, state_label
from ..reading import reader as current_reader
from .blueprint import blueprint


@blueprint.get("/disclosures/<int:disclosure_id>")
@conditional
def disclosure(disclosure_id: int):
    item = readable_disclosure(disclosure_id)
    versions = list(
        DisclosureVersion.select()
        .where(
            (DisclosureVersion.disclosure == item.id)
            & (DisclosureVersion.number <= item.current_version)
        )
        .order_by(DisclosureVersion.number.desc())
    )
    seen = current_reader()
    versions = access.shown_versions(seen, item, versions)  # masked (脱敏) for most readers
    current, earlier = versions[0], versions[1:]
    reader = current_person()
    hidden = sections.hidden_positions(item, reader)

    def files_of(number: int) -> list:
        return [f for f in attachments.of_version(item, number) if f.section not in hidden]

    current_files = files_of(current.number)
    earlier_files = {v.number: files_of(v.number) for v in earlier}
    every_file = {f.id: f for f in current_files}
    every_file.update({f.id: f for files in earlier_files.values() for f in files})
    addressed = item.scope == Scope.SPECIFIC.value and bool(
        DisclosureAddressee.select().where(DisclosureAddressee.disclosure == item.id).exists()
    )
    return render_template(
        "portal/disclosure.html",
        item=item,
        current=current,
        earlier=earlier,
        state=state_label(item),
        scope=Scope(item.scope).label,
        addressed=addressed,
        files=[f for f in current_files if f.section is None],
        earlier_files=earlier_files,
        file_notes=findings.file_statuses(seen, item, list(every_file.values())),
        parts=sections.shown_sections(item, reader),
        section_files={
            p: [f for f in current_files if f.section == p]
            for p in {f.section for f in current_files if f.section is not None}
        },
    )


@blueprint.get("/disclosures/<int:disclosure_id>/attachments/<int:attachment_id>")
def attachment(disclosure_id: int, attachment_id: int):
    """One attachment of a disclosure, to whoever may read the disclosure."""
    return attachment_response(disclosure_id, attachment_id)
