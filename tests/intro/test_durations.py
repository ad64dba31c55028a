"""How long a programme may last, by education background and final goal; extensions within their limits."""

import datetime as dt

import pytest

from lagrundt.intro import rules
from lagrundt.intro.rules import Goal

from .conftest import admin_version

D = dt.date
ON = D(2026, 5, 4)

LIMITS = [
    # (has upper secondary, final goal, (min, max, extension))
    (True, Goal.WORK, (3, 6, 6)),
    (True, Goal.HIGHER_EDUCATION, (3, 6, 6)),
    (False, Goal.UPPER_SECONDARY, (3, 36, 12)),
    (False, Goal.WORK, (3, 24, 12)),
    (False, Goal.PRIMARY_SCHOOL, (3, 24, 12)),
    (False, Goal.OTHER, (3, 24, 12)),
]


@pytest.mark.parametrize(("upper", "goal", "expected"), LIMITS)
def test_limits_by_background_and_goal(book, upper, goal, expected):
    limits = rules.duration_limits(book, has_upper_secondary=upper, final_goal=goal, on=ON)
    assert (limits.min_months, limits.max_months, limits.extension_months) == expected
    assert limits.max_total_months == 48
    assert limits.version.confidence == "verified-in-source"


def test_the_reform_adds_a_year_for_upper_secondary_goals_from_its_recorded_date(book):
    reform = book.with_records(
        [
            admin_version(
                "duration.upper_secondary_goal",
                D(2026, 7, 1),
                {"min_months": 3, "max_months": 48, "extension_months": 12},
                "uncertain",
            )
        ]
    )
    before = rules.duration_limits(
        reform, has_upper_secondary=False, final_goal=Goal.UPPER_SECONDARY, on=D(2026, 6, 30)
    )
    after = rules.duration_limits(
        reform, has_upper_secondary=False, final_goal=Goal.UPPER_SECONDARY, on=D(2026, 7, 1)
    )
    assert (before.max_months, after.max_months) == (36, 48)
    assert after.version.confidence == "uncertain"


@pytest.mark.parametrize(
    ("months", "upper", "goal", "codes"),
    [
        (24, False, Goal.WORK, []),
        (25, False, Goal.WORK, ["duration_out_of_range"]),
        (2, False, Goal.WORK, ["duration_out_of_range"]),
        (36, False, Goal.UPPER_SECONDARY, []),
        (7, True, Goal.WORK, ["duration_out_of_range"]),
    ],
)
def test_check_programme_length(book, months, upper, goal, codes):
    limits = rules.duration_limits(book, has_upper_secondary=upper, final_goal=goal, on=ON)
    findings = rules.check_programme(
        book,
        limits,
        months=months,
        has_upper_secondary=upper,
        final_goal=goal,
        birth_date=D(1990, 1, 1),
        start=ON,
    )
    assert [f.code for f in findings] == codes


@pytest.mark.parametrize(
    ("birth", "goal", "warned"),
    [
        (D(2002, 5, 5), Goal.WORK, True),  # 23 at the start, no upper secondary, goal work: needs grounds
        (D(2002, 5, 5), Goal.UPPER_SECONDARY, False),
        (D(2001, 5, 4), Goal.WORK, False),  # 25 on the start day
    ],
)
def test_under_25_without_upper_secondary_should_aim_at_upper_secondary(book, birth, goal, warned):
    limits = rules.duration_limits(book, has_upper_secondary=False, final_goal=goal, on=ON)
    findings = rules.check_programme(
        book, limits, months=12, has_upper_secondary=False, final_goal=goal, birth_date=birth, start=ON
    )
    assert [(f.level, f.code) for f in findings] == (
        [(rules.Problem.WARNING, "under_25_goal")] if warned else []
    )


@pytest.mark.parametrize(
    ("programme", "used", "months", "codes"),
    [
        (24, 0, 12, []),
        (24, 6, 6, []),
        (24, 6, 7, ["extension_over_limit"]),
        (24, 0, 0, ["extension_not_positive"]),
        (36, 0, 12, []),  # 48 in all: the total limit
    ],
)
def test_extensions_within_their_limit(book, programme, used, months, codes):
    goal = Goal.UPPER_SECONDARY if programme > 24 else Goal.WORK
    limits = rules.duration_limits(book, has_upper_secondary=False, final_goal=goal, on=ON)
    findings = rules.check_extension(limits, months=months, used_months=used, programme_months=programme)
    assert [f.code for f in findings] == codes


def test_total_limit_with_a_reform_that_allows_more(book):
    reform = book.with_records(
        [
            admin_version(
                "duration.upper_secondary_goal",
                D(2026, 1, 1),
                {"min_months": 3, "max_months": 48, "extension_months": 12},
            )
        ]
    )
    limits = rules.duration_limits(reform, has_upper_secondary=False, final_goal=Goal.UPPER_SECONDARY, on=ON)
    assert [f.code for f in rules.check_extension(limits, months=1, used_months=0, programme_months=48)] == [
        "total_over_limit"
    ]


@pytest.mark.parametrize(
    ("start", "months", "extension", "leave", "end"),
    [
        (D(2026, 5, 4), 24, 0, 0, D(2028, 5, 3)),
        (D(2026, 1, 31), 1, 0, 0, D(2026, 2, 27)),  # 28 February is one month on; the day before is the last
        (D(2026, 5, 4), 24, 6, 0, D(2028, 11, 3)),
        (D(2026, 5, 4), 24, 0, 14, D(2028, 5, 17)),  # leave moves the end by its days
    ],
)
def test_programme_end(start, months, extension, leave, end):
    assert rules.programme_end(start, months, extension_months=extension, leave_days=leave) == end


def test_timeline_leave_stop_and_early_end():
    timeline = rules.Timeline(
        start=D(2026, 5, 4),
        months=12,
        leaves=((D(2026, 8, 3), D(2026, 8, 7), False),),
        stops=((D(2026, 9, 1), D(2026, 9, 30)),),
    )
    assert timeline.planned_end == D(2027, 5, 8)  # 3 May + 5 days of leave
    assert timeline.paid(D(2026, 8, 2)) and not timeline.paid(D(2026, 8, 3))  # leave without benefit
    assert timeline.in_programme(D(2026, 9, 15)) and not timeline.paid(D(2026, 9, 15))  # stopped
    ended = rules.Timeline(start=D(2026, 5, 4), months=12, ended_on=D(2026, 12, 31))
    assert ended.last_day == D(2026, 12, 31) and not ended.in_programme(D(2027, 1, 1))
