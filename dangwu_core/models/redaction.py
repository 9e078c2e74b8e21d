"""脱密脱敏: the review checks' findings stored with each version, and the reviewer's
decision on each.

A :class:`VersionReview` is one stored run of the checks on a version (at submission, at
approval, at a re-publication): each check's outcome and message. Each span a check found is a
:class:`VersionFinding` row: where (``source``, ``start``, ``end``), what (``kind``,
``action``), the masked ``suggestion`` and a keyed ``digest`` of the found text, never the
text itself (an ID number stays in the version's own text and nowhere else). A
:class:`FindingDecision` is a reviewer's ``accept`` or ``override`` (with a reason) of one
finding; the latest decision of a finding is the one in force.

What readers who may not see the original are shown is kept on the version itself
(``DisclosureVersion.public_title`` / ``public_body``, ``Disclosure.public_title``), so lists
and pages decide "original or redacted" without a query per row (see
:mod:`dangwu_core.redaction`).
"""

from __future__ import annotations

import peewee

from .base import JSONField, TimestampedModel, check_in
from .disclosure import DisclosureVersion
from .people import Person

#: What a reviewer decides on one finding.
DECISION_KINDS = ("accept", "override")


class VersionReview(TimestampedModel):
    """The latest stored run of the review checks on one version."""

    version = peewee.ForeignKeyField(
        DisclosureVersion, backref="reviews", on_delete="CASCADE", unique=True
    )
    #: When it ran: the kind of the transition (``propose``, ``approve``, ``republish``).
    stage = peewee.CharField(max_length=32)
    #: Per check: ``check``, ``aspect``, ``outcome``, ``message``, ``escalate``.
    results = JSONField(default=list)


class VersionFinding(TimestampedModel):
    """One span a review check found in a version (its offsets, never its text)."""

    version = peewee.ForeignKeyField(
        DisclosureVersion, backref="findings", on_delete="CASCADE", index=False
    )
    check = peewee.CharField(max_length=100)
    kind = peewee.CharField(max_length=32)
    action = peewee.CharField(max_length=16)
    #: ``title``, ``body``, ``filename:<name>`` or ``attachment:<name>``.
    source = peewee.CharField(max_length=300)
    start = peewee.IntegerField(column_name="start_offset")
    end = peewee.IntegerField(column_name="end_offset")
    suggestion = peewee.CharField(max_length=300, default="")
    #: HMAC-SHA256 of the found text under the unit's secret key.
    digest = peewee.CharField(max_length=64)

    class Meta:
        indexes = ((("version", "source", "start", "end", "kind"), True),)
        constraints = [peewee.Check("end_offset > start_offset")]


class FindingDecision(TimestampedModel):
    """A reviewer's decision on one finding: ``accept`` the redaction or ``override`` it."""

    finding = peewee.ForeignKeyField(
        VersionFinding, backref="decisions", on_delete="CASCADE", index=False
    )
    kind = peewee.CharField(
        max_length=16, constraints=[peewee.Check(check_in("kind", DECISION_KINDS))]
    )
    by = peewee.ForeignKeyField(Person, on_delete="RESTRICT", column_name="by_id")
    at = peewee.DateTimeField()
    reason = peewee.TextField(default="")

    class Meta:
        indexes = ((("finding", "id"), False),)
