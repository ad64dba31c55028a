"""The access matrix rows of the finance app's URLs (see tests/test_url_access_matrix.py).

Municipality totals: the integration service (which reads the finances of everyone settled) and
leadership. A person's grants: who may read the person's finances (integration service; Nav for
adults). Rates: everyone who sees any of these, and who may manage rates.
"""

import datetime as dt

from tests.access_matrix import API_ANON, answers, nothing, person

ECONOMY = dict(integration=200, leadership=200)
PERSON_FINANCES = dict(integration=200, nav=200)
RATE_READERS = dict(integration=200, nav=200, leadership=200, sysadmin=200)


def seeded(world, role, place):
    """No URL arguments; the rules' parameters and the facts file's rates are in the database."""
    from lagrundt.finance import services

    services.seed_from_facts()
    return {}


def scenario(world, role, place):
    from lagrundt.finance.models import Scenario

    municipality = world.hemsedal if place == "own" else world.aal
    found, _ = Scenario.objects.get_or_create(municipality=municipality, name="Vedtak 2027")
    return {"pk": found.pk}


def receipt(world, role, place):
    from lagrundt.finance.models import ActualReceipt

    municipality = world.hemsedal if place == "own" else world.aal
    found, _ = ActualReceipt.objects.get_or_create(
        municipality=municipality, year=2025, grant="integration", defaults={"amount": 1000}
    )
    return {"pk": found.pk}


def cost(world, role, place):
    from lagrundt.finance.models import CostEntry

    municipality = world.hemsedal if place == "own" else world.aal
    found, _ = CostEntry.objects.get_or_create(
        municipality=municipality, year=2025, kind="other", label="", defaults={"amount": 1000}
    )
    return {"pk": found.pk}


def disability_grant(world, role, place):
    from lagrundt.finance.models import DisabilityGrant

    target = world.persons["adult" if place == "own" else "aal_adult"]
    grant, _ = DisabilityGrant.objects.get_or_create(
        person=target, kind="one_off", defaults={"applied_on": dt.date(2025, 1, 10)}
    )
    return {"pk": target.pk, "grant_id": grant.pk}


def planned(world, role, place):
    from lagrundt.finance.models import PlannedSettlement

    found = scenario(world, role, place)
    item, _ = PlannedSettlement.objects.get_or_create(
        scenario_id=found["pk"], year=2030, defaults={"persons": 5}
    )
    return {**found, "planned": item.pk}


def adult(world, role, place):
    return person(world, role, place, kind="adult" if place == "own" else "aal_adult")


# A change posted where the user may change the economy: a form posted empty shows its errors (200); a
# removal of what is not there changes nothing and goes back to the page (302).
ECONOMY_SAVED = dict(integration=302, leadership=302)
API_LIST = answers(200, anonymous=API_ANON)
API_ECONOMY = (answers(404, anonymous=API_ANON, **ECONOMY), answers(404, anonymous=API_ANON))

MATRIX = {
    "finance:overview": (nothing, "get", answers(404, **ECONOMY), answers(404, **ECONOMY)),
    "finance:overview_export": (seeded, "get", answers(404, **ECONOMY), answers(404, **ECONOMY)),
    "finance:scenarios": (nothing, "get", answers(404, **ECONOMY), answers(404, **ECONOMY)),
    "finance:scenarios_export": (seeded, "get", answers(404, **ECONOMY), answers(404, **ECONOMY)),
    "finance:scenario_detail": (scenario, "get", answers(404, **ECONOMY), answers(404)),
    "finance:scenario_edit": (scenario, "post", answers(404, **ECONOMY), answers(404)),
    "finance:scenario_delete": (scenario, "post", answers(404, **ECONOMY_SAVED), answers(404)),
    "finance:planned_save": (scenario, "post", answers(404, **ECONOMY), answers(404)),
    "finance:planned_remove": (planned, "post", answers(404, **ECONOMY_SAVED), answers(404)),
    "finance:receipts": (nothing, "get", answers(404, **ECONOMY), answers(404, **ECONOMY)),
    "finance:receipt_delete": (
        lambda w, r, p: {"pk": 0},
        "post",
        answers(404, **ECONOMY_SAVED),
        answers(404, **ECONOMY_SAVED),
    ),
    "finance:costs": (nothing, "get", answers(404, **ECONOMY), answers(404, **ECONOMY)),
    "finance:cost_delete": (
        lambda w, r, p: {"pk": 0},
        "post",
        answers(404, **ECONOMY_SAVED),
        answers(404, **ECONOMY_SAVED),
    ),
    "finance:persons": (nothing, "get", answers(404, **PERSON_FINANCES), answers(404, **PERSON_FINANCES)),
    "finance:persons_export": (
        seeded,
        "get",
        answers(404, **PERSON_FINANCES),
        answers(404, **PERSON_FINANCES),
    ),
    "finance:person_schedule": (adult, "get", answers(404, **PERSON_FINANCES), answers(404)),
    "finance:person_schedule_export": (adult, "get", answers(404, **PERSON_FINANCES), answers(404)),
    "finance:person_facts": (adult, "get", answers(404, **PERSON_FINANCES), answers(404)),
    "finance:disability_grant_add": (adult, "get", answers(404, **PERSON_FINANCES), answers(404)),
    "finance:disability_grant_edit": (disability_grant, "get", answers(404, **PERSON_FINANCES), answers(404)),
    "finance:disability_grant_delete": (
        disability_grant,
        "post",
        answers(404, **dict.fromkeys(PERSON_FINANCES, 302)),
        answers(404),
    ),
    "finance:rates": (nothing, "get", answers(404, **RATE_READERS), answers(404, **RATE_READERS)),
    "finance:rates_export": (nothing, "get", answers(404, **RATE_READERS), answers(404, **RATE_READERS)),
    "finance:rates_template": (nothing, "get", answers(404, sysadmin=200), answers(404, sysadmin=200)),
    "finance:rates_import": (nothing, "get", answers(404, sysadmin=200), answers(404, sysadmin=200)),
    # The API: a list answers everyone logged in (with the figures they may see), an object 404 to others.
    "finance-receipt-list": (nothing, "get", API_LIST, API_LIST),
    "finance-receipt-detail": (receipt, "get", *API_ECONOMY),
    "finance-cost-list": (nothing, "get", API_LIST, API_LIST),
    "finance-cost-detail": (cost, "get", *API_ECONOMY),
    "finance-scenario-list": (nothing, "get", API_LIST, API_LIST),
    "finance-scenario-detail": (scenario, "get", *API_ECONOMY),
}
