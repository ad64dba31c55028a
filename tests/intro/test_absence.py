"""Absence limits: self-certification after eight weeks, three days each, four in twelve months; child's
illness by number of children and single carer. Each broken limit names its day."""

import datetime as dt

import pytest

from lagrundt.intro import rules
from lagrundt.intro.rules import Day

D = dt.date
START = D(2026, 1, 5)  # a Monday


def week(monday, statuses):
    return {monday + dt.timedelta(days=i): s for i, s in enumerate(statuses) if s}


def check(book, this_week, history=None, children=0, single=False, start=START):
    return [
        (f.code, f.params.get("day"))
        for f in rules.check_absence(
            book,
            week=this_week,
            history=history or {},
            programme_start=start,
            children=children,
            single_carer=single,
        )
    ]


P, SC, CI = Day.PRESENT, Day.SELF_CERTIFIED, Day.CHILD_ILLNESS


def test_self_certification_only_after_eight_weeks(book):
    early = week(D(2026, 2, 23), [SC, P, P, P, P])  # week 8 of the programme
    assert check(book, early) == [("self_cert_too_early", D(2026, 2, 23))]
    assert check(book, week(D(2026, 3, 2), [SC, P, P, P, P])) == []  # eight weeks after the start


def test_three_days_at_most(book):
    assert check(book, week(D(2026, 3, 2), [SC, SC, SC, P, P])) == []
    assert check(book, week(D(2026, 3, 2), [SC, SC, SC, SC, P])) == [("self_cert_too_long", D(2026, 3, 5))]


def test_a_weekend_does_not_break_a_self_certification(book):
    history = week(D(2026, 3, 2), [P, P, P, SC, SC])
    assert check(book, week(D(2026, 3, 9), [SC, P, P, P, P]), history) == []
    assert check(book, week(D(2026, 3, 9), [SC, SC, P, P, P]), history) == [
        ("self_cert_too_long", D(2026, 3, 10))
    ]


def test_four_in_twelve_months(book):
    history = {}
    for monday in (D(2026, 3, 2), D(2026, 4, 13), D(2026, 5, 11), D(2026, 6, 8)):
        history |= week(monday, [SC, P, P, P, P])
    assert check(book, week(D(2026, 9, 7), [P, SC, P, P, P]), history) == [
        ("self_cert_too_many", D(2026, 9, 8))
    ]
    # Twelve months after the first, it no longer counts.
    assert check(book, week(D(2027, 3, 8), [SC, P, P, P, P]), history) == []


@pytest.mark.parametrize(
    ("children", "single", "limit"),
    [(1, False, 10), (2, False, 10), (3, False, 15), (1, True, 20), (3, True, 30)],
)
def test_child_illness_days(book, children, single, limit):
    history, day = {}, D(2026, 1, 5)
    while len(history) < limit:
        if day.weekday() < 5:
            history[day] = CI
        day += dt.timedelta(days=1)
    monday = D(2026, 6, 1)
    assert check(book, week(monday, [CI, P, P, P, P]), history, children, single) == [
        ("child_illness_over_limit", monday)
    ]
    fewer = dict(list(history.items())[1:])
    assert check(book, week(monday, [CI, P, P, P, P]), fewer, children, single) == []


def test_no_child_no_child_illness(book):
    assert check(book, week(D(2026, 6, 1), [CI, P, P, P, P])) == [("child_illness_no_child", D(2026, 6, 1))]
