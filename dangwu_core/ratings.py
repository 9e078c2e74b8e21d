"""民主评议: members rate their organization's disclosure work once a year (003 §9(七)).

A member gives a score from 1 (poor) to 5 (very good) and, if they like, a comment; a second
rating in the same year replaces the first (the newest opinion counts). Results are counted
per organization and year.
"""

from __future__ import annotations

from dataclasses import dataclass

import peewee

from . import access, audit
from .clock import today
from .db import atomic
from .errors import PermissionDenied, ValidationError
from .models import Organization, Person, Rating

MAX_COMMENT = 2000
SCORES = {1: "差", 2: "较差", 3: "一般", 4: "较好", 5: "好"}


def rate(person: Person, organization: Organization, score: int, comment: str = "") -> Rating:
    """Record ``person``'s rating of ``organization`` for this year.

    :raises PermissionDenied: ``person`` holds no role on the organization (not its member).
    :raises ValidationError: a score outside 1–5 or an over-long comment.
    """
    if not access.allowed(person, "organization.rate", organization):
        raise PermissionDenied(f"only members of {organization.name} rate its disclosure work")
    if not isinstance(score, int) or score not in SCORES:
        raise ValidationError("a rating is a score from 1 to 5", "score")
    comment = (comment or "").strip()
    if len(comment) > MAX_COMMENT:
        raise ValidationError(f"a comment is limited to {MAX_COMMENT} characters", "comment")
    year = today().year
    with atomic():
        Rating.delete().where(
            (Rating.organization == organization.id)
            & (Rating.person == person.id)
            & (Rating.year == year)
        ).execute()
        rating = Rating.create(
            organization=organization, person=person, year=year, score=score, comment=comment
        )
        audit.record(
            "organization.rate",
            "organization",
            organization.id,
            actor=person,
            organization=organization,
            payload={"year": year, "score": score},
        )
    return rating


@dataclass(frozen=True)
class Summary:
    count: int
    average: float | None


def summary(organization: Organization, year: int) -> Summary:
    count, average = (
        Rating.select(peewee.fn.COUNT(Rating.id), peewee.fn.AVG(Rating.score))
        .where((Rating.organization == organization.id) & (Rating.year == year))
        .tuples()
        .first()
    )
    return Summary(count or 0, round(float(average), 2) if average is not None else None)


def of(person: Person, organization: Organization, year: int) -> Rating | None:
    return Rating.get_or_none(
        (Rating.organization == organization.id)
        & (Rating.person == person.id)
        & (Rating.year == year)
    )
