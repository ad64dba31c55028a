"""Access-matrix rows for housing's pages (see tests/test_url_access_matrix.py).

The stock is read by who reads the housing section (the integration service, housing officers and
Nav) and changed by who writes it; landlords are personal data, opened only by who writes housing. A
household's tenancies are read by who reads the housing section of a member (Nav: the adults), and
changed by who writes it. A settlement case's suggestions and hold are the integration service's.
Leadership, culture and the rest see nothing. Objects in Hemsedal are «own», in Ål «other».
Posts without a form's fields go back to the page (302).
"""

import datetime as dt
from decimal import Decimal

from tests.access_matrix import API_ANON, answers, nothing

READERS = dict(integration=200, nav=200, housing=200)
WRITERS = dict(integration=200, housing=200)
WRITERS_BACK = dict(integration=302, housing=302)


def _municipality(world, place):
    return world.hemsedal if place == "own" else world.aal


def _household(world, place):
    return world.persons["adult" if place == "own" else "aal_adult"].household


def _dwelling(world, place, ownership="municipal"):
    from lagrundt.housing.models import Dwelling

    found, _ = Dwelling.objects.get_or_create(
        municipality=_municipality(world, place),
        address=f"Matrix {ownership}",
        defaults=dict(ownership=ownership, rooms=4, bedrooms=3, rent=Decimal(9000)),
    )
    return found


def dwelling(world, role, place):
    return {"pk": _dwelling(world, place).pk}


def private_dwelling(world, role, place):
    return {"pk": _dwelling(world, place, "private").pk}


def inventory_item(world, role, place):
    from lagrundt.housing.models import InventoryItem

    found = _dwelling(world, place)
    item, _ = InventoryItem.objects.get_or_create(dwelling=found, name="Matrix sofa")
    return {"pk": found.pk, "item": item.pk}


def landlord(world, role, place):
    from lagrundt.housing.models import Landlord

    found, _ = Landlord.objects.get_or_create(municipality=_municipality(world, place), name="Matrix Utleier")
    return {"pk": found.pk}


def household(world, role, place):
    return {"pk": _household(world, place).pk}


def household_dwelling(world, role, place):
    return {"pk": _household(world, place).pk, "dwelling": _dwelling(world, place, "other").pk}


def _tenancy(world, place):
    from lagrundt.housing.models import Tenancy

    home = _household(world, place)
    settled = world.persons["adult" if place == "own" else "aal_adult"].settlement.settled_on
    found, _ = Tenancy.objects.get_or_create(
        dwelling=_dwelling(world, place),
        household=home,
        defaults=dict(municipality=home.municipality, starts_on=settled, rent=Decimal(9000)),
    )
    return found


def tenancy(world, role, place):
    return {"pk": _tenancy(world, place).pk}


def _inspection(world, place):
    from django.contrib.auth.models import User

    from lagrundt.housing.models import Inspection

    found, _ = Inspection.objects.get_or_create(
        tenancy=_tenancy(world, place),
        year=1,
        defaults=dict(
            inspected_on=_tenancy(world, place).starts_on + dt.timedelta(days=30),
            results={"condition": "ok"},
            inspector=User.objects.get(username="hemsedal-housing"),
        ),
    )
    return found


def inspection(world, role, place):
    return {"pk": _inspection(world, place).pk}


def deviation(world, role, place):
    from lagrundt.housing.models import Deviation

    found = _inspection(world, place)
    item, _ = Deviation.objects.get_or_create(
        inspection=found,
        item="condition",
        defaults=dict(description="Matrix", due_on=found.inspected_on + dt.timedelta(days=14)),
    )
    return {"pk": item.pk}


def case(world, role, place):
    from django.utils import timezone

    from lagrundt.settlement.models import CaseMember, Reply, SettlementCase, Stage

    found, created = SettlementCase.objects.get_or_create(
        municipality=_municipality(world, place),
        name="Matrix housing",
        defaults=dict(
            category="resettlement_refugee",
            origin="abroad",
            country_background="SY",
            received_on=timezone.localdate(),
            reply=Reply.ACCEPTED,
            stage=Stage.ACCEPTED,
        ),
    )
    if created:
        CaseMember.objects.create(
            case=found, given_name="Rami", family_name="Matrix", birth_year=1990, role="reference"
        )
    return {"pk": found.pk}


def case_dwelling(world, role, place):
    return {**case(world, role, place), "dwelling": _dwelling(world, place, "other").pk}


OTHER = answers(404)

MATRIX = {
    "housing:stock": (nothing, "get", answers(404, **READERS), answers(404, **READERS)),
    "housing:dwelling_create": (nothing, "get", answers(404, **WRITERS), answers(404, **WRITERS)),
    "housing:dwelling_detail": (dwelling, "get", answers(404, **READERS), OTHER),
    "housing:dwelling_edit": (dwelling, "get", answers(404, **WRITERS), OTHER),
    "housing:inventory_add": (dwelling, "post", answers(404, **WRITERS_BACK), OTHER),
    "housing:inventory_remove": (inventory_item, "post", answers(404, **WRITERS_BACK), OTHER),
    "housing:agreement_add": (dwelling, "get", answers(404, **WRITERS), OTHER),
    # Hemsedal approves no dwellings (its profile has no approval list); Ål's are Ål's.
    "housing:approval_add": (private_dwelling, "get", answers(404), OTHER),
    "housing:landlord_list": (nothing, "get", answers(404, **WRITERS), answers(404, **WRITERS)),
    "housing:landlord_create": (nothing, "get", answers(404, **WRITERS), answers(404, **WRITERS)),
    "housing:landlord_detail": (landlord, "get", answers(404, **WRITERS), OTHER),
    "housing:landlord_edit": (landlord, "get", answers(404, **WRITERS), OTHER),
    "housing:household": (household, "get", answers(404, **READERS), OTHER),
    "housing:household_suggestions": (household, "get", answers(404, **WRITERS), OTHER),
    "housing:tenancy_start": (household_dwelling, "get", answers(404, **WRITERS), OTHER),
    "housing:case_suggestions": (case, "get", answers(404, integration=200), OTHER),
    "housing:case_hold": (case_dwelling, "get", answers(404, integration=200), OTHER),
    "housing:tenancy_end": (tenancy, "get", answers(404, **WRITERS), OTHER),
    "housing:tenancy_move": (tenancy, "get", answers(404, **WRITERS), OTHER),
    "housing:inspection_add": (tenancy, "get", answers(404, **WRITERS), OTHER),
    # Nav reads tenancies and rent, not what an inspection found.
    "housing:inspection_detail": (inspection, "get", answers(404, **WRITERS), OTHER),
    "housing:deviations": (nothing, "get", answers(404, **WRITERS), answers(404, **WRITERS)),
    "housing:deviation_close": (deviation, "post", answers(404, **WRITERS_BACK), OTHER),
}


def held(world, role, place):
    """A dwelling held for the matrix case (made again for each role: a release removes it)."""
    from django.utils import timezone

    from lagrundt.housing.models import Tenancy
    from lagrundt.settlement.models import SettlementCase

    found = SettlementCase.objects.get(pk=case(world, role, place)["pk"])
    dwelling = _dwelling(world, place, "held")
    item, _ = Tenancy.objects.get_or_create(
        dwelling=dwelling,
        case=found,
        household=None,
        defaults=dict(municipality=found.municipality, starts_on=timezone.localdate(), rent=Decimal(1)),
    )
    if item.ends_on is not None:
        Tenancy.objects.filter(pk=item.pk).update(ends_on=None, end_reason="")
    return {"pk": item.pk}


# Releasing a hold is the integration service's (cases are theirs); it goes back to the dwelling.
MATRIX["housing:tenancy_release"] = (held, "post", answers(404, integration=302), OTHER)


# ---------------------------------------------------------------------------- the API
# A list answers everyone logged in (empty where they read nothing); a detail is 404 to who may not
# read it; posted empty, a write the user may make answers with its field errors (400).
def _api(own, other=None):
    return answers(404, anonymous=API_ANON, **own), answers(404, anonymous=API_ANON, **(other or {}))


API_LIST = answers(200, anonymous=API_ANON)
MATRIX.update(
    {
        "housing-dwelling-list": (nothing, "get", API_LIST, API_LIST),
        "housing-dwelling-detail": (dwelling, "get", *_api(READERS)),
        "housing-tenancy-list": (nothing, "get", API_LIST, API_LIST),
        "housing-tenancy-detail": (tenancy, "get", *_api(READERS)),
        "housing-tenancy-end": (tenancy, "post", *_api(dict(integration=400, housing=400))),
    }
)
