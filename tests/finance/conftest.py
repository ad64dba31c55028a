"""Rules' parameters and a rate table of our own making: round numbers, so that every sum can be
checked by hand, and not the state's rates (which the tests must not depend on)."""

from decimal import Decimal

import pytest

from lagrundt.finance.parameters import Parameters
from lagrundt.finance.rules import RateBook

OWN_RATES_YEAR = 2020
OWN_RATES = {
    "integration.y1.single_adult": 300_000,
    "integration.y1.adult": 250_000,
    "integration.y1.child": 200_000,
    "integration.y1.unaccompanied_minor": 210_000,
    "integration.y2": 100_000,
    "integration.y3": 90_000,
    "integration.y4": 80_000,
    "integration.y5": 70_000,
    "elderly": 150_000,
    "kindergarten": 30_000,
    "unaccompanied_minor.younger": 1_000_000,
    "unaccompanied_minor.older": 600_000,
    "disability.one_off": 200_000,
    "disability.annual": 1_500_000,
    "norwegian.y1.high": 60_000,
    "norwegian.y1.low": 20_000,
    "norwegian.y2.high": 50_000,
    "norwegian.y2.low": 15_000,
    "norwegian.y3.high": 40_000,
    "norwegian.y3.low": 10_000,
    "norwegian.collective_protection": 45_000,
}


def own_parameters(**changes) -> Parameters:
    params = Parameters(
        integration_years=5,
        integration_years_family_of_humanitarian=3,
        born_after_settlement_months=6,
        family_immigration_limit_years=5,
        elderly_min_age=60,
        kindergarten_max_age=5,
        minor_last_age=20,
        minor_younger_band_last_age=16,
        disability_one_off_last_grant_year=2,
        norwegian_min_age=18,
        norwegian_max_age=67,
        norwegian_years=3,
        norwegian_years_collective_protection=1,
        norwegian_low_rate_countries=frozenset({"UA", "SE"}),
        payment_year_one="settlement_quarter",
        move_year_to="old",
        assumed=frozenset(),
    )
    return params.replace(**changes)


def own_book(year: int = OWN_RATES_YEAR, *, official: bool = True, skip=()) -> RateBook:
    return RateBook(
        (code, year, Decimal(amount), official) for code, amount in OWN_RATES.items() if code not in skip
    )


@pytest.fixture
def params() -> Parameters:
    return own_parameters()


@pytest.fixture
def book() -> RateBook:
    return own_book()


@pytest.fixture
def seeded(db):
    """The facts file's rates and parameters in the database."""
    from lagrundt.finance import services

    return services.seed_from_facts()
