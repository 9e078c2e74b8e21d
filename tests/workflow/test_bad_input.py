"""Bad input (issue 4): one clear error naming the cause, and the database exactly as it was.

A transition that does not exist from the current state, a missing reason where one is
required, a request with no content, a deadline in the past.
"""

from __future__ import annotations

import datetime as dt

import pytest

from dangwu_core import changes, demands, disclosure_requests
from dangwu_core.clock import FixedClock, use_clock
from dangwu_core.errors import InvalidTransition, ValidationError
from dangwu_core.models import Obligation

from .conftest import make_item, make_obligation, walk

TODAY = dt.datetime(2026, 3, 20, 9, 0)


def _cases(town):
    published = walk(town, town.draft(), "publish")
    draft = town.draft(title="草稿")
    obligation = make_obligation(town.town, make_item("B01"), due=dt.date(2026, 3, 31))
    unit = town.unit
    return {
        "no such transition": (
            lambda: unit.fire(draft, "teleport", town.proposer),
            InvalidTransition, "has no transition 'teleport'",
        ),
        "not from this state": (
            lambda: unit.fire(draft, "publish", town.publisher),
            InvalidTransition, "cannot be done on “草稿” in state 草稿 (draft)",
        ),
        "withdraw without reason": (
            lambda: unit.fire(published, "withdraw", town.approver, comment="  "),
            ValidationError, "needs a comment stating the reason",
        ),
        "change request without reason": (
            lambda: changes.request_change(unit, published, town.approver, "revoke", ""),
            ValidationError, "needs the reasons",
        ),
        "request without content": (
            lambda: disclosure_requests.submit(
                unit, town.town, subject="党费", content=" ", applicant=town.member
            ),
            ValidationError, "a request needs content",
        ),
        "deadline in the past": (
            lambda: demands.demand_proposal(
                unit, obligation, town.approver, "请提出", respond_by=dt.date(2026, 3, 19)
            ),
            ValidationError, "(2026-03-19) is in the past",
        ),
    }  # fmt: skip


CASES = [
    "no such transition",
    "not from this state",
    "withdraw without reason",
    "change request without reason",
    "request without content",
    "deadline in the past",
]


@pytest.mark.parametrize("case", CASES)
def test_bad_input_is_one_clear_error_and_changes_nothing(town, contents, case):
    with use_clock(FixedClock(TODAY)):
        action, error, message = _cases(town)[case]
        url = town.unit.settings.database_url
        before = contents(url)
        with pytest.raises(error) as raised:
            action()
        assert message in str(raised.value)
        assert contents(url) == before


def test_a_deadline_today_or_later_is_accepted(town):
    obligation = make_obligation(town.town, make_item("B02"), due=dt.date(2026, 3, 31))
    with use_clock(FixedClock(TODAY)):
        event = demands.demand_proposal(
            town.unit, obligation, town.approver, "请提出", respond_by=dt.date(2026, 3, 20)
        )
    assert event.payload["respond_by"] == "2026-03-20"
    assert Obligation.get_by_id(obligation.id).status == "pending"
