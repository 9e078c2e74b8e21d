"""风险评估 (004 七(四)): the risk assessments an item needs before it is decided, and those made.

A catalog item may ask for them (``CatalogItem.risk_assessment``); so may the reviewer or a
plugin, recorded as a :class:`RiskRequirement`. Each :class:`RiskAssessment` is one complete
assessment of one kind, by a named assessor: every aspect of the kind rated 低/中/高 with a note.
"""

from __future__ import annotations

import peewee

from .base import JSONField, TimestampedModel, check_in
from .choices import LabelledEnum
from .disclosure import Disclosure
from .people import Person


class RiskKind(LabelledEnum):
    """Which assessment: social stability (every flagged item), online opinion (major ones)."""

    STABILITY = "stability", "社会稳定风险评估"
    OPINION = "opinion", "网络舆情风险评估"


class RiskRequirement(TimestampedModel):
    """An item flagged as needing a risk assessment of ``kind`` (by the reviewer, a plugin)."""

    disclosure = peewee.ForeignKeyField(
        Disclosure, backref="risk_requirements", on_delete="CASCADE", index=False
    )
    kind = peewee.CharField(max_length=16, constraints=[peewee.Check(check_in("kind", RiskKind))])
    #: ``reviewer`` or ``plugin:<rule name>``.
    source = peewee.CharField(max_length=100)
    flagged_by = peewee.ForeignKeyField(Person, null=True, on_delete="SET NULL")
    reason = peewee.TextField(default="")

    class Meta:
        indexes = ((("disclosure", "kind"), False),)


class RiskAssessment(TimestampedModel):
    """One complete assessment: ``ratings`` is ``aspect -> {"rating": low|medium|high, "note"}``."""

    disclosure = peewee.ForeignKeyField(
        Disclosure, backref="risk_assessments", on_delete="CASCADE", index=False
    )
    kind = peewee.CharField(max_length=16, constraints=[peewee.Check(check_in("kind", RiskKind))])
    ratings = JSONField(default=dict)
    #: The named assessor (评估人), who may be someone without an account.
    assessor = peewee.CharField(max_length=100)
    entered_by = peewee.ForeignKeyField(Person, null=True, on_delete="SET NULL")

    class Meta:
        indexes = ((("disclosure", "kind"), False),)
