"""School and kindergarten start times as indicators: days from settlement to the first start, per year,
shown only where enough children started (small-number protection of the plans app)."""

import datetime as dt

import pytest

from lagrundt.core.measurement import Group, Query
from lagrundt.plans import registry, selectors
from lagrundt.records.indicators import kindergarten_start_days, school_start_days
from lagrundt.records.models import KindergartenPlacement, SchoolPlacement
from tests.world import make_person

pytestmark = pytest.mark.django_db
D = dt.date
TODAY = D(2026, 11, 4)


def child(world, i, settled, born=None):
    born = born or D(2017, 3, 1) + dt.timedelta(days=7 * i)
    return make_person(world.hemsedal, f"Barn{i}", "Testesen", born, settled_on=settled, serial=50 + i)


def school(person, starts, ends=None, school="Hemsedal skole"):
    return SchoolPlacement.objects.create(
        person=person, school=school, grade=3, class_kind="welcome", starts_on=starts, ends_on=ends
    )


def query(world, **group):
    return Query((world.hemsedal.pk,), (2025, 2026), TODAY, Group(**group))


def test_days_to_school_start_per_year_of_the_first_start(world):
    for i, wait in enumerate((10, 20, 30, 40, 50)):
        school(child(world, i, D(2026, 3, 1)), D(2026, 3, 1) + dt.timedelta(days=wait))
    moved_on = child(world, 9, D(2025, 1, 10))
    school(moved_on, D(2025, 1, 20), ends=D(2025, 8, 1))
    school(moved_on, D(2026, 8, 20), school="Gol skule")  # a change of school is not a start
    school(child(world, 8, D(2026, 10, 1)), D(2026, 12, 1))  # not yet started on the day measured
    assert school_start_days(query(world)) == {2025: [1, 10], 2026: [5, 150]}
    assert school_start_days(query(world, category="family_reunification")) == {2025: [0, 0], 2026: [0, 0]}


def test_the_average_is_shown_only_for_enough_children(world):
    for i, wait in enumerate((10, 20, 30, 40, 50)):
        school(child(world, i, D(2026, 3, 1)), D(2026, 3, 1) + dt.timedelta(days=wait))
    school(child(world, 9, D(2025, 1, 10)), D(2025, 1, 20))
    evaluation = selectors.evaluate(registry.indicator("school_start_days"), query(world))
    by_year = {row.year: row.value for row in evaluation.rows}
    assert by_year[2026] == 30 and by_year[2025] is None


def test_days_to_kindergarten_start(world):
    person = child(world, 1, D(2026, 2, 1), born=D(2023, 5, 5))
    KindergartenPlacement.objects.create(
        person=person, kindergarten="Tuv barnehage", applied_on=D(2026, 2, 2), starts_on=D(2026, 4, 2)
    )
    applied_only = child(world, 2, D(2026, 2, 1), born=D(2023, 6, 6))
    KindergartenPlacement.objects.create(
        person=applied_only, kindergarten="Tuv barnehage", applied_on=D(2026, 3, 1)
    )
    assert kindergarten_start_days(query(world)) == {2025: [0, 0], 2026: [1, 60]}
    assert registry.indicator("kindergarten_start_days") is not None
