"""Migration 0008 (disclosure sections, 003 §8(二)): an older unit upgrades, its disclosures
read as before (no sections), and a 党务公开日 sheet can be prepared on it at once.

Runs on SQLite and, with ``TEST_POSTGRESQL_URL``, on PostgreSQL (``old_unit``).
"""

from __future__ import annotations

import datetime as dt

from dangwu_core import batches, migrate
from dangwu_core.clock import FixedClock, get_clock, use_clock
from dangwu_core.models import (
    Attachment,
    Disclosure,
    DisclosureSection,
    Obligation,
    ObligationStatus,
    RoleAssignment,
)
from dangwu_core.settings import load_settings
from dangwu_core.unit import Unit

from .test_upgrade_from_0001 import invoke, old_unit  # noqa: F401 (the fixture)

SECTIONS = "0008_disclosure_sections"


def test_an_older_unit_gains_sections_and_keeps_its_disclosures_003_8_2(old_unit):  # noqa: F811
    """003 §8(二): after `dangwu db upgrade` a unit made before sheets existed keeps every
    disclosure as it was (no sections, files of no section) and prepares a sheet."""
    assert f"pending  {SECTIONS}" in invoke(old_unit, "db", "status").output
    invoke(old_unit, "db", "upgrade")
    assert f"applied  {SECTIONS}" in invoke(old_unit, "db", "status").output

    unit = Unit.start(load_settings(environ={}, database_url=old_unit))
    unit.connect()
    try:
        assert migrate.schema_drift(unit.db) == []
        assert DisclosureSection.select().count() == 0
        assert Attachment.select().where(Attachment.section.is_null(False)).count() == 0
        for disclosure in Disclosure.select():
            assert batches.sections(disclosure) == []

        pending = (
            Obligation.select()
            .where(Obligation.status == ObligationStatus.PENDING.value)
            .order_by(Obligation.due_date)
        )
        obligation = next(
            o
            for o in pending
            if RoleAssignment.select()
            .where(
                (RoleAssignment.organization == o.organization_id)
                & (RoleAssignment.role == "proposer")
            )
            .exists()
        )
        proposer = (
            RoleAssignment.select()
            .where(
                (RoleAssignment.organization == obligation.organization_id)
                & (RoleAssignment.role == "proposer")
            )
            .first()
            .person
        )
        due = obligation.due_date
        tz = get_clock().tz
        with use_clock(FixedClock(dt.datetime(due.year, due.month, 1, 9, tzinfo=tz))):
            sheet = batches.prepare_batch(
                unit,
                obligation.organization,
                proposer,
                due.year,
                due.month,
                obligations=[obligation],
            )
        [section] = batches.sections(sheet)
        assert section.obligation_id == obligation.id and section.version == 1
        assert section.catalog_item_id == obligation.catalog_item_id
    finally:
        unit.db.close()
