"""A branch's month on the 党务公开日 sheet: what is due, one batch, one procedure, one
publication that fulfils every covered obligation (003 §8(二))."""

from __future__ import annotations

import datetime as dt

from dangwu_core import batches
from dangwu_core.models import (
    Disclosure,
    DisclosureSection,
    Event,
    Filing,
    FilingKind,
    Obligation,
    ObligationStatus,
)

from .conftest import on, walk

MONTHLY = ["JY-01", "JY-02", "SX-01", "SX-02", "ZZ-04", "FW-01", "LZ-01"]


def codes(obligations):
    return [o.catalog_item.code for o in obligations]


def test_one_sheet_fulfils_the_months_obligations_on_time_003_8_2(branch):
    """003 §8(二): every month a branch discloses, on its 党务公开日, the items due that
    month: listed, prepared as one sheet, reviewed, approved and published once; each covered
    obligation is fulfilled on time against its own due date."""
    unit, b01 = branch.unit, branch.orgs["TS-B01"]
    with on(dt.date(2026, 3, 2)):
        due = batches.due_for_batch(b01, 2026, 3, workflows=unit.registry.workflows)
        march = [o for o in due if o.period_label == "2026-03"]
        assert codes(march) == MONTHLY  # catalog order
        day = batches.disclosure_day(unit, b01, 2026, 3)
        assert day == march[0].due_date and all(o.due_date == day for o in march)

        sheet = batches.prepare_batch(unit, b01, branch.liaison, 2026, 3, obligations=march)
        assert sheet.title == "中共测试单位第一支部委员会2026年3月党务公开"
        assert sheet.scope == "public" and set(sheet.channels) == {"bulletin_board", "website"}
        parts = batches.sections(sheet)
        assert [s.position for s in parts] == list(range(1, 8))
        assert [s.catalog_item.code for s in parts] == MONTHLY
        assert [s.scope for s in parts if s.catalog_item.code in ("JY-02", "FW-01")] == [
            None,
            None,
        ]
        assert {s.scope for s in parts if s.catalog_item.code not in ("JY-02", "FW-01")} == {
            "party"
        }
        # a batch in procedure covers its obligations: they are no longer due for another
        assert [
            o
            for o in batches.due_for_batch(b01, 2026, 3, workflows=unit.registry.workflows)
            if o.period_label == "2026-03"
        ] == []

    with on(dt.date(2026, 3, 4)):
        walk(unit, sheet, branch)
    assert sheet.state == "published"
    for obligation in march:
        fresh = Obligation.get_by_id(obligation.id)
        assert fresh.status == ObligationStatus.ON_TIME
    events = Event.select().where(
        (Event.action == "obligation.fulfil") & Event.subject_id.in_([o.id for o in march])
    )
    assert events.count() == len(march)


def test_the_next_month_is_prefilled_from_the_last_published_section_003_8_2(branch):
    """003 §8(二): the monthly items repeat; April's sheet starts from March's texts."""
    unit, b01 = branch.unit, branch.orgs["TS-B01"]
    with on(dt.date(2026, 3, 2)):
        march = [o for o in batches.due_for_batch(b01, 2026, 3) if o.period_label == "2026-03"]
        sheet = batches.prepare_batch(unit, b01, branch.liaison, 2026, 3, obligations=march)
        dues = next(s for s in batches.sections(sheet) if s.catalog_item.code == "ZZ-04")
        batches.edit_section(unit, dues, branch.liaison, body="3月应收党费1200元，已全部收缴。")
        sheet = Disclosure.get_by_id(sheet.id)  # the edit bumped its lock version
    with on(dt.date(2026, 3, 4)):
        walk(unit, sheet, branch)
    with on(dt.date(2026, 4, 1)):
        april = batches.prepare_batch(unit, b01, branch.liaison, 2026, 4)
        dues = next(s for s in batches.sections(april) if s.catalog_item.code == "ZZ-04")
        assert dues.body == "3月应收党费1200元，已全部收缴。"


def test_a_withheld_section_is_filed_and_one_section_republished_with_its_reason(branch):
    """003 §9(二): a section not suitable for now is filed with the upper organization and its
    obligation is 暂不宜公开; 再公开 changes one section with its reason, the others stay."""
    unit, b01 = branch.unit, branch.orgs["TS-B01"]
    with on(dt.date(2026, 3, 2)):
        march = [o for o in batches.due_for_batch(b01, 2026, 3) if o.period_label == "2026-03"]
        sheet = batches.prepare_batch(unit, b01, branch.liaison, 2026, 3, obligations=march)
        parts = {s.catalog_item.code: s for s in batches.sections(sheet)}
        filing = batches.withhold_section(
            unit, parts["LZ-01"], branch.liaison, "涉及正在调查的问题，暂不宜公开"
        )
        sheet = Disclosure.get_by_id(sheet.id)
        assert filing.kind == FilingKind.NOT_SUITABLE and filing.upper_organization_id == (
            branch.orgs["TS"].id
        )
    with on(dt.date(2026, 3, 4)):
        walk(unit, sheet, branch)
    withheld = Obligation.get_by_id(parts["LZ-01"].obligation_id)
    assert withheld.status == ObligationStatus.NOT_SUITABLE
    assert withheld.closed_reason == "涉及正在调查的问题，暂不宜公开"
    assert Obligation.get_by_id(parts["ZZ-04"].obligation_id).status == ObligationStatus.ON_TIME
    assert Filing.get_by_id(filing.id).subject_id == withheld.id

    with on(dt.date(2026, 3, 10)):
        batches.republish_sections(
            unit,
            sheet,
            branch.office,
            {parts["FW-01"]: {"body": "更正：共办理群众关注问题5件。", "reason": "原数字有误"}},
        )
    sheet = Disclosure.get_by_id(sheet.id)
    assert sheet.current_version == 2
    old, new = batches.sections(sheet, version=1), batches.sections(sheet)
    assert len(new) == len(old) == 7
    changed = [s for s in new if s.reason]
    assert [(s.catalog_item.code, s.reason) for s in changed] == [("FW-01", "原数字有误")]
    assert changed[0].body == "更正：共办理群众关注问题5件。"
    for before, after in zip(old, new, strict=True):
        if after.catalog_item.code != "FW-01":
            assert (after.title, after.body, after.scope, after.withheld) == (
                before.title,
                before.body,
                before.scope,
                before.withheld,
            )
    assert DisclosureSection.select().where(DisclosureSection.disclosure == sheet.id).count() == 14
    event = Event.select().where(Event.action == "disclosure.republish").get()
    assert "原数字有误" in event.reason


def test_a_withheld_section_taken_back_is_published_and_its_filing_marked_003_9_2(branch):
    """003 §9(二): a section withheld by mistake is restored before approval: it is
    published with the sheet, its obligation fulfilled, its filing kept and marked."""
    unit, b01 = branch.unit, branch.orgs["TS-B01"]
    with on(dt.date(2026, 3, 2)):
        march = [o for o in batches.due_for_batch(b01, 2026, 3) if o.period_label == "2026-03"]
        sheet = batches.prepare_batch(unit, b01, branch.liaison, 2026, 3, obligations=march)
        first = batches.sections(sheet)[0]
        filing = batches.withhold_section(unit, first, branch.liaison, "待核实")
        restored = batches.restore_section(unit, first, branch.reviewer, "已核实")
        assert not restored.withheld and restored.filing_id is None
        assert Filing.get_by_id(filing.id).payload["restored"] is True
        sheet = Disclosure.get_by_id(sheet.id)
    with on(dt.date(2026, 3, 4)):
        walk(unit, sheet, branch)
    assert Obligation.get_by_id(first.obligation_id).status == ObligationStatus.ON_TIME


def test_a_deferred_sheet_files_every_obligation_it_covers_003_9_2(branch):
    """003 §9(二): the approver defers the whole sheet (暂不宜公开): each obligation its
    sections cover is filed as not suitable for now."""
    unit, b01 = branch.unit, branch.orgs["TS-B01"]
    with on(dt.date(2026, 3, 2)):
        march = [o for o in batches.due_for_batch(b01, 2026, 3) if o.period_label == "2026-03"]
        sheet = batches.prepare_batch(unit, b01, branch.liaison, 2026, 3, obligations=march)
        walk(unit, sheet, branch, until="awaiting_approval")
        unit.fire(sheet, "defer", branch.secretary, comment="本月内容需统一部署后公开")
    statuses = {Obligation.get_by_id(o.id).status for o in march}
    assert statuses == {ObligationStatus.NOT_SUITABLE}
