"""The annual report's figures, computed in SQL, are those the rows give when each is judged in
Python as before (``tests/supervision/reference.py``), on SQLite and on PostgreSQL; its body is
the same text the reference figures write.

Rules: 004 七(九) (每年须向有关党员和群众通报党务公开情况); issue 13 item 8 (the annual report of a
large unit aggregates in SQL; PostgreSQL gives identical answers).
"""

from __future__ import annotations

import dataclasses
from collections import Counter

import pytest
from supervision.reference import every_kind_of_case, reference_cases, reference_rows

from dangwu_core import reports, supervision
from dangwu_core.clock import today
from dangwu_core.demo import build_demo
from dangwu_core.models import Organization
from dangwu_core.supervision import CASE_KINDS, Row


@pytest.fixture
def town(any_unit):
    build_demo(any_unit, "testsector")
    every_kind_of_case(supervision.Period.year())
    return any_unit


def test_the_report_of_every_organization_has_the_reference_figures_and_cases(town):
    year = today().year
    bodies = set()
    for organization in Organization.select().order_by(Organization.code):
        report = reports.annual_report(organization, year)
        period = report.subtree.period
        rows, months = reference_rows(organization, period)
        totals = Row()
        for row in rows.values():
            totals.add(row)
        own_cases = [
            c for c in reference_cases(organization, period) if c.organization_id == organization.id
        ]
        assert report.own == rows.get(organization.id, Row()), organization.code
        assert report.subtree.totals == totals and report.subtree.by_month == months
        assert report.cases == own_cases
        counts = Counter(c.kind for c in own_cases)
        assert report.case_counts == {kind: counts[kind] for kind in CASE_KINDS}
        reference = dataclasses.replace(
            report, own=rows.get(organization.id, Row()), cases=own_cases
        )
        body = reports.report_html(report)
        assert body == reports.report_html(reference)
        bodies.add(body)
        subtree_counts = Counter(c.kind for c in reference_cases(organization, period))
        assert report.subtree_case_counts == {kind: subtree_counts[kind] for kind in CASE_KINDS}
        if subtree_counts:
            # A summary: the count of every kind, a few lines, never a line per case.
            problems = body[body.index("五、存在问题") :]
            for kind, count in subtree_counts.items():
                assert f"{CASE_KINDS[kind]}{count}项" in problems
            assert problems.count("<li>") <= 3 + reports.SUMMARY_NAMED
    assert len(bodies) > 1  # the organizations' reports differ
