"""STYRK-08: the shipped file is complete and well formed, titles follow the language, and unknown
codes are refused with a message that says what to do."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from lagrundt.work import occupations


def test_the_file_holds_every_level_of_styrk08():
    levels = {}
    for o in occupations.occupations().values():
        levels[o.level] = levels.get(o.level, 0) + 1
    # Ten major groups (0 to 9), and more groups at each level below.
    assert levels[1] == 10
    assert levels[1] < levels[2] < levels[3] < levels[4]
    assert occupations.get("9112").title_nb == "Renholdere i virksomheter"


@pytest.mark.parametrize(
    ("code", "language", "title"),
    [
        ("9112", "nb", "Renholdere i virksomheter"),
        ("9112", "nn", "Renholdere i virksomheter"),  # nynorsk shows the bokmål title (docs/work.md)
        ("9112", "en", "Cleaners and Helpers in Offices, Hotels and Other Establishments"),
        ("2223", "en", "Sykepleiere"),  # no ISCO-08 counterpart: the bokmål title, not a made-up one
        ("5120", "en", "Cooks"),
    ],
)
def test_titles_follow_the_language(code, language, title):
    with translation.override(language):
        assert occupations.title(code) == title


@pytest.mark.parametrize("code", ["9999", "12345", "91", "abcd", "", "0"])
def test_unknown_or_not_unit_group_codes_are_refused_clearly(code):
    with pytest.raises(ValidationError) as caught:
        occupations.validate_unit_group(code)
    message = caught.value.messages[0]
    assert f"«{code}»" in message and "STYRK-08" in message


@pytest.mark.parametrize(
    ("a", "b", "shared"),
    [("9112", "9112", 4), ("9112", "9111", 3), ("9112", "9122", 2), ("9112", "9621", 1), ("9112", "5120", 0)],
)
def test_shared_digits_measures_closeness(a, b, shared):
    assert occupations.shared_digits(a, b) == shared


def test_every_group_has_its_parent_in_the_file():
    codes = occupations.occupations()
    assert all(code[:-1] in codes for code in codes if len(code) > 1)


def test_choices_are_unit_groups_under_their_major_group():
    groups = occupations.choices("nb")
    assert len(groups) == 10
    flat = [code for _label, options in groups for code, _t in options]
    assert all(len(code) == 4 for code in flat) and "9112" in flat
