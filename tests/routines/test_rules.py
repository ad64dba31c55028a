"""Deadlines: offsets, weekends and Norwegian public holidays, ages."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lagrundt.routines import rules
from lagrundt.routines.rules import Offset

D = dt.date


@pytest.mark.parametrize(
    ("start", "offset", "expected"),
    [
        (D(2026, 1, 5), Offset(days=14), D(2026, 1, 19)),  # a Monday stays
        (D(2026, 1, 3), Offset(days=14), D(2026, 1, 19)),  # Saturday 17th → Monday 19th
        (D(2026, 3, 19), Offset(days=14), D(2026, 4, 7)),  # Maundy Thursday 2 April → after Easter Monday
        (D(2026, 3, 20), Offset(weeks=2), D(2026, 4, 7)),  # Good Friday 3 April
        (D(2026, 12, 11), Offset(days=14), D(2026, 12, 28)),  # Christmas Day (Friday) and the weekend
        (D(2026, 5, 3), Offset(days=14), D(2026, 5, 18)),  # 17 May, Constitution Day, on a Sunday
        (D(2026, 4, 30), Offset(days=14), D(2026, 5, 15)),  # 14 May is Ascension Day
        (D(2026, 1, 31), Offset(months=1), D(2026, 3, 2)),  # 28 February is a Saturday
        (D(2025, 5, 1), Offset(years=1), D(2026, 5, 4)),  # 1 May is a holiday, 2–3 May a weekend
    ],
)
def test_due_date_moves_to_next_working_day(start, offset, expected):
    assert rules.due_date(start, offset) == expected


def test_due_date_can_keep_a_holiday_or_come_before_it():
    assert rules.due_date(D(2026, 12, 11), Offset(days=14), working_day=False) == D(2026, 12, 25)
    assert rules.due_date(D(2026, 12, 11), Offset(days=14), working_day="before") == D(2026, 12, 24)
    assert rules.due_date(D(2026, 3, 20), Offset(days=14), working_day="before") == D(2026, 4, 1)  # Easter
    assert rules.due_date(D(2026, 1, 3), Offset(days=0), working_day="before") == D(
        2026, 1, 3
    )  # not before start


def test_months_end_on_the_last_day():
    assert Offset(months=1).after(D(2026, 1, 31)) == D(2026, 2, 28)
    assert Offset(years=1).after(D(2024, 2, 29)) == D(2025, 2, 28)


def test_working_days():
    assert not rules.is_working_day(D(2026, 5, 17))  # Constitution Day
    assert not rules.is_working_day(D(2026, 5, 25))  # Whit Monday
    assert not rules.is_working_day(D(2026, 5, 14))  # Ascension Day
    assert rules.is_working_day(D(2026, 12, 23))


DATES = st.dates(min_value=D(2015, 1, 1), max_value=D(2035, 12, 31))
OFFSETS = st.builds(
    Offset,
    years=st.integers(0, 5),
    months=st.integers(0, 24),
    weeks=st.integers(0, 8),
    days=st.integers(0, 60),
)


@given(DATES, OFFSETS)
def test_a_deadline_is_a_working_day_never_before_its_start_and_at_most_a_few_days_late(start, offset):
    due = rules.due_date(start, offset)
    assert due >= start
    assert rules.is_working_day(due)
    assert 0 <= (due - offset.after(start)).days <= 5  # Easter: Thursday to Tuesday


@given(DATES, OFFSETS)
def test_offsets_add_like_relativedelta(start, offset):
    from dateutil.relativedelta import relativedelta

    expected = start + relativedelta(
        years=offset.years, months=offset.months, weeks=offset.weeks, days=offset.days
    )
    assert offset.after(start) == expected
