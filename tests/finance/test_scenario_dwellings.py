"""The dwellings a scenario's planned settlements need, beside each planned year (issue 14, item 8)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from lagrundt.finance.models import PlannedSettlement, Scenario
from lagrundt.finance.scenarios import Shapes


@pytest.mark.parametrize(
    ("shapes", "dwellings"),
    [
        (Shapes(), 0),
        (Shapes(single_adults=3), 3),
        (Shapes(single_adults=2, adults_in_families=4, children_under_6=3, children_6_to_17=2), 4),
        (Shapes(adults_in_families=3, children_6_to_17=4), 2),
        (Shapes(children_6_to_17=2), 1),
    ],
)
def test_dwellings_per_single_adult_and_per_family(shapes, dwellings):
    assert shapes.dwellings == dwellings


@pytest.mark.django_db
def test_the_scenarios_page_shows_the_dwellings_of_a_planned_year(world, login, seeded):
    scenario = Scenario.objects.create(municipality=world.hemsedal, name="Vedtak")
    year = timezone.localdate().year + 1
    PlannedSettlement.objects.create(
        scenario=scenario,
        year=year,
        persons=12,
        unaccompanied_minors=2,
        single_adults=4,
        adults_in_families=4,
        children=2,
        children_under_6=1,
    )
    page = login(world, "integration").get(reverse("finance:scenarios"), {"kommune": world.hemsedal.pk})
    assert page.status_code == 200
    ((_scenario, planned),) = page.context["scenarios"]
    ((_p, shapes, from_register, _people),) = planned
    assert not from_register and shapes.dwellings == 6
    html = page.content.decode()
    assert '<span class="lg-dwellings">6 ' in html


@pytest.mark.django_db
def test_leadership_sees_no_dwellings_built_on_the_shapes_of_few_persons(world, login, seeded):
    scenario = Scenario.objects.create(municipality=world.hemsedal, name="Vedtak")
    year = timezone.localdate().year + 1
    PlannedSettlement.objects.create(scenario=scenario, year=year, persons=10, unaccompanied_minors=0)
    page = login(world, "leadership").get(reverse("finance:scenarios"), {"kommune": world.hemsedal.pk})
    assert page.context["shapes_hidden"]
    assert "lg-dwellings" not in page.content.decode()
