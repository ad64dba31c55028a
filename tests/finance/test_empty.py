"""A municipality with nothing yet (no persons, no grants, no receipts) and odd query parameters: the
economy pages answer with an empty state, never a 500."""

import pytest
from django.urls import reverse

from lagrundt.accounts.two_factor import client_login
from lagrundt.tenancy.models import Membership, Municipality, Role, Sector, ServiceUnit

pytestmark = pytest.mark.django_db

PAGES = [
    "finance:overview",
    "finance:overview_export",
    "finance:scenarios",
    "finance:scenarios_export",
    "finance:receipts",
    "finance:costs",
    "finance:persons",
    "finance:persons_export",
    "finance:rates",
    "finance:rates_export",
]
ODD = [
    {},
    {"kommune": "99999999999999999999999"},
    {"kommune": "-99999999999999999999999"},
    {"kommune": "-1"},
    {"kommune": "0"},
    {"year": "1"},
    {"year": "9999"},
    {"side": "99999999999999999999999"},
    {"side": "-1"},
]


@pytest.fixture
def empty(world, django_user_model):
    """Tomby: a municipality of its own unit, with an integration service and a leader, and nobody else."""
    municipality = Municipality.objects.create(number="5999", name="Tomby", slug="tomby")
    unit = ServiceUnit.objects.create(name="Tomby kommune", host_municipality=municipality)
    unit.municipalities.set([municipality])
    users = {}
    for key, sector in (("integration", Sector.INTEGRATION_SERVICE), ("leadership", Sector.LEADERSHIP)):
        users[key] = django_user_model.objects.create_user(f"tomby-{key}")
        Membership.objects.create(user=users[key], unit=unit, sector=sector, role=Role.EMPLOYEE)
    return municipality, users


@pytest.mark.parametrize("seeded_rules", [False, True], ids=["no rules yet", "rules and rates"])
@pytest.mark.parametrize("role", ["integration", "leadership"])
def test_every_economy_page_of_an_empty_municipality_answers(client, empty, role, seeded_rules):
    from lagrundt.finance import services

    if seeded_rules:
        services.seed_from_facts()
    municipality, users = empty
    client_login(client, users[role])
    for name in PAGES:
        for params in ({}, {"kommune": municipality.pk}):
            response = client.get(reverse(name), params)
            assert response.status_code in (200, 302, 404), (name, params, response.status_code)


def test_odd_parameters_on_the_economy_pages_of_an_empty_municipality(client, empty, seeded):
    _municipality, users = empty
    client_login(client, users["integration"])
    for name in PAGES:
        for params in ODD:
            response = client.get(reverse(name), params)
            assert response.status_code in (200, 302, 404), (name, params, response.status_code)


def test_the_empty_persons_page_says_so(client, empty, seeded):
    municipality, users = empty
    client_login(client, users["integration"])
    response = client.get(reverse("finance:persons"), {"kommune": municipality.pk})
    assert response.status_code == 200
    assert response.context["rows"] == []
    export = client.get(reverse("finance:persons_export"), {"kommune": municipality.pk})
    assert export.status_code == 200


def test_the_empty_economy_page_shows_empty_tables(client, empty, seeded):
    municipality, users = empty
    for role in ("integration", "leadership"):
        client_login(client, users[role])
        response = client.get(reverse("finance:overview"), {"kommune": municipality.pk})
        assert response.status_code == 200
        assert response.context["tables"]["receipts"].is_empty
        assert not response.context["tables"]["actual"].rows
        assert '<svg class="lg-chart"' not in response.content.decode()  # no chart of nothing, a sentence


def test_the_rates_template_takes_no_year_outside_the_rates(world, login):
    client = login(world, "sysadmin")
    for year in ("1", "9999", "99999999999999999999999", "-1"):
        response = client.get(reverse("finance:rates_template"), {"year": year})
        assert response.status_code == 200, year


def test_an_unknown_municipality_in_the_persons_list_is_ignored(world, login, seeded):
    client = login(world, "integration")
    for value in ("99999999999999999999999", str(world.aal.pk)):
        response = client.get(reverse("finance:persons"), {"kommune": value})
        assert response.status_code == 200
        assert response.context["municipality_id"] is None
        shown = {row["person"].pk for row in response.context["rows"]}
        assert world.persons["adult"].pk in shown and world.persons["aal_adult"].pk not in shown
