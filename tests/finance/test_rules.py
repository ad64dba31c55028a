"""Every entitlement rule, table-driven: constructed persons, our own parameters and rates."""

import datetime as dt
from decimal import Decimal

import pytest

from lagrundt.finance.models import Decision, DisabilityKind, ReferenceStatus
from lagrundt.finance.money import Amount
from lagrundt.finance.rules import DisabilityDecision, Entitled, RateBook, schedule
from lagrundt.people.models import SettlementCategory as Cat

from .conftest import own_book, own_parameters

HERE, THERE = 1, 2
D = dt.date


def person(**facts) -> Entitled:
    base = dict(
        person_id=1,
        municipality_id=HERE,
        birth_date=D(1985, 6, 1),
        category=Cat.RESETTLEMENT_REFUGEE,
        settled_on=D(2020, 3, 10),
        country="ER",
    )
    return Entitled(**{**base, **facts})


def lines_of(p, params=None):
    return sorted((line.year, line.code) for line in schedule(p, params or own_parameters()))


INTEGRATION_2_TO_5 = [
    (2021, "integration.y2"),
    (2022, "integration.y3"),
    (2023, "integration.y4"),
    (2024, "integration.y5"),
]
NORWEGIAN_HIGH = [(2020, "norwegian.y1.high"), (2021, "norwegian.y2.high"), (2022, "norwegian.y3.high")]


@pytest.mark.parametrize(
    ("case", "facts", "expected"),
    [
        (
            "adult in a family: year-1 adult rate, four more years, three years of Norwegian",
            {},
            sorted([(2020, "integration.y1.adult"), *INTEGRATION_2_TO_5, *NORWEGIAN_HIGH]),
        ),
        (
            "settled alone: the single adult's year-1 rate",
            {"settled_alone": True},
            sorted([(2020, "integration.y1.single_adult"), *INTEGRATION_2_TO_5, *NORWEGIAN_HIGH]),
        ),
        (
            "a child of ten: the child's rate, no Norwegian grant, no kindergarten grant",
            {"birth_date": D(2010, 1, 1)},
            sorted([(2020, "integration.y1.child"), *INTEGRATION_2_TO_5]),
        ),
        (
            "a child of five at settlement: the one-time kindergarten grant",
            {"birth_date": D(2014, 4, 1)},
            sorted([(2020, "integration.y1.child"), (2020, "kindergarten"), *INTEGRATION_2_TO_5]),
        ),
        (
            "a child of six at settlement: no kindergarten grant",
            {"birth_date": D(2014, 3, 1)},
            sorted([(2020, "integration.y1.child"), *INTEGRATION_2_TO_5]),
        ),
        (
            "60 at settlement: the one-time elderly grant, and Norwegian up to 67",
            {"birth_date": D(1960, 3, 10), "settled_alone": True},
            sorted(
                [
                    (2020, "integration.y1.single_adult"),
                    (2020, "elderly"),
                    *INTEGRATION_2_TO_5,
                    *NORWEGIAN_HIGH,
                ]
            ),
        ),
        (
            "59 at settlement: no elderly grant",
            {"birth_date": D(1960, 3, 11)},
            sorted([(2020, "integration.y1.adult"), *INTEGRATION_2_TO_5, *NORWEGIAN_HIGH]),
        ),
        (
            "68 at settlement: the elderly grant, no Norwegian grant",
            {"birth_date": D(1952, 1, 1)},
            sorted([(2020, "integration.y1.adult"), (2020, "elderly"), *INTEGRATION_2_TO_5]),
        ),
        (
            "unaccompanied minor of 15: every year to the one they turn 20, younger band to 16",
            {"birth_date": D(2005, 1, 1), "category": Cat.UNACCOMPANIED_MINOR},
            sorted(
                [
                    (2020, "integration.y1.unaccompanied_minor"),
                    *INTEGRATION_2_TO_5,
                    (2020, "unaccompanied_minor.younger"),
                    (2021, "unaccompanied_minor.younger"),
                    (2022, "unaccompanied_minor.older"),
                    (2023, "unaccompanied_minor.older"),
                    (2024, "unaccompanied_minor.older"),
                    (2025, "unaccompanied_minor.older"),
                ]
            ),
        ),
        (
            "under collective protection: one year of the Norwegian grant for that group",
            {"category": Cat.TEMPORARY_COLLECTIVE_PROTECTION, "country": "UA"},
            sorted(
                [
                    (2020, "integration.y1.adult"),
                    *INTEGRATION_2_TO_5,
                    (2020, "norwegian.collective_protection"),
                ]
            ),
        ),
        (
            "from a country with the low Norwegian rate",
            {"country": "SE"},
            sorted(
                [
                    (2020, "integration.y1.adult"),
                    *INTEGRATION_2_TO_5,
                    (2020, "norwegian.y1.low"),
                    (2021, "norwegian.y2.low"),
                    (2022, "norwegian.y3.low"),
                ]
            ),
        ),
        (
            "the low rate entered for the person wins over the country",
            {"norwegian_band": "low"},
            sorted(
                [
                    (2020, "integration.y1.adult"),
                    *INTEGRATION_2_TO_5,
                    (2020, "norwegian.y1.low"),
                    (2021, "norwegian.y2.low"),
                    (2022, "norwegian.y3.low"),
                ]
            ),
        ),
        (
            "a year-1 group entered for the person wins over the register",
            {"year_one_group": "single_adult"},
            sorted([(2020, "integration.y1.single_adult"), *INTEGRATION_2_TO_5, *NORWEGIAN_HIGH]),
        ),
        (
            "born in Norway 6 months after the mother's settlement: counts from birth",
            {"birth_date": D(2020, 9, 10), "settled_on": None, "mother_settled_on": D(2020, 3, 10)},
            sorted(
                [
                    (2020, "integration.y1.child"),
                    (2020, "kindergarten"),
                    *INTEGRATION_2_TO_5,
                ]
            ),
        ),
        (
            "born in Norway 6 months and a day after the mother's settlement: no grant",
            {"birth_date": D(2020, 9, 11), "settled_on": None, "mother_settled_on": D(2020, 3, 10)},
            [],
        ),
        (
            "born in Norway with no mother's settlement known: no grant",
            {"birth_date": D(2020, 9, 1), "settled_on": None},
            [],
        ),
        (
            "family immigrant of a person with humanitarian status: three years",
            {
                "category": Cat.FAMILY_REUNIFICATION,
                "reference_settled_on": D(2018, 1, 1),
                "reference_status": ReferenceStatus.HUMANITARIAN,
            },
            sorted(
                [
                    (2020, "integration.y1.adult"),
                    (2021, "integration.y2"),
                    (2022, "integration.y3"),
                    *NORWEGIAN_HIGH,
                ]
            ),
        ),
        (
            "family immigrant of a refugee: five years",
            {
                "category": Cat.FAMILY_REUNIFICATION,
                "reference_settled_on": D(2018, 1, 1),
                "reference_status": ReferenceStatus.REFUGEE,
            },
            sorted([(2020, "integration.y1.adult"), *INTEGRATION_2_TO_5, *NORWEGIAN_HIGH]),
        ),
        (
            "family immigration five years to the day after the reference person's settlement: a grant",
            {
                "category": Cat.FAMILY_REUNIFICATION,
                "reference_settled_on": D(2015, 3, 10),
                "reference_status": ReferenceStatus.REFUGEE,
            },
            sorted([(2020, "integration.y1.adult"), *INTEGRATION_2_TO_5, *NORWEGIAN_HIGH]),
        ),
        (
            "family immigration more than five years after: no integration grant (Norwegian stays)",
            {
                "category": Cat.FAMILY_REUNIFICATION,
                "reference_settled_on": D(2015, 3, 9),
                "reference_status": ReferenceStatus.REFUGEE,
            },
            NORWEGIAN_HIGH,
        ),
    ],
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_entitlements(case, facts, expected):
    assert lines_of(person(**facts)) == expected


def test_integration_lines_are_grant_years_one_to_five_paid_year_one_at_once():
    lines = [line for line in schedule(person(), own_parameters()) if line.rule == "integration"]
    assert [(line.grant_year, line.quarter) for line in lines] == [(1, 1), (2, 0), (3, 0), (4, 0), (5, 0)]


def test_year_one_can_be_paid_in_the_quarter_after_settlement():
    params = own_parameters(payment_year_one="next_quarter")
    (first, *_rest) = schedule(person(settled_on=D(2020, 5, 2)), params)
    assert (first.code, first.quarter) == ("integration.y1.adult", 3)
    (first, *_rest) = schedule(person(settled_on=D(2020, 11, 2)), params)
    assert first.quarter == 4  # never into the next year


@pytest.mark.parametrize(
    ("status", "reference", "assumed_years"),
    [
        (ReferenceStatus.REFUGEE, D(2018, 1, 1), []),
        ("", D(2018, 1, 1), [4, 5]),  # unknown status: whether years 4 and 5 are paid
        (ReferenceStatus.REFUGEE, None, [1, 2, 3, 4, 5]),  # unknown reference: whether any is paid
        ("", None, [1, 2, 3, 4, 5]),
    ],
)
def test_family_immigrants_unknown_facts_mark_what_rests_on_them(status, reference, assumed_years):
    p = person(category=Cat.FAMILY_REUNIFICATION, reference_settled_on=reference, reference_status=status)
    lines = [line for line in schedule(p, own_parameters()) if line.rule == "integration"]
    assert [line.grant_year for line in lines] == [1, 2, 3, 4, 5]
    assert [line.grant_year for line in lines if line.assumed] == assumed_years


@pytest.mark.parametrize(
    ("moved_to", "move_year_to", "expected"),
    [
        (THERE, "old", {2020: HERE, 2021: HERE, 2022: HERE, 2023: THERE, 2024: THERE}),
        (THERE, "new", {2020: HERE, 2021: HERE, 2022: THERE, 2023: THERE, 2024: THERE}),
        (None, "old", {2020: HERE, 2021: HERE, 2022: HERE, 2023: None, 2024: None}),
    ],
)
def test_a_person_who_moves_takes_the_remaining_grant_years(moved_to, move_year_to, expected):
    p = person(moved_out_on=D(2022, 6, 1), moved_to=moved_to)
    lines = [
        line for line in schedule(p, own_parameters(move_year_to=move_year_to)) if line.rule == "integration"
    ]
    assert {line.year: line.recipient for line in lines} == expected


def test_the_year_of_a_move_is_assumed_while_that_parameter_is_unverified():
    p = person(moved_out_on=D(2022, 6, 1), moved_to=THERE)
    params = own_parameters(assumed=frozenset({"move_out.year_of_move"}))
    assumed = {line.year for line in schedule(p, params) if line.assumed}
    assert assumed == {2022}


def test_the_low_rate_country_list_is_assumed_while_unverified():
    params = own_parameters(assumed=frozenset({"norwegian.low_rate_countries"}))
    norwegian = [line for line in schedule(person(), params) if line.rule == "norwegian"]
    assert norwegian and all(line.assumed for line in norwegian)
    entered = [line for line in schedule(person(norwegian_band="high"), params) if line.rule == "norwegian"]
    assert entered and not any(line.assumed for line in entered)


@pytest.mark.parametrize(
    ("decision", "expected"),
    [
        (DisabilityDecision(DisabilityKind.ONE_OFF, Decision.GRANTED, D(2021, 5, 2)), [(2021, 2, None)]),
        (DisabilityDecision(DisabilityKind.ONE_OFF, Decision.GRANTED, D(2022, 5, 2)), []),  # grant year 3
        (DisabilityDecision(DisabilityKind.ONE_OFF, Decision.PENDING, None), []),
        (DisabilityDecision(DisabilityKind.ONE_OFF, Decision.REFUSED, D(2020, 9, 1)), []),
        (
            DisabilityDecision(
                DisabilityKind.ANNUAL, Decision.GRANTED, D(2020, 9, 1), Decimal("800000"), 2020, 2021
            ),
            [(2020, 1, Decimal("800000")), (2021, 2, Decimal("800000"))],
        ),
        (
            # Years past the integration grant's five are not paid.
            DisabilityDecision(
                DisabilityKind.ANNUAL, Decision.GRANTED, D(2020, 9, 1), Decimal("800000"), 2023, 2027
            ),
            [(2023, 4, Decimal("800000")), (2024, 5, Decimal("800000"))],
        ),
    ],
)
def test_disability_grants_count_only_when_granted(decision, expected):
    lines = [
        line
        for line in schedule(person(disability=(decision,)), own_parameters())
        if line.rule == "disability"
    ]
    assert [(line.year, line.grant_year, line.fixed) for line in lines] == expected


def test_no_yearly_disability_grant_outside_the_integration_grant():
    decision = DisabilityDecision(
        DisabilityKind.ANNUAL, Decision.GRANTED, D(2020, 9, 1), Decimal(800000), 2020, 2022
    )
    late_family = person(
        category=Cat.FAMILY_REUNIFICATION,
        reference_settled_on=D(2010, 1, 1),
        reference_status=ReferenceStatus.REFUGEE,
        disability=(decision,),
    )
    assert [line.rule for line in schedule(late_family, own_parameters())] == ["norwegian"] * 3


def test_parameters_decide_the_rules():
    """Every number comes from the parameters: change one and the lines follow."""
    params = own_parameters(integration_years=3, norwegian_years=1, elderly_min_age=70)
    assert lines_of(person(birth_date=D(1955, 1, 1)), params) == [
        (2020, "integration.y1.adult"),
        (2020, "norwegian.y1.high"),
        (2021, "integration.y2"),
        (2022, "integration.y3"),
    ]


# ---------------------------------------------------------------------------- rates
def test_a_rate_of_the_year_is_official_later_years_take_it_as_assumed():
    book = own_book(2020)
    assert book.lookup("integration.y2", 2020).assumed is False
    later = book.lookup("integration.y2", 2026)
    assert (later.amount, later.rate_year, later.assumed) == (Decimal(100_000), 2020, True)
    earlier = book.lookup("integration.y2", 2018)
    assert (earlier.rate_year, earlier.assumed) == (2020, True)


def test_the_latest_earlier_rate_is_used():
    book = RateBook(
        [
            ("elderly", 2019, Decimal(100), True),
            ("elderly", 2022, Decimal(200), True),
            ("elderly", 2025, Decimal(300), True),
        ]
    )
    assert [book.lookup("elderly", y).amount for y in (2018, 2019, 2021, 2022, 2024, 2026)] == [
        100,
        100,
        100,
        200,
        200,
        300,
    ]


def test_an_uncertain_rate_is_assumed_even_for_its_own_year():
    book = own_book(2020, official=False)
    assert book.lookup("elderly", 2020).assumed is True


def test_pricing_marks_assumed_and_missing_rates():
    book = own_book(2020, skip={"integration.y2"})
    priced = {line.code: book.price(line) for line in schedule(person(), own_parameters())}
    assert priced["integration.y1.adult"] == Amount(Decimal(250_000))
    assert priced["integration.y3"] == Amount(Decimal(90_000), assumed=True)  # 2022, on the 2020 rate
    assert priced["integration.y2"] == Amount(Decimal(0), missing=1)


def test_a_decided_amount_is_its_own_price():
    decision = DisabilityDecision(
        DisabilityKind.ANNUAL, Decision.GRANTED, D(2020, 9, 1), Decimal("812345.50"), 2020, 2020
    )
    (line,) = [
        line
        for line in schedule(person(disability=(decision,)), own_parameters())
        if line.rule == "disability"
    ]
    assert own_book().price(line) == Amount(Decimal("812345.50"))
