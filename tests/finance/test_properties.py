"""Properties that hold for any person and any household of persons (hypothesis).

- A person's integration grant years never exceed five (three for family immigrants of persons
  with humanitarian status), and every line lies in its grant's years.
- The forecast's total is the sum of the person schedules, year by year and quarter by quarter.
- Moving out moves the remaining years to the new municipality, never duplicates or loses them.
"""

import datetime as dt
from collections import defaultdict
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lagrundt.finance.models import Decision, DisabilityKind, ReferenceStatus
from lagrundt.finance.money import Amount
from lagrundt.finance.rules import DisabilityDecision, Entitled, price_tally, schedule, tally
from lagrundt.people.models import SettlementCategory

from .conftest import OWN_RATES, own_book, own_parameters

MUNICIPALITIES = (1, 2, 3)
PARAMS = own_parameters(assumed=frozenset({"move_out.year_of_move", "norwegian.low_rate_countries"}))

# Properties of the pure rules over generated dates: no clock is read.
pytestmark = pytest.mark.calendar_free

dates = st.dates(min_value=dt.date(2012, 1, 1), max_value=dt.date(2031, 12, 31))


@st.composite
def entitled(draw, person_id=None):
    settled = draw(st.one_of(st.none(), dates))
    age = draw(st.integers(min_value=0, max_value=80))
    anchor = settled or draw(dates)
    birth = anchor - dt.timedelta(days=int(age * 365.25) + draw(st.integers(0, 364)))
    mother = draw(st.one_of(st.none(), st.dates(min_value=birth - dt.timedelta(days=400), max_value=birth)))
    moved = draw(st.one_of(st.none(), st.dates(min_value=anchor, max_value=anchor + dt.timedelta(days=3000))))
    decisions = draw(
        st.lists(
            st.builds(
                DisabilityDecision,
                kind=st.sampled_from(list(DisabilityKind.values)),
                decision=st.sampled_from(list(Decision.values)),
                decided_on=st.one_of(st.none(), dates),
                amount_per_year=st.one_of(st.none(), st.decimals(min_value=0, max_value=2_000_000, places=2)),
                first_year=st.one_of(st.none(), st.integers(2010, 2035)),
                last_year=st.one_of(st.none(), st.integers(2010, 2035)),
            ),
            max_size=2,
        )
    )
    return Entitled(
        person_id=person_id if person_id is not None else draw(st.integers(1, 10**6)),
        municipality_id=draw(st.sampled_from(MUNICIPALITIES)),
        birth_date=birth,
        category=draw(st.sampled_from(list(SettlementCategory.values))),
        settled_on=settled,
        country=draw(st.sampled_from(["ER", "SY", "UA", "SE", ""])),
        settled_alone=draw(st.booleans()),
        mother_settled_on=mother if settled is None else None,
        reference_settled_on=draw(st.one_of(st.none(), dates)),
        reference_status=draw(st.sampled_from(["", *ReferenceStatus.values])),
        year_one_group=draw(st.sampled_from(["", "single_adult", "adult", "child", "unaccompanied_minor"])),
        norwegian_band=draw(st.sampled_from(["", "high", "low"])),
        moved_out_on=moved,
        moved_to=draw(st.sampled_from([None, *MUNICIPALITIES])) if moved else None,
        disability=tuple(decisions),
    )


@st.composite
def populations(draw):
    size = draw(st.integers(0, 25))
    return [draw(entitled(person_id=i + 1)) for i in range(size)]


@given(entitled())
@settings(max_examples=400)
def test_integration_grant_years_never_exceed_five(p):
    lines = [line for line in schedule(p, PARAMS) if line.rule == "integration"]
    years = [line.year for line in lines]
    assert len(years) == len(set(years)) <= 5
    assert sorted(line.grant_year for line in lines) == list(range(1, len(lines) + 1))
    if years:
        assert max(years) - min(years) == len(years) - 1  # consecutive calendar years
    if (
        p.category == SettlementCategory.FAMILY_REUNIFICATION
        and p.reference_status == ReferenceStatus.HUMANITARIAN
    ):
        assert len(years) <= 3
    # Every line of any grant is within the grant's own years.
    for line in schedule(p, PARAMS):
        if line.rule in ("integration", "elderly", "kindergarten", "disability"):
            assert 1 <= line.grant_year <= 5
        if line.rule == "norwegian":
            assert 1 <= line.grant_year <= 3


def person_sums(people, book, years):
    """What the forecast should be: each person's lines priced one by one and added up."""
    by_year: dict = defaultdict(Amount)
    by_group: dict = defaultdict(Amount)
    for p in people:
        for line in schedule(p, PARAMS):
            if line.recipient is None or line.year not in years:
                continue
            amount = book.price(line)
            by_year[(line.recipient, line.year)] += amount
            by_group[(line.recipient, line.group, line.year)] += amount
    return by_year, by_group


@given(populations(), st.sets(st.sampled_from(sorted(OWN_RATES)), max_size=6))
@settings(max_examples=150, deadline=None)
def test_the_forecast_is_the_sum_of_the_person_schedules(people, missing_codes):
    book = own_book(2022, skip=missing_codes)
    years = range(2018, 2034)
    receipts = price_tally(tally(people, PARAMS, years), book)
    by_year, by_group = person_sums(people, book, years)
    assert {k: v for k, v in receipts.by_group.items() if v != Amount()} == {
        k: v for k, v in by_group.items() if v != Amount()
    }
    for (recipient, year), expected in by_year.items():
        quarters = sum(
            (receipts.by_quarter.get((recipient, year, q), Amount()) for q in (1, 2, 3, 4)), Amount()
        )
        assert quarters == expected
        assert receipts.year_total(recipient, year) == expected


@given(entitled(), dates, st.sampled_from(MUNICIPALITIES), st.sampled_from(["old", "new"]))
@settings(max_examples=300)
def test_moving_out_moves_the_remaining_years_and_never_duplicates_them(p, moved_on, to, move_year_to):
    params = PARAMS.replace(move_year_to=move_year_to)
    stayed = p._replace(moved_out_on=None, moved_to=None)
    moved = p._replace(moved_out_on=moved_on, moved_to=to)
    before = [(line.code, line.year, line.fixed) for line in schedule(stayed, params)]
    after = schedule(moved, params)
    assert sorted((line.code, line.year, line.fixed) for line in after) == sorted(before)
    for line in after:
        if line.year < moved_on.year:
            assert line.recipient == p.municipality_id
        elif line.year > moved_on.year:
            assert line.recipient == to
        else:
            assert line.recipient == (p.municipality_id if move_year_to == "old" else to)


@given(populations(), dates, st.sampled_from(MUNICIPALITIES))
@settings(max_examples=100, deadline=None)
def test_a_move_between_municipalities_keeps_the_region_total(people, moved_on, to):
    """Over all municipalities together, a move changes who receives, never how much."""
    book = own_book(2022)
    years = range(2018, 2034)
    moved = [p._replace(moved_out_on=moved_on, moved_to=to) for p in people]
    stayed = [p._replace(moved_out_on=None, moved_to=None) for p in people]

    def region(ps):
        receipts = price_tally(tally(ps, PARAMS, years), book)
        return {y: sum((receipts.year_total(m, y) for m in MUNICIPALITIES), Amount()).kroner for y in years}

    assert region(moved) == region(stayed)


def test_a_household_of_five_sums_to_what_a_person_adds_by_hand():
    """A worked example the property tests stand on: two adults, three children, settled in Q2 2020."""
    settled = dt.date(2020, 4, 15)
    family = [
        Entitled(1, 1, dt.date(1985, 1, 1), SettlementCategory.RESETTLEMENT_REFUGEE, settled, "ER"),
        Entitled(2, 1, dt.date(1988, 1, 1), SettlementCategory.RESETTLEMENT_REFUGEE, settled, "ER"),
        Entitled(3, 1, dt.date(2010, 1, 1), SettlementCategory.RESETTLEMENT_REFUGEE, settled, "ER"),
        Entitled(4, 1, dt.date(2014, 1, 1), SettlementCategory.RESETTLEMENT_REFUGEE, settled, "ER"),
        Entitled(5, 1, dt.date(2018, 1, 1), SettlementCategory.RESETTLEMENT_REFUGEE, settled, "ER"),
    ]
    receipts = price_tally(tally(family, own_parameters(), range(2020, 2026)), own_book(2020))
    totals = {y: receipts.year_total(1, y).kroner for y in range(2020, 2026)}
    # 2020: 2 adults 250 000, 3 children 200 000, kindergarten 30 000 (the 2-year-old), Norwegian 2 × 60 000.
    assert totals[2020] == Decimal(2 * 250_000 + 3 * 200_000 + 30_000 + 2 * 60_000)
    assert totals[2021] == Decimal(5 * 100_000 + 2 * 50_000)
    assert totals[2022] == Decimal(5 * 90_000 + 2 * 40_000)
    assert totals[2023] == Decimal(5 * 80_000)
    assert totals[2024] == Decimal(5 * 70_000)
    assert totals[2025] == Decimal(0)
    # Year 1 at once in the quarter of settlement; the rest spread over four quarters.
    q = {n: receipts.by_quarter.get((1, 2020, n), Amount()).kroner for n in (1, 2, 3, 4)}
    assert q[2] == Decimal(2 * 250_000 + 3 * 200_000 + 30_000) + Decimal(2 * 60_000) / 4
    assert q[1] == q[3] == q[4] == Decimal(2 * 60_000) / 4


@st.composite
def crowd(draw):
    """Many persons alike: few settlement days, ages and categories, so that grouping by key is tested."""
    size = draw(st.integers(2, 40))
    days = [dt.date(2020, 3, 1), dt.date(2020, 3, 31), dt.date(2020, 4, 1), dt.date(2021, 12, 31)]
    people = []
    for i in range(size):
        settled = draw(st.sampled_from([None, *days]))
        anchor = settled or dt.date(2020, 6, 1)
        birth = anchor - dt.timedelta(
            days=draw(st.sampled_from([200, 365 * 5 + 1, 365 * 6 + 2, 365 * 17, 365 * 18 + 5, 365 * 60 + 20]))
        )
        people.append(
            Entitled(
                person_id=i + 1,
                municipality_id=draw(st.sampled_from((1, 2))),
                birth_date=birth,
                category=draw(st.sampled_from(list(SettlementCategory.values))),
                settled_on=settled,
                country=draw(st.sampled_from(["ER", "UA"])),
                settled_alone=draw(st.booleans()),
                mother_settled_on=draw(st.sampled_from([None, dt.date(2020, 3, 1)]))
                if settled is None
                else None,
                reference_settled_on=draw(st.sampled_from([None, dt.date(2014, 1, 1), dt.date(2019, 1, 1)])),
                reference_status=draw(st.sampled_from(["", ReferenceStatus.HUMANITARIAN])),
                moved_out_on=draw(st.sampled_from([None, dt.date(2022, 1, 5), dt.date(2022, 12, 5)])),
                moved_to=2,
            )
        )
    return people


@given(crowd())
@settings(max_examples=200, deadline=None)
def test_persons_grouped_by_key_have_the_same_lines(people):
    from lagrundt.finance.rules import schedule_key

    def lines(p):
        return sorted(
            (line.code, line.year, line.recipient, line.quarter, line.assumed) for line in schedule(p, PARAMS)
        )

    first_by_key = {}
    for p in people:
        key = schedule_key(p, PARAMS)
        if key is None:
            assert lines(p) == []
            continue
        first = first_by_key.setdefault(key, p)
        assert lines(p) == lines(first)
    book = own_book(2020)
    years = range(2019, 2030)
    _by_year, by_group = person_sums(people, book, years)
    receipts = price_tally(tally(people, PARAMS, years), book)
    assert {k: v for k, v in receipts.by_group.items() if v != Amount()} == {
        k: v for k, v in by_group.items() if v != Amount()
    }
