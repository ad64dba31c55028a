"""Properties of codes and results, for any input Hypothesis finds."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lagrundt.access.disclosure import MIN_CELL, protect_table
from lagrundt.surveys import services

CODES = st.text(alphabet=services.ALPHABET, min_size=services.CODE_LENGTH, max_size=services.CODE_LENGTH)


@given(CODES, st.sampled_from(["", " ", "-", " - "]), st.booleans())
def test_a_code_is_read_back_however_it_is_typed(code, separator, lower):
    typed = services.printed(code).replace("-", separator)
    typed = typed.lower() if lower else typed
    assert services.normalise_code(typed) == code


@given(st.text(max_size=30))
def test_anything_else_is_no_code(typed):
    code = services.normalise_code(typed)
    assert code == "" or (len(code) == services.CODE_LENGTH and set(code) <= set(services.ALPHABET))


@settings(max_examples=200)
@given(st.lists(st.integers(min_value=0, max_value=30), min_size=1, max_size=8))
def test_no_choice_count_from_1_to_4_can_be_read_or_worked_out(counts):
    """The results' table (one count per choice, the question's total shown): nothing small is shown,
    and a hidden count is never the only hidden entry of the column with its total shown."""
    table = protect_table([[n] for n in counts], column_totals=True)
    shown = [row[0].value for row in table.cells]
    assert all(v is None or v == 0 or v >= MIN_CELL for v in shown)
    total = table.column_totals[0].value
    hidden = [n for n, v in zip(counts, shown, strict=True) if v is None]
    if total is not None:
        assert len(hidden) != 1


@pytest.mark.parametrize("typed", ["ABCDE-FGHIJ", "0000000000", "ACDEF-GHJK", ""])
def test_ambiguous_or_short_codes_are_no_codes(typed):
    assert services.normalise_code(typed) == ""
