"""An Amount keeps its marks through every sum and cannot be added to a bare number."""

from decimal import Decimal

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from lagrundt.finance.money import Amount, split_quarters

amounts = st.builds(
    Amount,
    st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.integers(0, 50),
)


@given(st.lists(amounts, max_size=20))
def test_a_sum_is_assumed_if_any_part_is_and_counts_every_missing_year(parts):
    total = sum(parts, Amount())
    assert total.kroner == sum((p.kroner for p in parts), Decimal(0))
    assert total.assumed == any(p.assumed for p in parts)
    assert total.missing == sum(p.missing for p in parts)
    if parts:
        assert sum(parts) == total  # sum() from 0 works too (an empty one is 0: start from Amount())


def test_an_amount_never_meets_a_bare_number():
    with pytest.raises(TypeError):
        Amount(Decimal(1)) + Decimal(1)
    with pytest.raises(TypeError):
        Amount(1.5)
    with pytest.raises(TypeError):
        5 + Amount(Decimal(1))


def test_an_amount_says_its_marks():
    with translation.override("nb"):
        assert str(Amount(Decimal("194400.40"), assumed=True)) == "194\xa0400 kr (antatt)"
        assert str(Amount(Decimal(0), missing=2)) == "0 kr (satser mangler)"
    with translation.override("nn"):
        assert str(Amount(Decimal(1000), assumed=True, missing=1)) == "1\xa0000 kr (anteke, satsar manglar)"


@given(st.decimals(min_value=0, max_value=10**10, places=2, allow_nan=False, allow_infinity=False))
def test_quarters_add_up_to_the_year_to_the_ore(amount):
    parts = split_quarters(amount)
    assert sum(parts) == amount and all(p >= 0 for p in parts) and max(parts) - min(parts) <= Decimal("0.03")
