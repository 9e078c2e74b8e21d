"""A member's own page: what they may read beyond the public, their requests and feedback,
and the yearly rating of their organizations' disclosure work (民主评议, 003 §9(七))."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required

from ... import ratings
from ...clock import today
from ...models import (
    Disclosure,
    DisclosureRequest,
    Feedback,
    Organization,
    RoleAssignment,
    Scope,
)
from ..auth import current_person
from ..forms import RatingForm
from ..permissions import requires
from ..reading import listed, organization_by_code, shown
from .blueprint import blueprint

LIMIT = 50


def _organizations(person) -> list[Organization]:
    return list(
        Organization.select()
        .join(RoleAssignment, on=(RoleAssignment.organization == Organization.id))
        .where(RoleAssignment.person == person.id)
        .distinct()
        .order_by(Organization.depth, Organization.code)
    )


@blueprint.get("/")
@login_required
def home():
    person = current_person()
    beyond_public = (
        listed()
        .where(Disclosure.scope != Scope.PUBLIC.value)
        .order_by(Disclosure.published_at.desc(nulls="LAST"), Disclosure.id.desc())
        .limit(LIMIT)
    )
    items = shown(beyond_public)  # titles masked (脱敏) where the reader may not see them
    year = today().year
    orgs = _organizations(person)
    return render_template(
        "party/home.html",
        addressed=[d for d in items if d.scope == Scope.SPECIFIC.value],
        inner=[d for d in items if d.scope != Scope.SPECIFIC.value],
        organizations=orgs,
        requests=list(
            DisclosureRequest.select()
            .where(DisclosureRequest.applicant == person.id)
            .order_by(DisclosureRequest.created_at.desc())
            .limit(LIMIT)
        ),
        feedback=list(
            Feedback.select()
            .where(Feedback.reporter == person.id)
            .order_by(Feedback.created_at.desc())
            .limit(LIMIT)
        ),
        ratings={o.id: ratings.of(person, o, year) for o in orgs},
        summaries={o.id: ratings.summary(o, year) for o in orgs},
        year=year,
        rating_form=RatingForm(),
    )


@blueprint.post("/rate/<code>")
@login_required
@requires(
    "organization.rate",
    organization_from=lambda code: organization_by_code(code),
    message=_l("只有本组织党员可以评议本组织的党务公开工作"),
)
def rate(code: str):
    person = current_person()
    org = organization_by_code(code)
    form = RatingForm()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for message in errors:
                flash(message, "error")
        return redirect(url_for("party.home"))
    ratings.rate(person, org, int(form.score.data), form.comment.data or "")
    flash(_("感谢您对%(org)s党务公开工作的评议", org=org.name), "info")
    return redirect(url_for("party.home"))
