"""The household_income hook: the introduction benefit of a household's adults, per month."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from lagrundt.core.dates import add_years
from lagrundt.intro.household_income import expected_income
from lagrundt.intro.selectors.rules_in_force import rulebook


def born(years: int) -> dt.date:
    return add_years(timezone.localdate(), -years) - dt.timedelta(days=10)


def test_two_adults_with_a_child_get_two_full_rates(db):
    today = timezone.localdate()
    book = rulebook()
    # The G of the day, or the latest recorded before it (stands in, assumed).
    g = max((g for g in book.base_amounts.values() if g.valid_from <= today), key=lambda g: g.valid_from)
    one = (Decimal(2) * g.amount / 12).quantize(Decimal(1))
    assert expected_income([born(38)], today).monthly == one
    estimate = expected_income([born(38), born(41), born(8)], today)
    assert abs(estimate.monthly - 2 * one) <= 1
    assert "2 adult" in estimate.explanation


def test_children_and_the_old_add_nothing(db):
    today = timezone.localdate()
    alone = expected_income([born(38)], today).monthly
    assert expected_income([born(38), born(3), born(70)], today).monthly == alone
    assert expected_income([born(5)], today).monthly == 0


def test_under_25_gets_a_lower_rate(db):
    today = timezone.localdate()
    assert expected_income([born(22)], today).monthly < expected_income([born(30)], today).monthly


def test_without_a_g_for_the_day_the_latest_stands_in_assumed(db):
    adult = [dt.date(1988, 1, 10)]
    # From 1 May 2026 the file's verified G, 136 549: 2 × 136 549 / 12 = 22 758.17 → 22 758 a month.
    verified = expected_income(adult, dt.date(2026, 11, 4))
    assert (verified.monthly, verified.assumed) == (Decimal(22758), False)
    # From 1 May 2027 the file has no G: the 2026 value stands in, marked assumed.
    later = expected_income(adult, dt.date(2027, 6, 1))
    assert (later.monthly, later.assumed) == (Decimal(22758), True)
    # A gap in the file (2020–2022): the latest before it stands in, 1 May 2019's 99 858, marked
    # assumed: 2 × 99 858 / 12 = 16 643 a month.
    gap = expected_income(adult, dt.date(2021, 6, 1))
    assert (gap.monthly, gap.assumed) == (Decimal(16643), True)
