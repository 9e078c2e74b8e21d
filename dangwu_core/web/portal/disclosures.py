"""One disclosure: the current version, earlier versions with the reason for each
re-publication (再公开, 000 四(一)1(5)), the publication date, the display window and the
attachments (附件) of each version, downloaded under the same reading rule as the page."""

from __future__ import annotations

from flask import render_template

from ... import attachments
from ...models import DisclosureAddressee, DisclosureVersion, Scope
from ..caching import conditional
from ..downloads import attachment_response
from ..reading import readable_disclosure, state_label
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
    current, earlier = versions[0], versions[1:]
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
        files=attachments.of_version(item, current.number),
        earlier_files={v.number: attachments.of_version(item, v.number) for v in earlier},
    )


@blueprint.get("/disclosures/<int:disclosure_id>/attachments/<int:attachment_id>")
def attachment(disclosure_id: int, attachment_id: int):
    """One attachment of a disclosure, to whoever may read the disclosure."""
    return attachment_response(disclosure_id, attachment_id)
