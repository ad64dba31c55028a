"""The introduction benefit, month by month, in exact kroner.

The expected amounts are worked out by hand below each case: 2 G a year, 2/3 under 25 and 1/3 under
25 living with a parent; each day earns its own yearly rate (G of that day, age of that day) divided
by 12 and by the days of the pay period; unexcused hours cost 1/1850 of the yearly rate each.
"""

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lagrundt.intro import rules
from lagrundt.intro.rulebook import BaseAmount, RuleBook, file_rulebook

D = dt.date
G24, G25, G26 = 124028, 130160, 136549


def every_day(first, last):
    return [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]


def month(book, person, label, *, start_day=1, hours=None, paid_days=None):
    first, last = rules.pay_period(label, start_day)
    return rules.period_benefit(
        book,
        person,
        first=first,
        last=last,
        paid_days=paid_days if paid_days is not None else every_day(first, last),
        unexcused_hours=hours or {},
    )


def kr(book, value):
    return rules.to_kroner(value, book, D(2026, 1, 1))


ADULT = rules.Beneficiary(birth_date=D(1990, 3, 3))
YOUNG = rules.Beneficiary(birth_date=D(2005, 1, 1))  # 21 to 22 from May 2026 to April 2027
YOUNG_WITH_PARENT = rules.Beneficiary(birth_date=D(2005, 1, 1), lives_with_parent=True)


@pytest.mark.parametrize(
    ("start_day", "label", "first", "last"),
    [
        (1, D(2026, 2, 1), D(2026, 2, 1), D(2026, 2, 28)),
        (16, D(2026, 5, 1), D(2026, 4, 16), D(2026, 5, 15)),
        (16, D(2026, 1, 1), D(2025, 12, 16), D(2026, 1, 15)),
    ],
)
def test_pay_periods(start_day, label, first, last):
    assert rules.pay_period(label, start_day) == (first, last)


CASES = [
    # (description, person, pay month, start day, unexcused hours by day, gross, deduction, G periods used)
    (
        "a whole month at one G: 1/12 of 2 G",
        ADULT,
        D(2026, 3, 1),
        1,
        {},
        "21693.33",  # 2 × 130 160 / 12 = 21 693.333…
        "0.00",
        [D(2025, 5, 1)],
    ),
    (
        "16 April to 15 May straddles 1 May: 15 days of each G",
        ADULT,
        D(2025, 5, 1),
        16,
        {},
        "21182.33",  # (2 × 124 028 × 15 + 2 × 130 160 × 15) / 12 / 30 = 7 625 640 / 360 = 21 182.333…
        "0.00",
        [D(2024, 5, 1), D(2025, 5, 1)],
    ),
    (
        "turns 25 on 10 March: 9 days at 2/3, 22 days at the full rate",
        rules.Beneficiary(birth_date=D(2001, 3, 10)),
        D(2026, 3, 1),
        1,
        {},
        "19593.98",  # 260 320 × (9 × 2/3 + 22) / 12 / 31 = 260 320 × 28 / 372 = 7 288 960 / 372 = 19 593.978…
        "0.00",
        [D(2025, 5, 1)],
    ),
    (
        "turns 25 on 10 March, living with a parent: 1/3 before the birthday",
        rules.Beneficiary(birth_date=D(2001, 3, 10), lives_with_parent=True),
        D(2026, 3, 1),
        1,
        {},
        "17494.62",  # 260 320 × (9 × 1/3 + 22) / 372 = 260 320 × 25 / 372 = 6 508 000 / 372 = 17 494.623…
        "0.00",
        [D(2025, 5, 1)],
    ),
    (
        "one unexcused day of 7.5 hours at the full rate",
        ADULT,
        D(2026, 3, 1),
        1,
        {D(2026, 3, 10): Decimal("7.5")},
        "21693.33",
        "1055.35",  # 7.5 × 260 320 / 1850 = 1 055.351…
        [D(2025, 5, 1)],
    ),
    (
        "straddling 1 May with a birthday and unexcused hours on both sides",
        rules.Beneficiary(birth_date=D(2000, 5, 6)),
        D(2025, 5, 1),
        16,
        {D(2025, 4, 22): Decimal("3"), D(2025, 5, 12): Decimal("7.5")},
        # 16–30 April: 2/3 × 2 × 124 028 = 165 370.666…/yr, 15 days; 1–5 May: 2/3 × 260 320 = 173 546.666…,
        # 5 days; 6–15 May: 260 320, 10 days. Gross = (165 370.67 × 15 + 173 546.67 × 5 + 260 320 × 10) / 360
        # = (2 480 560 + 867 733.33 + 2 603 200) / 360 = 5 951 493.33 / 360 = 16 531.926. Deduction:
        # 3 h × 165 370.67 / 1850 = 268.169; 7.5 h × 260 320 / 1850 = 1 055.351; in all 1 323.520.
        "16531.93",
        "1323.52",
        [D(2024, 5, 1), D(2025, 5, 1)],
    ),
    (
        "a whole month at the 2026 G: 1/12 of 2 G",
        ADULT,
        D(2026, 6, 1),
        1,
        {},
        "22758.17",  # 2 × 136 549 / 12 = 273 098 / 12 = 22 758.166…
        "0.00",
        [D(2026, 5, 1)],
    ),
    (
        "16 April to 15 May 2026 straddles 1 May: 15 days at the 2025 G, 15 at the 2026 G",
        ADULT,
        D(2026, 5, 1),
        16,
        {},
        "22225.75",  # (2 × 130 160 × 15 + 2 × 136 549 × 15) / 12 / 30 = 533 418 / 24 = 22 225.75
        "0.00",
        [D(2025, 5, 1), D(2026, 5, 1)],
    ),
    (
        "under 25 at the 2026 G: 2/3 of 2 G",
        YOUNG,
        D(2026, 6, 1),
        1,
        {},
        "15172.11",  # 2/3 × 273 098 = 182 065.333…; / 12 = 15 172.111…
        "0.00",
        [D(2026, 5, 1)],
    ),
    (
        "under 25 living with a parent at the 2026 G: 1/3 of 2 G",
        YOUNG_WITH_PARENT,
        D(2026, 6, 1),
        1,
        {},
        "7586.06",  # 1/3 × 273 098 = 91 032.666…; / 12 = 7 586.055…
        "0.00",
        [D(2026, 5, 1)],
    ),
    (
        "one unexcused day of 7.5 hours at the full rate on the 2026 G",
        ADULT,
        D(2026, 9, 1),
        1,
        {D(2026, 9, 8): Decimal("7.5")},
        "22758.17",
        "1107.15",  # 7.5 × 273 098 / 1850 = 2 048 235 / 1850 = 1 107.154…
        [D(2026, 5, 1)],
    ),
]


@pytest.mark.parametrize(
    ("description", "person", "label", "start_day", "hours", "gross", "deduction", "g_periods"),
    CASES,
    ids=[c[0] for c in CASES],
)
def test_month(book, description, person, label, start_day, hours, gross, deduction, g_periods):
    benefit = month(book, person, label, start_day=start_day, hours=hours)
    assert kr(book, benefit.gross) == Decimal(gross)
    assert kr(book, benefit.deduction) == Decimal(deduction)
    assert [g.valid_from for g in benefit.g_values] == g_periods
    assert not benefit.g_assumed


def test_segments_show_each_g_and_rate(book):
    benefit = month(book, rules.Beneficiary(birth_date=D(2000, 5, 6)), D(2025, 5, 1), start_day=16)
    assert [(s.first, s.last, s.g.amount, s.share) for s in benefit.segments] == [
        (D(2025, 4, 16), D(2025, 4, 30), G24, Fraction(2, 3)),
        (D(2025, 5, 1), D(2025, 5, 5), G25, Fraction(2, 3)),
        (D(2025, 5, 6), D(2025, 5, 15), G25, Fraction(1)),
    ]


def test_the_2026_g_is_the_files_verified_value(book):
    benefit = month(book, ADULT, D(2026, 6, 1))
    (g,) = benefit.g_values
    assert (g.valid_from, g.amount, g.confidence, g.origin) == (
        D(2026, 5, 1),
        G26,
        "verified-in-source",
        "file",
    )
    assert not benefit.g_assumed


def test_a_month_on_an_assumed_g_says_so(assumed_book):
    # G from 1 May 2027 is not in the file: an administrator recorded it, assumed (136 549 carried forward).
    benefit = month(assumed_book, ADULT, D(2027, 6, 1))
    assert benefit.g_assumed
    assert [(g.valid_from, g.amount, g.origin) for g in benefit.g_values] == [
        (D(2027, 5, 1), G26, "administrator")
    ]
    assert kr(assumed_book, benefit.gross) == Decimal("22758.17")  # 2 × 136 549 / 12


def test_a_month_partly_on_an_assumed_g_says_so(assumed_book):
    # 16 April to 15 May 2027: 15 days on the verified 2026 G, 15 on the assumed 2027 G.
    benefit = month(assumed_book, ADULT, D(2027, 5, 1), start_day=16)
    assert [g.verified for g in benefit.g_values] == [True, False]
    assert benefit.g_assumed


@pytest.mark.parametrize(
    ("label", "start_day", "period_start"),
    [
        (D(2027, 6, 1), 1, D(2027, 5, 1)),  # after the file's last period
        (D(2027, 5, 1), 16, D(2027, 5, 1)),  # 16 April to 15 May 2027: the May days have no G
        (D(2021, 6, 1), 1, D(2021, 5, 1)),  # a gap in the file (2020 to 2022)
    ],
)
def test_without_g_the_month_is_not_computed(file_book, label, start_day, period_start):
    from lagrundt.intro.rulebook import BaseAmountMissing

    with pytest.raises(BaseAmountMissing) as exc:
        month(file_book, ADULT, label, start_day=start_day)
    assert exc.value.period_start == period_start


def full_days(days):
    return {d: Decimal("7.5") for d in days}


@pytest.mark.parametrize(
    ("days", "required"),
    [
        # March 2026 at the full rate: gross 21 693.33; one day costs 1 055.35; 1/12 G = 10 846.67.
        (10, False),  # 10 553.51: under 1/12 G and under half the payment
        (11, True),  # 11 608.86: at least half (53.5 %) and at least 1/12 G
    ],
)
def test_a_deduction_over_the_threshold_needs_a_decision(book, days, required):
    working = [d for d in every_day(D(2026, 3, 2), D(2026, 3, 31)) if d.weekday() < 5][:days]
    benefit = month(book, ADULT, D(2026, 3, 1), hours=full_days(working))
    assert benefit.decision_required is required


def test_no_benefit_on_days_without_it(book):
    first, last = rules.pay_period(D(2026, 3, 1))
    paid = [d for d in every_day(first, last) if d >= D(2026, 3, 16)]  # started 16 March
    benefit = month(book, ADULT, D(2026, 3, 1), paid_days=paid)
    assert kr(book, benefit.gross) == Decimal("11196.56")  # 260 320 / 12 / 31 × 16 = 11 196.559…


def year(book, person, first_label, start_day=1, hours=None):
    periods, label = [], first_label
    for _ in range(12):
        periods.append((label, month(book, person, label, start_day=start_day, hours=hours)))
        label = rules.Offset(months=1).after(label)
    return periods


@pytest.mark.parametrize(
    ("person", "first_label", "total", "amounts"),
    [
        # 2/3 × 260 320 = 173 546.67; 1/12 = 14 462.222…
        (YOUNG, D(2025, 5, 1), "173546.67", {"14462.22", "14462.23"}),
        # 2 × 136 549 = 273 098; 1/12 = 22 758.166…: the running total rounds to .17, .16, .17, …
        (ADULT, D(2026, 5, 1), "273098.00", {"22758.16", "22758.17"}),
        # 2/3 × 273 098 = 182 065.333…; 1/12 = 15 172.111…: .11 until the total's third decimal tips (.12)
        (YOUNG, D(2026, 5, 1), "182065.33", {"15172.11", "15172.12"}),
        # 1/3 × 273 098 = 91 032.666…; 1/12 = 7 586.055…: .06, then .05 (15 172.11 − 7 586.06), …
        (YOUNG_WITH_PARENT, D(2026, 5, 1), "91032.67", {"7586.05", "7586.06"}),
    ],
)
def test_a_year_sums_to_the_yearly_rate(book, person, first_label, total, amounts):
    payments = rules.schedule(book, year(book, person, first_label))
    assert sum(p.amount for p in payments) == Decimal(total)  # the yearly rate, rounded once
    assert {p.amount for p in payments} == {Decimal(a) for a in amounts}


def test_a_correction_of_a_locked_month_goes_into_the_next(book):
    periods = year(book, ADULT, D(2025, 5, 1))[:3]
    first = rules.schedule(book, periods)
    paid = {p.month: p.amount for p in first[:2]}  # May and June exported
    # Unexcused absence in June registered after June was exported:
    late = {D(2025, 6, 10): Decimal("7.5")}
    periods[1] = (periods[1][0], month(book, ADULT, periods[1][0], hours=late))
    again = rules.schedule(book, periods, paid=paid)
    assert [p.amount for p in again[:2]] == [paid[D(2025, 5, 1)], paid[D(2025, 6, 1)]]
    assert again[1].locked and not again[2].locked
    assert again[2].correction == Decimal("-1055.35")
    assert again[2].amount == Decimal("21693.33") - Decimal("1055.35")


def test_a_negative_rest_is_carried_and_never_paid_as_a_negative_amount(book):
    periods = year(book, ADULT, D(2025, 5, 1))[:2]
    paid = {D(2025, 5, 1): Decimal("50000.00")}  # paid far too much in May
    payments = rules.schedule(book, periods, paid=paid)
    assert payments[1].amount == Decimal("0")
    assert payments[1].carried == Decimal("-6613.33")  # 43 386.67 (two months, rounded on the total) − 50 000


def constant_g_book(g: int) -> RuleBook:
    base = file_rulebook()
    amounts = [
        BaseAmount(valid_from=D(y, 5, 1), amount=Decimal(g), source="test", confidence="verified-in-source")
        for y in range(2019, 2032)
    ]
    return RuleBook(base.rules, {}).with_records(base_amounts=amounts)


@settings(max_examples=60, deadline=None)
@given(
    g=st.integers(min_value=60_000, max_value=250_000),
    start=st.dates(min_value=D(2022, 1, 1), max_value=D(2029, 12, 1)),
    start_day=st.sampled_from([1, 10, 16, 20, 28]),
    age=st.sampled_from(["adult", "young", "young_with_parent"]),
)
def test_property_twelve_months_sum_to_the_yearly_rate_when_nothing_is_deducted(g, start, start_day, age):
    book = constant_g_book(g)
    birth = {"adult": D(1980, 1, 1), "young": D(2015, 1, 1), "young_with_parent": D(2015, 1, 1)}[age]
    person = rules.Beneficiary(birth_date=birth, lives_with_parent=age == "young_with_parent")
    label = start.replace(day=1)
    payments = rules.schedule(book, year(book, person, label, start_day))
    share = {"adult": Fraction(1), "young": Fraction(2, 3), "young_with_parent": Fraction(1, 3)}[age]
    assert sum(p.amount for p in payments) == rules.to_kroner(2 * g * share, book, label)
    assert all(p.amount >= 0 for p in payments)


@settings(max_examples=40, deadline=None)
@given(
    hours=st.lists(st.sampled_from(["0", "1.5", "3", "7.5"]), min_size=12, max_size=12),
)
def test_property_the_running_total_never_drifts(hours):
    book = file_rulebook()
    periods = []
    label = D(2025, 5, 1)
    for h in hours:
        first, _last = rules.pay_period(label)
        periods.append((label, month(book, ADULT, label, hours={first + dt.timedelta(days=3): Decimal(h)})))
        label = rules.Offset(months=1).after(label)
    payments = rules.schedule(book, periods)
    exact = sum((b.net for _l, b in periods), Fraction(0))
    assert sum(p.amount for p in payments) == rules.to_kroner(exact, book, D(2026, 1, 1))


def reference_gross(book, person, first, last, paid):
    """The rule as written, one day at a time: what the stretches in ``period_benefit`` must equal."""
    length = (last - first).days + 1
    return sum(
        (rules.yearly_benefit(book, person, d)[2] / 12 / length for d in paid if first <= d <= last),
        Fraction(0),
    )


@settings(max_examples=80, deadline=None)
@given(
    birth=st.dates(min_value=D(1995, 1, 1), max_value=D(2005, 12, 31)),
    label=st.dates(min_value=D(2023, 6, 1), max_value=D(2027, 12, 1)),
    start_day=st.sampled_from([1, 16]),
    with_parent=st.booleans(),
    holes=st.sets(st.integers(min_value=0, max_value=30), max_size=8),
)
def test_property_the_stretches_equal_the_day_by_day_rule(birth, label, start_day, with_parent, holes):
    from .conftest import G_2027_ASSUMED

    book = file_rulebook().with_records(base_amounts=[G_2027_ASSUMED])  # the file's G, then 2027 assumed
    person = rules.Beneficiary(birth_date=birth, lives_with_parent=with_parent)
    first, last = rules.pay_period(label.replace(day=1), start_day)
    paid = [d for i, d in enumerate(every_day(first, last)) if i not in holes]
    benefit = rules.period_benefit(book, person, first=first, last=last, paid_days=paid)
    assert benefit.gross == reference_gross(book, person, first, last, paid)
    assert sum(s.days for s in benefit.segments) == len(paid)


def test_born_on_29_february_turns_25_on_1_march_in_a_common_year(book):
    person = rules.Beneficiary(birth_date=D(2000, 2, 29))
    benefit = month(book, person, D(2025, 3, 1))
    assert [(s.first, s.share) for s in benefit.segments] == [(D(2025, 3, 1), Fraction(1))]
    february = month(book, person, D(2025, 2, 1))
    assert {s.share for s in february.segments} == {Fraction(2, 3)}
