"""One disclosure: the current version, earlier versions with the reason for each
re-publication (再公开, 000 四(一)1(5)), the publication date and the display window."""

from __future__ import annotations

from flask import render_template

from ...models import DisclosureAddressee, DisclosureVersion, Scope
from ..caching import conditional
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
    )
