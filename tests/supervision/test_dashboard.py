"""监督检查: the dashboard's figures, its drill-downs, its query count, and who reaches it.

Rules: 003 §9(五) (the upper organization supervises; supervisors 监督员 oversee); issue 7 "a
dashboard for any organization and its subtree: obligations due, on time, late, overdue, filed
as not suitable for now; requests and feedback past their deadlines; a ranking; trends by
month ... Supervisors reach it read-only"; "for a tree of 10,000 organizations the dashboard is
computed in a constant number of queries (asserted in a test)"; "drill-down from any figure to
the items behind it"; DESIGN.md "supervision views over a whole organization tree are a
handful of queries, not one per organization".
"""

from __future__ import annotations

import datetime as dt
import importlib.util
from pathlib import Path

import pytest

from dangwu_core import supervision
from dangwu_core.app import create_app
from dangwu_core.models import (
    DisclosureRequest,
    Feedback,
    Obligation,
    ObligationStatus,
    Organization,
    OrganizationClosure,
)
from dangwu_core.testing import counting_statements

from .conftest import login

ROOT = Path(__file__).resolve().parents[2]


def _tree_module():
    spec = importlib.util.spec_from_file_location(
        "supervision_tree", ROOT / "benchmarks" / "supervision_tree.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def town():
    return Organization.get(Organization.code == "TS")


#: This year, judged today: the demo tells the year up to today (and `tick` marked it so).
PERIOD = supervision.Period.year()


def test_the_figures_are_those_of_the_subtree(demo):
    root = town()
    board = supervision.dashboard(root, PERIOD)
    subtree = OrganizationClosure.select(OrganizationClosure.descendant).where(
        OrganizationClosure.ancestor == root.id
    )
    in_year = Obligation.organization.in_(subtree) & Obligation.due_date.between(
        PERIOD.start, PERIOD.end
    )

    def count(condition):
        return Obligation.select().where(in_year & condition).count()

    totals = board.totals
    assert totals.on_time == count(Obligation.status == ObligationStatus.ON_TIME.value)
    assert totals.late == count(Obligation.status == ObligationStatus.LATE.value)
    assert totals.not_suitable == count(Obligation.status == ObligationStatus.NOT_SUITABLE.value)
    assert totals.overdue == count(
        (Obligation.status == "overdue")
        | ((Obligation.status == "pending") & (Obligation.due_date < PERIOD.today))
    )
    assert totals.due == count(
        (Obligation.due_date <= PERIOD.today) & (Obligation.status != "closed")
    )
    # the statuses partition the obligations (pending ones are either overdue or upcoming)
    assert totals.total == (
        totals.on_time + totals.late + totals.overdue + totals.not_suitable + totals.upcoming
    )
    assert board.organizations == subtree.count()
    assert sum(r.total for r in board.by_month.values()) == totals.total
    assert totals.on_time_rate == round(totals.on_time / (totals.due - totals.not_suitable), 4)


def test_a_branch_dashboard_counts_only_its_own(demo):
    c01 = Organization.get(Organization.code == "TS-B01")
    board = supervision.dashboard(c01, PERIOD)
    assert set(board.rows) <= {c01.id}
    assert (
        board.totals.total
        == Obligation.select()
        .where(
            (Obligation.organization == c01.id)
            & Obligation.due_date.between(PERIOD.start, PERIOD.end)
        )
        .count()
    )


@pytest.mark.parametrize("figure", sorted(supervision.FIGURES))
def test_every_figure_drills_down_to_exactly_its_rows(demo, figure):
    root = town()
    board = supervision.dashboard(root, PERIOD)
    rows = supervision.items(root, figure, PERIOD)
    assert rows.count() == getattr(board.totals, figure)
    if figure in supervision.OBLIGATION_FIGURES:
        for month, row in board.by_month.items():
            assert supervision.items(root, figure, PERIOD, month=month).count() == getattr(
                row, figure
            )
        for ranked in board.worst + board.best:
            drilled = supervision.items(root, figure, PERIOD, organization=ranked.organization_id)
            assert drilled.count() == getattr(ranked.row, figure)


def test_overdue_requests_and_feedback_are_counted(demo):
    root = town()
    late_request = DisclosureRequest.select().first()
    DisclosureRequest.update(status="acknowledged", deadline=dt.date(2026, 6, 1)).where(
        DisclosureRequest.id == late_request.id
    ).execute()
    before = supervision.dashboard(root, PERIOD).totals
    Feedback.update(status="received", due_date=dt.date(2026, 6, 2)).execute()
    after = supervision.dashboard(root, PERIOD).totals
    assert before.requests_overdue >= 1
    assert after.feedback_overdue == Feedback.select().count()


def test_the_ranking_puts_the_worst_first(demo):
    board = supervision.dashboard(town(), PERIOD)
    rates = [r.rate for r in board.worst]
    assert rates == sorted(rates)
    best = [r.rate for r in board.best]
    assert best == sorted(best, reverse=True)


def test_ten_thousand_organizations_in_a_constant_number_of_queries(unit):
    tree = _tree_module()
    small = tree.build_tree(120, code="SMALL", per_org=3)
    big = tree.build_tree(10_000, code="BIG", per_org=3)
    assert OrganizationClosure.select().where(OrganizationClosure.ancestor == big.id).count() == (
        10_000
    )
    with counting_statements() as small_queries:
        small_board = supervision.dashboard(small, PERIOD)
    with counting_statements() as big_queries:
        board = supervision.dashboard(big, PERIOD)
    assert len(big_queries) == len(small_queries) <= 6, big_queries
    assert board.organizations == 10_000
    assert (
        board.totals.total
        == Obligation.select()
        .where(
            Obligation.organization.in_(
                OrganizationClosure.select(OrganizationClosure.descendant).where(
                    OrganizationClosure.ancestor == big.id
                )
            )
        )
        .count()
    )
    assert small_board.totals.total < board.totals.total
    assert len(board.worst) == 10 and board.ranked_count > 9_000


# --- the pages ---------------------------------------------------------------------------


@pytest.fixture
def app(demo):
    application = create_app(unit=demo)
    application.config["TESTING"] = True
    return application


def test_supervisors_reach_the_dashboard_read_only(app):
    client = login(app.test_client(), "chenj")
    page = client.get("/admin/supervision/").get_data(as_text=True)
    assert "监督检查" in page and "<svg" in page
    assert '<script src="http' not in page and "cdn" not in page.lower()
    assert '<form method="post"' not in page.split("<body>")[1].split("dw-user")[0]
    for figure in supervision.FIGURES:
        assert f'data-figure="{figure}"' in page
    drill = client.get("/admin/supervision/items/?figure=overdue")
    assert drill.status_code == 200
    cases = client.get("/admin/supervision/cases/")
    assert cases.status_code == 200 and "责任追究" in cases.get_data(as_text=True)


def test_who_may_open_which_dashboard(app):
    c03 = Organization.get(Organization.code == "TS-B03")
    c01 = Organization.get(Organization.code == "TS-B01")
    assert login(app.test_client(), "qianyf").get("/admin/supervision/").status_code == 403
    assert login(app.test_client(), "sunl").get("/admin/supervision/").status_code == 403
    zhaodm = login(app.test_client(), "zhaodm")  # approver of C01 only
    assert zhaodm.get(f"/admin/supervision/?org={c01.id}").status_code == 200
    assert zhaodm.get(f"/admin/supervision/?org={c03.id}").status_code == 403
    assert zhaodm.get(f"/admin/supervision/items/?org={c03.id}&figure=due").status_code == 403
    chenj = login(app.test_client(), "chenj")  # the town's supervisor, reaching down
    assert chenj.get(f"/admin/supervision/?org={c03.id}").status_code == 200
