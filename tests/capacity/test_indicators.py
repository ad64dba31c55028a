"""The settlement and housing indicators, computed from data built with the ORM, and protected."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from lagrundt.core.measurement import Group, Kind, Query
from lagrundt.housing import indicators as housing_indicators
from lagrundt.housing.models import Dwelling, Ownership, Tenancy, TenancyEnd
from lagrundt.people.models import Household, SettlementCategory
from lagrundt.plans import registry, selectors
from lagrundt.settlement import indicators as settlement_indicators
from lagrundt.settlement.models import Origin, Reply, SettlementCase
from tests.world import make_person, years_ago

pytestmark = pytest.mark.django_db


def _query(world, years, group=None):
    return Query((world.hemsedal.pk,), tuple(years), timezone.localdate(), group or Group())


def _case(world, received, replied=None, arrived=None, reply=Reply.ACCEPTED, **kw):
    return SettlementCase.objects.create(
        municipality=kw.pop("municipality", world.hemsedal),
        name="Testfamilien",
        category=kw.pop("category", SettlementCategory.RESETTLEMENT_REFUGEE),
        origin=Origin.ABROAD,
        received_on=received,
        replied_on=replied,
        reply=reply if replied else Reply.PENDING,
        arrived_on=arrived,
        **kw,
    )


def test_reply_time_and_days_to_arrival_are_averages_of_the_year(world):
    today = timezone.localdate()
    last = today.year - 1
    base = dt.date(last, 3, 1)
    for days in (2, 4, 6, 8, 10):  # replied last year: average 6 days
        _case(world, base, base + dt.timedelta(days=days), base + dt.timedelta(days=days + 30))
    declined = _case(world, base, base + dt.timedelta(days=20), reply=Reply.DECLINED)
    _case(world, base, None)  # not answered: not counted
    _case(world, base, base + dt.timedelta(days=99), municipality=world.aal)  # another municipality
    values = settlement_indicators.reply_days(_query(world, [last]))
    assert values[last] == [6, 2 + 4 + 6 + 8 + 10 + 20]  # the declined reply counts for reply time
    arrival = settlement_indicators.acceptance_to_arrival_days(_query(world, [last]))
    assert arrival[last] == [5, 150]  # declined never arrives; 30 days each
    assert declined.arrived_on is None


def test_an_average_over_fewer_than_five_cases_is_hidden(world):
    today = timezone.localdate()
    last = today.year - 1
    base = dt.date(last, 3, 1)
    for days in (3, 5, 7):
        _case(world, base, base + dt.timedelta(days=days))
    found = registry.all_indicators()
    evaluation = selectors.evaluate(found["settlement_reply_days"], _query(world, [last]))
    row = evaluation.rows[0]
    assert row.cells[0].suppressed and row.value is None and row.cells[1] is None
    for days in (9, 11):
        _case(world, base, base + dt.timedelta(days=days))
    row = selectors.evaluate(found["settlement_reply_days"], _query(world, [last])).rows[0]
    assert row.cells[0].value == 5
    assert row.value == Decimal("7.0")
    assert found["settlement_reply_days"].kind == Kind.AVERAGE


def _dwelling(world, n, central):
    return Dwelling.objects.create(
        municipality=world.hemsedal,
        ownership=Ownership.MUNICIPAL,
        address=f"Vei {n}",
        rooms=3,
        bedrooms=2,
        rent=Decimal(8000),
        central=central,
    )


def _households(world, n, settled_on, serial):
    households = []
    for i in range(n):
        h = Household.objects.create(name=f"Husstand {serial + i}", municipality=world.hemsedal)
        make_person(
            world.hemsedal,
            f"P{serial + i}",
            "Test",
            years_ago(30, days=7 * i),
            household=h,
            settled_on=settled_on,
            serial=serial + i,
        )
        households.append(h)
    return households


def test_central_location_counts_households_by_the_dwelling_on_the_day(world):
    today = timezone.localdate()
    households = _households(world, 8, years_ago(1), 500)
    for i, h in enumerate(households):
        Tenancy.objects.create(
            dwelling=_dwelling(world, i, central=i < 6),
            household=h,
            municipality=world.hemsedal,
            starts_on=years_ago(1),
            rent=Decimal(8000),
        )
    ended = Tenancy.objects.create(  # ended before today: not counted this year
        dwelling=_dwelling(world, 99, central=True),
        household=world.persons["adult"].household,
        municipality=world.hemsedal,
        starts_on=years_ago(1),
        ends_on=today - dt.timedelta(days=3),
        rent=Decimal(1),
    )
    values = housing_indicators.central_location(_query(world, [today.year]))
    assert values[today.year] == [6, 2]
    assert ended.ends_on < today
    found = registry.all_indicators()
    evaluation = selectors.evaluate(found["housing_central_location"], _query(world, [today.year]))
    assert evaluation.rows[0].cells[1].suppressed  # 2 households elsewhere: hidden, and the share with it
    assert evaluation.rows[0].value is None


def test_own_home_within_five_years_by_year_of_settlement(world, time_machine):
    today = timezone.localdate()
    cohort = today.year - 4  # before the world's households were settled
    settled_on = dt.date(cohort, 2, 1)
    households = _households(world, 7, settled_on, 600)
    ends = [TenancyEnd.OWN_BOUGHT_GRANT, TenancyEnd.OWN_RENTED, TenancyEnd.MOVED_WITHIN, None, None]
    for i, (h, reason) in enumerate(zip(households, ends, strict=False)):
        Tenancy.objects.create(
            dwelling=_dwelling(world, 700 + i, central=False),
            household=h,
            municipality=world.hemsedal,
            starts_on=settled_on,
            ends_on=settled_on + dt.timedelta(days=400) if reason else None,
            end_reason=reason or "",
            rent=Decimal(8000),
        )
    # households[5] and [6] have no tenancy recorded.
    values = housing_indicators.own_home(_query(world, [cohort]))
    assert values[cohort] == [2, 3, 2]
    # A move to one's own home after five years does not count.
    late = Tenancy.objects.get(household=households[4])
    late.ends_on = settled_on.replace(year=cohort + 5) + dt.timedelta(days=10)
    late.end_reason = TenancyEnd.OWN_BOUGHT
    late.save()
    time_machine.move_to(dt.datetime(cohort + 6, 6, 1, 12, tzinfo=dt.UTC))
    values = housing_indicators.own_home(_query(world, [cohort]))
    assert values[cohort] == [2, 3, 2]


def test_dwellings_let_to_refugees(world):
    today = timezone.localdate()
    family = world.persons["adult"].household
    for i in range(11):
        d = _dwelling(world, 800 + i, central=False)
        if i < 6:
            Tenancy.objects.create(
                dwelling=d,
                household=family,
                municipality=world.hemsedal,
                starts_on=years_ago(1),
                rent=Decimal(1),
            )
    Dwelling.objects.create(
        municipality=world.hemsedal,
        ownership=Ownership.MUNICIPAL,
        address="Ikke",
        rooms=2,
        bedrooms=1,
        rent=Decimal(1),
        for_refugees=False,
    )
    assert housing_indicators.dwellings_let(_query(world, [today.year]))[today.year] == [6, 5]
    found = registry.all_indicators()
    evaluation = selectors.evaluate(found["housing_dwellings_let"], _query(world, [today.year]))
    assert evaluation.rows[0].value == 6
