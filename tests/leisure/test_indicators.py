"""The leisure indicators: the share of settled children (6–17) and adults who took part in an organised
activity during the year, with those never mapped nor recorded shown as not recorded, and the plans
app's small-number protection over them."""

import datetime as dt

import pytest
from django.utils import timezone

from lagrundt.core.measurement import Query
from lagrundt.leisure import indicators
from lagrundt.leisure.models import InterestMapping, Participation
from lagrundt.plans import registry, selectors

from .conftest import make_activity

pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate()


def query(world, *years):
    return Query((world.hemsedal.pk,), years or (today().year,), today())


def test_children_and_adults_share_in_the_year(world):
    p = world.persons
    activity = make_activity(world.hemsedal, "Fotball")
    # The teen took part this year (stopped yesterday); the school child was mapped but takes part in
    # nothing; the small child (3) is not counted; the moved person is gone.
    Participation.objects.create(
        person=p["teen"],
        activity=activity,
        started_on=today() - dt.timedelta(days=400),
        stopped_on=today() - dt.timedelta(days=1),  # still this year, even on 2 January
    )
    InterestMapping.objects.create(person=p["school_child"], mapped_on=today() - dt.timedelta(days=60))
    Participation.objects.create(person=p["small_child"], activity=activity, started_on=today())
    InterestMapping.objects.create(person=p["adult"], mapped_on=today() - dt.timedelta(days=60))
    Participation.objects.create(
        person=p["moved"], activity=activity, started_on=today() - dt.timedelta(days=90)
    )
    year = today().year
    assert indicators.children_leisure(query(world)) == {year: [1, 1, 0]}
    # The adult was mapped, the spouse never: one no, one not recorded.
    assert indicators.adult_leisure(query(world)) == {year: [0, 1, 1]}


def test_a_participation_that_stopped_before_the_year_does_not_count(world):
    p = world.persons
    activity = make_activity(world.hemsedal, "Fotball")
    year = today().year
    Participation.objects.create(
        person=p["teen"],
        activity=activity,
        started_on=dt.date(year - 2, 3, 1),
        stopped_on=dt.date(year - 1, 12, 31),
    )
    assert indicators.children_leisure(query(world, year - 1, year)) == {year - 1: [1, 0, 1], year: [0, 0, 2]}


def test_the_computed_indicator_takes_the_plans_place_and_small_numbers_are_protected(world):
    found = registry.all_indicators()
    assert found["children_leisure"].app == "leisure" and found["children_leisure"].is_computed
    assert found["adult_leisure"].app == "leisure"
    Participation.objects.create(
        person=world.persons["teen"], activity=make_activity(world.hemsedal, "Fotball"), started_on=today()
    )
    evaluation = selectors.evaluate(found["children_leisure"], query(world))
    row = next(r for r in evaluation.rows if r.year == today().year)
    assert row.value is None  # one child of two: the share would tell who
