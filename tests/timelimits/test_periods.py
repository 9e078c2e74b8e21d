import datetime as dt
import itertools

import pytest

from dangwu_core.errors import ValidationError
from dangwu_core.timelimits import Period, period_of, periods

D = dt.date


def test_monthly_periods_cover_the_year_month_by_month_003_8_2():
    months = periods(2026, "monthly")
    assert [p.label for p in months][:3] == ["2026-01", "2026-02", "2026-03"]
    assert len(months) == 12
    assert months[1] == Period(D(2026, 2, 1), D(2026, 2, 28), "2026-02")
    assert periods(2028, "monthly")[1].end == D(2028, 2, 29)  # leap year
    for before, after in itertools.pairwise(months):
        assert after.start - before.end == dt.timedelta(days=1)


def test_quarterly_and_half_yearly_periods_000_3():
    quarters = periods(2026, "quarterly")
    assert [(p.label, p.start, p.end) for p in quarters] == [
        ("2026-Q1", D(2026, 1, 1), D(2026, 3, 31)),
        ("2026-Q2", D(2026, 4, 1), D(2026, 6, 30)),
        ("2026-Q3", D(2026, 7, 1), D(2026, 9, 30)),
        ("2026-Q4", D(2026, 10, 1), D(2026, 12, 31)),
    ]
    halves = periods(2026, "half_yearly")
    assert [(p.label, p.end) for p in halves] == [
        ("2026-H1", D(2026, 6, 30)),
        ("2026-H2", D(2026, 12, 31)),
    ]
    assert periods(2027, "yearly") == [Period(D(2027, 1, 1), D(2027, 12, 31), "2027")]


def test_period_of_a_day():
    assert period_of(D(2026, 8, 15), "quarterly").label == "2026-Q3"
    assert D(2026, 8, 15) in period_of(D(2026, 8, 15), "monthly")


def test_unknown_cadence_is_refused():
    with pytest.raises(ValidationError, match="weekly"):
        periods(2026, "weekly")


def test_a_period_cannot_end_before_it_starts():
    with pytest.raises(ValueError):
        Period(D(2026, 2, 1), D(2026, 1, 1), "bad")
