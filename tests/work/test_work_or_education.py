"""«Settled adults in work or education», computed from Nav's statuses and the programme's outcomes."""

import datetime as dt

import pytest
from django.utils import timezone

from lagrundt.access.audit import Actor
from lagrundt.core.dates import add_years
from lagrundt.core.measurement import Group, Query
from lagrundt.intro import work_status
from lagrundt.intro.models import ProgrammeEnd
from lagrundt.plans import registry, selectors
from lagrundt.work import indicators, services
from tests.world import make_person

pytestmark = pytest.mark.django_db


def today() -> dt.date:
    return timezone.localdate()


def query(world, **group) -> Query:
    year = today().year
    return Query((world.hemsedal.pk,), (year - 1, year), today(), Group(**group))


def ended(person, on, at_end, after="", checked_on=None):
    return ProgrammeEnd.objects.create(
        person=person,
        municipality=person.municipality,
        ended_on=on,
        reason="goal_reached",
        status_at_end=at_end,
        status_after_one_year=after,
        status_checked_on=checked_on,
    )


@pytest.fixture
def counted(world):
    """In Hemsedal: Abeba in work at Nav since 1 January; Dawit's programme ended on 1 January, followed
    by Nav; Mehari (moved out a month ago) known to nobody; a retired man and a newcomer not counted.
    Every day is this year's 1 January or today, so the counts hold on any day of the year."""
    nav = Actor(world.users["nav"], detail="test")
    year = today().year
    services.nav_status_save(
        actor=nav,
        person=world.persons["adult"],
        data={"status": "work", "from_date": dt.date(year, 1, 1), "to_date": None},
    )
    ended(world.persons["spouse"], dt.date(year, 1, 1), "nav")
    make_person(world.hemsedal, "Tekle", "Gebru", add_years(today(), -70), serial=30)  # older than 66
    newcomer = make_person(world.hemsedal, "Saba", "Kidane", add_years(today(), -30), serial=31)
    newcomer.settlement.settled_on = today() + dt.timedelta(days=10)
    newcomer.settlement.save()
    return world


def test_counts_per_year_from_nav_and_the_programme(counted):
    year = today().year
    # Mehari lived here at the end of last year unless the month since he moved reaches back into it.
    mehari = 1 if counted.persons["moved"].moved_out_on > dt.date(year - 1, 12, 31) else 0
    assert indicators.work_or_education(query(counted)) == {
        # End of last year: Abeba, Dawit (and Mehari) living here; nothing known yet of any of them.
        year - 1: [0, 0, 2 + mehari],
        # Today: Abeba in work (Nav), Dawit followed by Nav after the programme; Mehari has moved.
        year: [1, 1, 0],
    }


def test_nav_status_comes_before_the_programme_outcome(counted):
    year = today().year
    ended(counted.persons["adult"], dt.date(year, 1, 1), "other")
    assert indicators.work_or_education(query(counted))[year] == [1, 1, 0]


def test_a_period_that_ended_before_the_day_does_not_count(world):
    nav = Actor(world.users["nav"], detail="test")
    services.nav_status_save(
        actor=nav,
        person=world.persons["adult"],
        data={
            "status": "education",
            "from_date": today() - dt.timedelta(days=300),
            "to_date": today() - dt.timedelta(days=100),
        },
    )
    assert indicators.work_or_education(query(world))[today().year] == [0, 0, 2]


def test_groups_settled_years_and_sex(counted):
    year = today().year
    assert indicators.work_or_education(query(counted, settled_years_min=3))[year] == [0, 0, 0]
    assert indicators.work_or_education(query(counted, settled_years_min=1))[year] == [1, 1, 0]
    sex = counted.persons["adult"].sex
    assert indicators.work_or_education(query(counted, sex=sex))[year] == [1, 0, 0]


def test_the_programme_hook_reads_the_status_one_year_later_once_checked(world):
    person = world.persons["adult"]
    end = add_years(today(), -1) - dt.timedelta(days=60)
    ended(person, end, "other", after="work", checked_on=today() - dt.timedelta(days=30))
    ids = [person.pk]
    assert work_status.statuses(person_ids=ids, on=end) == {person.pk: False}
    assert work_status.statuses(person_ids=ids, on=today()) == {person.pk: True}
    assert work_status.statuses(person_ids=ids, on=end - dt.timedelta(days=1)) == {}


def test_an_unknown_outcome_tells_nothing(world):
    ended(world.persons["adult"], today() - dt.timedelta(days=20), "unknown")
    assert work_status.statuses(person_ids=[world.persons["adult"].pk], on=today()) == {}


def test_the_plans_use_the_computed_definition_with_the_entered_ones_key_and_label(counted):
    found = registry.indicator("work_or_education")
    assert found.app == "work" and found.is_computed
    assert str(found.label) == "Settled adults in work or education"
    assert found.groups == frozenset({"settled_years_min", "sex", "category", "country"})
    evaluation = selectors.evaluate(found, query(counted))
    assert not evaluation.is_entered
    # Two persons with a known status today: too few to show, so the share is protected.
    assert evaluation.rows[-1].value is None
