"""The public portal (党务公开网): the unit's home page and its organization tree."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template

from .. import organizations
from ..models import Organization

blueprint = Blueprint("portal", __name__)


@blueprint.get("/")
def home():
    unit = current_app.extensions["dangwu"]
    roots = organizations.tree()
    types = unit.registry.organization_types
    labels = {t.name: t.label for t in types}
    return render_template(
        "portal/home.html",
        roots=roots,
        type_labels=labels,
        organization_count=Organization.select().count(),
    )
