"""The pages over a large subtree count in SQL and build a page of rows, not the whole tree.

Rules: issue 13 item 8 (the annual report on a large unit took half a minute and 2.6 GB: every
obligation of the subtree was loaded as an object); DESIGN.md "supervision views over a whole
organization tree are a handful of queries". Time and memory on 2,500 branches are measured by
``make bench`` (benchmarks/bench_reports.py); this test pins the cause: no obligation of the
subtree becomes a Python object, and the cases page shows one page of cases at a time.
"""

from __future__ import annotations

import re

import pytest

from dangwu_core import people, supervision
from dangwu_core.clock import today
from dangwu_core.models import Obligation, Person, RoleAssignment

from .conftest import login
from .test_dashboard import _tree_module

PERIOD = supervision.Period.year()
ROW = re.compile(r'<tr class="dw-case-(\w+)">')


@pytest.fixture
def big(demo):
    """A tree of 400 organizations (thousands of late and missing obligations) that the demo's
    supervisor watches as she watches the town."""
    root = _tree_module().build_tree(400, code="BIG", per_org=12, year=PERIOD.start.year)
    supervisor = Person.get(Person.name == "陈静")
    for assignment in RoleAssignment.select().where(RoleAssignment.person == supervisor):
        people.assign_role(supervisor, root, assignment.role, reaches_down=assignment.reaches_down)
    return root


@pytest.fixture
def built(monkeypatch):
    """Count the Obligation objects built."""
    count = [0]
    original = Obligation.__init__

    def counting(self, *args, **kwargs):
        count[0] += 1
        original(self, *args, **kwargs)

    monkeypatch.setattr(Obligation, "__init__", counting)
    return count


def test_the_cases_page_of_a_large_tree_shows_a_page_and_counts_the_rest(app, big, built):
    from dangwu_core import accountability
    from dangwu_core.admin.dashboard import CASES_PAGE

    counts = accountability.cases(big, PERIOD).counts()
    late_or_missing = counts["late"] + counts["missing"]
    assert late_or_missing > 2 * CASES_PAGE
    built[0] = 0
    client = login(app.test_client(), "chenj")
    page = client.get(f"/admin/supervision/cases/?org={big.id}").get_data(as_text=True)
    assert built[0] == 0  # counted and listed in SQL: no obligation loaded as an object
    first = ROW.findall(page)
    assert len(first) == CASES_PAGE
    assert f'<span class="badge badge-light">{counts["missing"]}</span>' in page
    assert "page=2" in page  # a pager, not a list cut short
    last = (sum(counts.values()) + CASES_PAGE - 1) // CASES_PAGE
    tail = client.get(f"/admin/supervision/cases/?org={big.id}&page={last}").get_data(as_text=True)
    assert len(ROW.findall(tail)) == sum(counts.values()) - (last - 1) * CASES_PAGE
    missing = client.get(f"/admin/supervision/cases/?org={big.id}&kind=missing&page=2")
    rows = ROW.findall(missing.get_data(as_text=True))
    assert rows and set(rows) == {"missing"}
    assert built[0] == 0


def test_the_annual_report_of_a_large_tree_loads_no_obligation(app, big, built):
    client = login(app.test_client(), "chenj")
    response = client.get(f"/admin/reports/?org={big.id}&year={today().year}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "年度党务公开工作情况报告" in page
    assert built[0] == 0
    board = supervision.dashboard(big, supervision.Period.year(today().year))
    assert f"应公开事项{board.rows.get(big.id, supervision.Row()).total}项" in page
