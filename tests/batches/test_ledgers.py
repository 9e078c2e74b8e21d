"""The registers and the due page show which sheet, and which of its sections, fulfilled each
obligation (003 §8(二); 002's 台帐)."""

from __future__ import annotations

import datetime as dt

from dangwu_core import batches, ledgers
from dangwu_core.app import create_app

from .conftest import on, walk


def test_the_register_names_each_section_and_its_obligation_003_8_2(branch):
    """003 §8(二): one line for the sheet's publication, naming every section with the status
    of the obligation it fulfilled, a withheld one as 暂不宜公开."""
    unit, b01 = branch.unit, branch.orgs["TS-B01"]
    with on(dt.date(2026, 3, 2)):
        march = [o for o in batches.due_for_batch(b01, 2026, 3) if o.period_label == "2026-03"]
        sheet = batches.prepare_batch(unit, b01, branch.liaison, 2026, 3, obligations=march)
        parts = {s.catalog_item.code: s for s in batches.sections(sheet)}
        batches.withhold_section(unit, parts["LZ-01"], branch.liaison, "涉及在办案件")
        sheet = type(sheet).get_by_id(sheet.id)
    with on(dt.date(2026, 3, 4)):
        walk(unit, sheet, branch)
    register = ledgers.disclosure_register(unit, b01, dt.date(2026, 3, 1), dt.date(2026, 3, 31))
    [row] = register.rows
    assert row[1] == sheet.title and row[2] == "党务公开日（7项）"
    note = row[-1]
    assert f"5. {parts['ZZ-04'].title}（按时公开，2026-03）" in note
    assert f"7. {parts['LZ-01'].title}（暂不宜公开，2026-03）" in note


def test_the_due_page_links_each_covered_obligation_to_its_section_003_8_2(branch):
    """003 §8(二): the public due page shows the sheet for each public section's obligation
    and never links a party-only section for an anonymous reader."""
    unit, b01 = branch.unit, branch.orgs["TS-B01"]
    with on(dt.date(2026, 3, 2)):
        march = [o for o in batches.due_for_batch(b01, 2026, 3) if o.period_label == "2026-03"]
        sheet = batches.prepare_batch(unit, b01, branch.liaison, 2026, 3, obligations=march)
        parts = {s.catalog_item.code: s for s in batches.sections(sheet)}
    with on(dt.date(2026, 3, 4)):
        walk(unit, sheet, branch)
        page = (
            create_app(unit=unit)
            .test_client()
            .get("/org/TS-B01/due?year=2026&period=2026-03")
            .get_data(as_text=True)
        )
    public = parts["FW-01"].position
    party = parts["ZZ-04"].position
    assert f'href="/disclosures/{sheet.id}#section-{public}"' in page
    assert f'href="/disclosures/{sheet.id}#section-{party}"' not in page
