"""The shared calendar arithmetic: whole years and ages, 29 February included."""

import datetime as dt

from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from lagrundt.core.dates import add_years, age_on

D = dt.date


def test_age():
    assert age_on(D(2018, 3, 2), D(2026, 3, 1)) == 7
    assert age_on(D(2018, 3, 2), D(2026, 3, 2)) == 8
    assert age_on(D(2016, 2, 29), D(2026, 2, 28)) == 9
    assert age_on(D(2016, 2, 29), D(2026, 3, 1)) == 10


def test_years_from_29_february():
    assert add_years(D(2028, 2, 29), -2) == D(2026, 2, 28)
    assert add_years(D(2028, 2, 29), 4) == D(2032, 2, 29)
    assert add_years(D(2026, 3, 1), 2) == D(2028, 3, 1)


@given(st.dates(min_value=D(1910, 1, 1), max_value=D(2090, 12, 31)), st.integers(-80, 8))
def test_years_agree_with_relativedelta(day, years):
    assert add_years(day, years) == day + relativedelta(years=years)


@given(st.dates(min_value=D(1910, 1, 1), max_value=D(2030, 12, 31)), st.integers(0, 80))
def test_a_person_is_as_old_as_the_years_added_to_their_birth(birth, years):
    assert age_on(birth, add_years(birth, years)) == years or (birth.month == 2 and birth.day == 29)
