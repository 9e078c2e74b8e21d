"""The unit's home page: its organization tree and the newest disclosures the reader may see."""

from __future__ import annotations

from ... import organizations
from ...models import Organization
from ..caching import conditional
from ..reading import listing, shown, unit
from .blueprint import blueprint

NEWEST = 10


@blueprint.get("/")
@conditional
def home():
    from flask import render_template

    roots = organizations.tree()
    labels = {t.name: t.label for t in unit().registry.organization_types}
    return render_template(
        "portal/home.html",
        roots=roots,
        type_labels=labels,
        organization_count=Organization.select().count(),
        newest=shown(listing().rows(0, NEWEST)),
    )
