"""The figures and the accountability cases computed in SQL are exactly what the rows give when
each is judged in Python, as dangwu computed them before (``reference.py``), on SQLite and on
PostgreSQL.

Rules: issue 13 item 8 ("large reports stream or aggregate in SQL"; PostgreSQL gives identical
answers); 003 §9(五) (the figures supervisors watch); 003 §9(八), 004 七(十), 004 七(二) (the
cases of 责任追究).
"""

from __future__ import annotations

from collections import Counter

import pytest

from dangwu_core import accountability, supervision
from dangwu_core.demo import build_demo
from dangwu_core.models import Organization
from dangwu_core.supervision import CASE_KINDS, Row

from .reference import every_kind_of_case, reference_cases, reference_rows

PERIOD = supervision.Period.year()


@pytest.fixture
def town(any_unit):
    build_demo(any_unit, "testsector")
    every_kind_of_case(PERIOD)
    return any_unit


def _organizations() -> list[Organization]:
    return list(Organization.select().order_by(Organization.code))


def test_every_case_of_every_subtree_is_the_reference_one_in_order(town):
    town_cases = reference_cases(Organization.get(Organization.code == "TS"), PERIOD)
    assert set(Counter(c.kind for c in town_cases)) == set(CASE_KINDS)  # every kind occurs
    assert any(c.subject.endswith("等") for c in town_cases if c.kind == "catalog_not_adjusted")
    for root in _organizations():
        expected = reference_cases(root, PERIOD)
        found = accountability.cases(root, PERIOD)
        assert list(found) == expected, root.code
        assert found.counts() == {k: sum(c.kind == k for c in expected) for k in CASE_KINDS}
        assert len(found) == len(expected) and bool(found) == bool(expected)
        for size in (1, 3, 7):
            for offset in range(0, len(expected) + size, size):
                assert found.page(offset, size) == expected[offset : offset + size]


def test_cases_by_kind_and_by_organization_are_the_references_subsets(town):
    root = Organization.get(Organization.code == "TS")
    expected = reference_cases(root, PERIOD)
    for kind in CASE_KINDS:
        chosen = accountability.cases(root, PERIOD, kinds=[kind])
        assert list(chosen) == [c for c in expected if c.kind == kind]
        assert chosen.page(1, 4) == [c for c in expected if c.kind == kind][1:5]
    both = accountability.cases(root, PERIOD, kinds=["late", "missing"])
    assert list(both) == [c for c in expected if c.kind in ("late", "missing")]
    for organization in _organizations():
        own = accountability.cases(root, PERIOD, organization=organization.id)
        assert list(own) == [c for c in expected if c.organization_id == organization.id]
    with pytest.raises(KeyError):
        accountability.cases(root, PERIOD, kinds=["unknown"])


def test_the_dashboard_and_the_summary_are_the_figures_of_the_rows(town):
    for root in _organizations():
        rows, months = reference_rows(root, PERIOD)
        board = supervision.dashboard(root, PERIOD)
        assert board.rows == rows, root.code
        assert board.by_month == months
        summary = supervision.summary(root, PERIOD)
        assert summary.by_month == months
        assert summary.totals == board.totals
        assert summary.organizations == board.organizations
        assert supervision.organization_row(root, PERIOD) == rows.get(root.id, Row())
