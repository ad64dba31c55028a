"""Access-matrix rows for leisure (see tests/test_url_access_matrix.py).

The catalogue, the interest list and the support schemes are kept by culture and the integration
service in the municipalities they serve. A person's leisure is read by who reads the section LEISURE
(the integration service; culture and the volunteer centre only for residents who consented: the
world's "adult" did), written by culture and the integration service; leisure support is also read by
the school for its pupils (the school child, given consent here so that culture sees it too).
"""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from lagrundt.leisure.models import (
    Activity,
    Interest,
    Participation,
    SchemeKind,
    SupportApplication,
    SupportScheme,
)
from tests.access_matrix import answers


def _municipality(world, place):
    return world.hemsedal if place == "own" else world.aal


def _adult(world, role, place):
    return {"pk": world.persons["adult" if place == "own" else "aal_adult"].pk}


def _consenting_child(world, place):
    person = world.persons["school_child" if place == "own" else "aal_child"]
    if not person.consents_to_leisure_contact:
        person.consents_to_leisure_contact = True
        person.leisure_consent_on = timezone.localdate() - dt.timedelta(days=10)
        person.save(update_fields=["consents_to_leisure_contact", "leisure_consent_on"])
    return person


def _child(world, role, place):
    return {"pk": _consenting_child(world, place).pk}


def _activity(world, place):
    municipality = _municipality(world, place)
    activity, _made = Activity.objects.get_or_create(
        municipality=municipality, key="matrix", defaults={"organisation": "IL", "name": "Fotball"}
    )
    return activity


def _scheme(world, place):
    scheme, _made = SupportScheme.objects.get_or_create(
        municipality=_municipality(world, place),
        key="matrix",
        defaults={"name": "Fritidskassa", "kind": SchemeKind.MONEY, "source": "Test"},
    )
    return scheme


def activity(world, role, place):
    return {"pk": _activity(world, place).pk}


def interest(world, role, place):
    found, _made = Interest.objects.get_or_create(
        municipality=_municipality(world, place), key="matrix", defaults={"name": "Fotball"}
    )
    return {"pk": found.pk}


def scheme(world, role, place):
    return {"pk": _scheme(world, place).pk}


def participation(world, role, place):
    person = world.persons["adult" if place == "own" else "aal_adult"]
    found, _made = Participation.objects.get_or_create(
        person=person, activity=_activity(world, place), defaults={"started_on": timezone.localdate()}
    )
    return {"pk": person.pk, "participation": found.pk}


def application(world, role, place):
    person = _consenting_child(world, place)
    found, _made = SupportApplication.objects.get_or_create(
        person=person,
        scheme=_scheme(world, place),
        defaults={"applied_on": timezone.localdate(), "amount_applied": Decimal(500)},
    )
    return {"pk": person.pk, "application": found.pk}


def nothing(world, role, place):
    return {}


KEEPERS = dict(integration=200, culture=200)
LEISURE_READERS = dict(integration=200, culture=200, volunteer=200)
SUPPORT_READERS = dict(integration=200, culture=200, school=200)

MATRIX = {
    "leisure:catalogue": (nothing, "get", answers(404, **KEEPERS), answers(404, **KEEPERS)),
    "leisure:activity_create": (nothing, "get", answers(404, **KEEPERS), answers(404, **KEEPERS)),
    "leisure:activity_edit": (activity, "get", answers(404, **KEEPERS), answers(404)),
    "leisure:interest_list": (nothing, "get", answers(404, **KEEPERS), answers(404, **KEEPERS)),
    "leisure:interest_create": (nothing, "get", answers(404, **KEEPERS), answers(404, **KEEPERS)),
    "leisure:interest_edit": (interest, "get", answers(404, **KEEPERS), answers(404)),
    "leisure:scheme_list": (nothing, "get", answers(404, **KEEPERS), answers(404, **KEEPERS)),
    "leisure:scheme_create": (nothing, "get", answers(404, **KEEPERS), answers(404, **KEEPERS)),
    "leisure:scheme_edit": (scheme, "get", answers(404, **KEEPERS), answers(404)),
    "leisure:person": (_adult, "get", answers(404, **LEISURE_READERS), answers(404)),
    "leisure:mapping_edit": (_adult, "get", answers(404, **KEEPERS), answers(404)),
    "leisure:participation_add": (_adult, "get", answers(404, **KEEPERS), answers(404)),
    "leisure:participation_stop": (participation, "get", answers(404, **KEEPERS), answers(404)),
    "leisure:support": (_child, "get", answers(404, **SUPPORT_READERS), answers(404)),
    "leisure:application_add": (_child, "get", answers(404, **KEEPERS), answers(404)),
    "leisure:decision": (application, "get", answers(404, **KEEPERS), answers(404)),
}
