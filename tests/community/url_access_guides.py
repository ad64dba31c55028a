"""Access-matrix rows of volunteers and guide pairs (merged into tests/community/url_access.py).

The volunteer register is kept by the volunteer centre and the integration service in the
municipalities they serve (Hemsedal; the integration service also Gol), so a volunteer in Ål answers
404 to everyone. A person's guides are read by who reads the COMMUNITY section (the integration
service, and culture and the volunteer centre for a resident who consented: the adult in Hemsedal) and
written by the guide record's writers (the integration service and the volunteer centre). Leadership
sees the statistics only.
"""

import datetime as dt

from django.utils import timezone

from tests.access_matrix import answers


def _volunteer(world, place):
    from lagrundt.community.models import Volunteer

    municipality = world.hemsedal if place == "own" else world.aal
    found, _ = Volunteer.objects.get_or_create(
        municipality=municipality,
        given_name="Matrise",
        family_name="Frivillig",
        defaults={"consent_given_on": timezone.localdate(), "languages": ["ti"]},
    )
    return found


def volunteer(world, role, place):
    return {"pk": _volunteer(world, place).pk}


def person(world, role, place):
    return {"pk": world.persons["adult" if place == "own" else "aal_adult"].pk}


def person_and_volunteer(world, role, place):
    return {**person(world, role, place), "volunteer": _volunteer(world, place).pk}


def household(world, role, place):
    return {"pk": world.persons["adult" if place == "own" else "aal_adult"].household_id}


def household_and_volunteer(world, role, place):
    return {**household(world, role, place), "volunteer": _volunteer(world, place).pk}


def pair(world, role, place):
    from lagrundt.community.models import GuidePair

    who = world.persons["adult" if place == "own" else "aal_adult"]
    found, _ = GuidePair.objects.get_or_create(
        volunteer=_volunteer(world, place),
        person=who,
        defaults={
            "municipality": who.municipality,
            "starts_on": timezone.localdate() - dt.timedelta(days=10),
        },
    )
    return {"pk": found.pk}


def nothing(world, role, place):
    return {}


KEEPERS = answers(404, integration=200, volunteer=200)
READERS = answers(404, integration=200, culture=200, volunteer=200)
NONE = answers(404)

MATRIX = {
    "community:guide_volunteers": (nothing, "get", KEEPERS, KEEPERS),
    "community:guide_volunteer_create": (nothing, "get", KEEPERS, KEEPERS),
    "community:guide_volunteer": (volunteer, "get", KEEPERS, NONE),
    "community:guide_volunteer_edit": (volunteer, "get", KEEPERS, NONE),
    "community:guide_volunteer_end": (volunteer, "get", KEEPERS, NONE),
    "community:guide_person": (person, "get", READERS, NONE),
    "community:guide_person_suggest": (person, "get", KEEPERS, NONE),
    "community:guide_person_pair": (person_and_volunteer, "get", KEEPERS, NONE),
    "community:guide_household": (household, "get", READERS, NONE),
    "community:guide_household_suggest": (household, "get", KEEPERS, NONE),
    "community:guide_household_pair": (household_and_volunteer, "get", KEEPERS, NONE),
    "community:guide_pairs": (nothing, "get", KEEPERS, KEEPERS),
    "community:guide_pair": (pair, "get", READERS, NONE),
    # An empty form: refused with a message on the pair's page (a redirect) for who may write.
    "community:guide_pair_meeting": (pair, "post", answers(404, integration=302, volunteer=302), NONE),
    "community:guide_pair_end": (pair, "get", KEEPERS, NONE),
    "community:guide_statistics": (
        nothing,
        "get",
        answers(404, integration=200, volunteer=200, leadership=200),
        answers(404, integration=200, volunteer=200, leadership=200),
    ),
}
