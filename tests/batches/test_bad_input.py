"""Bad input to a 党务公开日 batch (003 §8(二), §9(二)): one clear error naming the cause,
and the database exactly as it was."""

from __future__ import annotations

import datetime as dt

import pytest

from dangwu_core import batches
from dangwu_core.errors import PermissionDenied, ValidationError
from dangwu_core.models import Disclosure

from .conftest import on, walk


@pytest.fixture
def url(branch):
    return branch.unit.settings.database_url


def test_a_month_with_nothing_due_is_refused_003_8_2(branch, contents, url):
    """003 §8(二): a sheet covers what is due; with everything in a procedure, nothing is."""
    unit, b01 = branch.unit, branch.orgs["TS-B01"]
    with on(dt.date(2026, 3, 2)):
        batches.prepare_batch(unit, b01, branch.liaison, 2026, 3)  # January to March
        before = contents(url)
        with pytest.raises(ValidationError, match=r"nothing is due for .* in 2026-03"):
            batches.prepare_batch(unit, b01, branch.liaison, 2026, 3)
        with pytest.raises(ValidationError, match="there is no month 13"):
            batches.prepare_batch(unit, b01, branch.liaison, 2026, 13)
    assert contents(url) == before


def test_an_obligation_of_another_organization_is_refused_003_8_2(branch, contents, url):
    """003 §8(二): a branch's sheet covers that branch's obligations only."""
    unit, b01, b02 = branch.unit, branch.orgs["TS-B01"], branch.orgs["TS-B02"]
    with on(dt.date(2026, 3, 2)):
        theirs = batches.due_for_batch(b02, 2026, 3)[:1]
        ours = batches.due_for_batch(b01, 2026, 3)[:1]
        before = contents(url)
        with pytest.raises(ValidationError, match="belongs to another organization than"):
            batches.prepare_batch(unit, b01, branch.liaison, 2026, 3, obligations=ours + theirs)
        with pytest.raises(ValidationError, match="given twice"):
            batches.prepare_batch(unit, b01, branch.liaison, 2026, 3, obligations=ours + ours)
        with pytest.raises(PermissionDenied, match="may not propose disclosures"):
            batches.prepare_batch(unit, b01, branch.other_liaison, 2026, 3, obligations=ours)
    assert contents(url) == before


def test_withholding_needs_a_reason_and_sections_never_widen_003_9_2(branch, contents, url):
    """003 §9(二): 暂不宜公开 is filed with its reason; a section is never wider than its
    sheet; only the proposer edits the draft."""
    unit, b01 = branch.unit, branch.orgs["TS-B01"]
    with on(dt.date(2026, 3, 2)):
        sheet = batches.prepare_batch(
            unit, b01, branch.liaison, 2026, 3, scope="party", channels=["meeting"]
        )
        first = batches.sections(sheet)[0]
        before = contents(url)
        with pytest.raises(ValidationError, match="needs the reason to file"):
            batches.withhold_section(unit, first, branch.liaison, "  ")
        with pytest.raises(ValidationError, match="only be narrower"):
            batches.edit_section(unit, first, branch.liaison, scope="public")
        with pytest.raises(PermissionDenied, match="only the proposer"):
            batches.edit_section(unit, first, branch.reviewer, body="改")
        with pytest.raises(PermissionDenied, match="may not withhold"):
            batches.withhold_section(unit, first, branch.member, "理由")
        with pytest.raises(ValidationError, match="is not withheld"):
            batches.restore_section(unit, first, branch.liaison)
    assert contents(url) == before
    assert Disclosure.get_by_id(sheet.id).scope == "party"


def test_republishing_a_section_needs_its_reason_000_4_1(branch, contents, url):
    """000 四(一)1(5) (再公开 with its reason), per section of a published sheet."""
    unit, b01 = branch.unit, branch.orgs["TS-B01"]
    with on(dt.date(2026, 3, 2)):
        sheet = batches.prepare_batch(unit, b01, branch.liaison, 2026, 3)
        walk(unit, sheet, branch)
        first = batches.sections(sheet)[0]
        before = contents(url)
        with pytest.raises(ValidationError, match="needs its reason"):
            batches.republish_sections(unit, sheet, branch.office, {first: {"body": "新"}})
        with pytest.raises(ValidationError, match="no section 99"):
            batches.republish_sections(
                unit, sheet, branch.office, {99: {"body": "新", "reason": "更正"}}
            )
        with pytest.raises(ValidationError, match="at least one change"):
            batches.republish_sections(unit, sheet, branch.office, {})
    assert contents(url) == before
