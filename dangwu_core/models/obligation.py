"""应公开事项: one (organization, catalog item, period) that must be disclosed by a due date."""

from __future__ import annotations

import peewee

from .base import TimestampedModel, check_in
from .catalog import CatalogItem
from .choices import ObligationStatus
from .organization import Organization


class Obligation(TimestampedModel):
    organization = peewee.ForeignKeyField(
        Organization, backref="obligations", on_delete="CASCADE", index=False
    )
    catalog_item = peewee.ForeignKeyField(CatalogItem, backref="obligations", on_delete="CASCADE")
    #: A stable label for the period: "2026-03", "2026-Q1", "2026-H1", "2026", "长期", a phase.
    period_label = peewee.CharField(max_length=64)
    period_start = peewee.DateField()
    period_end = peewee.DateField()
    due_date = peewee.DateField()
    #: True when the due date was computed past the official holiday calendar's coverage.
    due_provisional = peewee.BooleanField(default=False)
    status = peewee.CharField(
        max_length=16,
        default=ObligationStatus.PENDING,
        constraints=[peewee.Check(check_in("status", ObligationStatus))],
    )
    fulfilled_at = peewee.DateTimeField(null=True)
    closed_reason = peewee.TextField(default="")

    class Meta:
        indexes = (
            (("organization", "catalog_item", "period_label"), True),
            (("organization", "status", "due_date"), False),
            (("status", "due_date"), False),
        )
        constraints = [peewee.Check("period_start <= period_end")]
