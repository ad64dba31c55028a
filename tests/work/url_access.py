"""Access-matrix rows for the work module's URLs (see tests/test_url_access_matrix.py).

Persons' work sections are opened through the policy: today the integration service and Nav read
and write them. Employers, openings and fairs follow the same memberships (work/permissions.py);
leadership sees the statistics only. Objects in Hemsedal are «own», in Ål «other».
"""

import datetime as dt

from tests.access_matrix import API_ANON, answers, person

WORK = dict(integration=200, nav=200)
STATISTICS = dict(integration=200, nav=200, leadership=200)


def _municipality(world, place):
    return world.hemsedal if place == "own" else world.aal


def employer(world, role, place):
    from lagrundt.work.models import Employer

    municipality = _municipality(world, place)
    found, _ = Employer.objects.get_or_create(
        municipality=municipality,
        name=f"Matrix {municipality.name} kommune",
        defaults={"kind": "municipal", "industry": "public_administration"},
    )
    return {"pk": found.pk}


def with_employer(world, role, place):
    """No arguments, but an employer in Hemsedal to choose from."""
    employer(world, role, "own")
    return {}


def opening(world, role, place):
    from django.contrib.auth.models import User

    from lagrundt.work.models import Employer, Opening

    found = Employer.objects.get(pk=employer(world, role, place)["pk"])
    item, _ = Opening.objects.get_or_create(
        employer=found,
        title="Matrix opening",
        defaults=dict(
            kind="language_practice",
            occupation="9112",
            hours_per_week=20,
            starts_on=dt.date(2026, 1, 5),
            municipality=found.municipality,
            created_by=User.objects.get(username="hemsedal-integration"),
        ),
    )
    return {"pk": item.pk}


def placement(world, role, place):
    from lagrundt.work.models import Employer, Placement

    who = world.persons["adult" if place == "own" else "aal_adult"]
    found = Employer.objects.get(pk=employer(world, role, place)["pk"])
    item, _ = Placement.objects.get_or_create(
        person=who,
        employer=found,
        defaults=dict(municipality=who.municipality, kind="work_practice", proposed_on=dt.date(2026, 1, 5)),
    )
    return {"pk": item.pk}


def fair(world, role, place):
    from lagrundt.work.models import JobFair

    municipality = _municipality(world, place)
    item, _ = JobFair.objects.get_or_create(
        municipality=municipality, title="Matrix job fair", defaults={"held_on": dt.date(2026, 3, 5)}
    )
    return {"pk": item.pk}


def fair_employer(world, role, place):
    """An employer invited to the place's fair."""
    from lagrundt.work.models import Employer, JobFairEmployer

    found = Employer.objects.get(pk=employer(world, role, place)["pk"])
    item, _ = JobFairEmployer.objects.get_or_create(fair_id=fair(world, role, place)["pk"], employer=found)
    return {"pk": item.fair_id, "row": item.pk}


def fair_participant(world, role, place):
    """The place's adult, invited to its fair."""
    from lagrundt.work.models import JobFairParticipant

    who = world.persons["adult" if place == "own" else "aal_adult"]
    item, _ = JobFairParticipant.objects.get_or_create(fair_id=fair(world, role, place)["pk"], person=who)
    return {"pk": item.fair_id, "row": item.pk}


def profile(world, role, place):
    """The competence profile of the adult in Hemsedal (own) or Ål (other)."""
    from lagrundt.work.models import CompetenceProfile

    who = world.persons["adult" if place == "own" else "aal_adult"]
    item, _ = CompetenceProfile.objects.get_or_create(person=who)
    return {"pk": item.pk}


def person_row(kind):
    return lambda w, r, p: {**person(w, r, p), "kind": kind}


def nothing(world, role, place):
    return {}


OWN_ONLY = (answers(404, **WORK), answers(404))
# A form posted empty to its own address: the page again with the form's errors, for who may change.
# A form whose fields may all be empty is saved, and the answer goes back to the page.
SAVED = (answers(404, integration=302, nav=302), answers(404))

MATRIX = {
    "work:index": (nothing, "get", answers(404, **WORK), answers(404, **WORK)),
    "work:candidate_list": (nothing, "get", answers(404, **WORK), answers(404, **WORK)),
    "work:profile_detail": (person, "get", *OWN_ONLY),
    "work:profile_edit": (person, "get", *OWN_ONLY),
    "work:profile_row_add": (person_row("erfaring"), "get", *OWN_ONLY),
    # Removing a row that does not exist changes nothing and goes back to the profile.
    "work:profile_row_remove": (
        lambda w, r, p: {**person(w, r, p), "kind": "erfaring", "row": 0},
        "post",
        answers(404, integration=302, nav=302),
        answers(404),
    ),
    "work:person_openings": (person, "get", *OWN_ONLY),
    "work:placement_create": (person, "get", *OWN_ONLY),
    "work:employer_list": (nothing, "get", answers(404, **WORK), answers(404, **WORK)),
    "work:employer_create": (nothing, "get", answers(404, **WORK), answers(404, **WORK)),
    "work:employer_detail": (employer, "get", *OWN_ONLY),
    "work:employer_edit": (employer, "get", *OWN_ONLY),
    "work:contact_person_add": (employer, "post", *OWN_ONLY),
    "work:agreement_add": (employer, "post", *OWN_ONLY),
    "work:employer_contact_add": (employer, "post", *OWN_ONLY),
    "work:contact_person_remove": (
        lambda w, r, p: {**employer(w, r, p), "contact": 0},
        "post",
        answers(404, integration=302, nav=302),
        answers(404),
    ),
    "work:opening_list": (nothing, "get", answers(404, **WORK), answers(404, **WORK)),
    "work:opening_create": (with_employer, "get", answers(404, **WORK), answers(404, **WORK)),
    "work:opening_detail": (opening, "get", *OWN_ONLY),
    "work:opening_edit": (opening, "get", *OWN_ONLY),
    # Without a person to propose, the answer is «missing» for everyone.
    "work:opening_propose": (opening, "post", answers(404), answers(404)),
    "work:placement_list": (nothing, "get", answers(404, **WORK), answers(404, **WORK)),
    "work:placement_detail": (placement, "get", *OWN_ONLY),
    "work:placement_move": (lambda w, r, p: {**placement(w, r, p), "state": "withdrawn"}, "post", *OWN_ONLY),
    "work:placement_visit": (placement, "post", *OWN_ONLY),
    "work:placement_edit": (placement, "post", *SAVED),
    "work:meeting": (nothing, "get", answers(404, **WORK), answers(404, **WORK)),
    "work:meeting_pdf": (nothing, "get", answers(404, **WORK), answers(404, **WORK)),
    "work:conversion": (nothing, "get", answers(404, **STATISTICS), answers(404, **STATISTICS)),
    "work:pledge": (nothing, "get", answers(404, **STATISTICS), answers(404, **STATISTICS)),
    "work:fair_list": (nothing, "get", answers(404, **WORK), answers(404, **WORK)),
    "work:fair_create": (nothing, "get", answers(404, **WORK), answers(404, **WORK)),
    "work:fair_detail": (fair, "get", *OWN_ONLY),
    "work:fair_invite_employer": (fair, "post", *OWN_ONLY),
    "work:fair_invite_participant": (fair, "post", *OWN_ONLY),
    "work:fair_employer_attended": (fair_employer, "post", *SAVED),
    "work:fair_participant_attended": (fair_participant, "post", *SAVED),
    "work:fair_outcome": (fair, "post", *SAVED),
}


# ---------------------------------------------------------------------------- Nav's record
# Written only by Nav; the integration service reads it (the work section); no one reaches Ål's adult.
NAV_WRITES = (answers(404, nav=200), answers(404))


def nav_status(world, role, place):
    """A status period of the place's adult, to change."""
    from lagrundt.work.models import NavStatus

    who = world.persons["adult" if place == "own" else "aal_adult"]
    item, _ = NavStatus.objects.get_or_create(
        person=who, from_date=dt.date(2026, 1, 5), defaults={"status": "job_seeker"}
    )
    return {"pk": who.pk, "row": item.pk}


MATRIX.update(
    {
        "work:nav_record": (person, "get", *OWN_ONLY),
        "work:nav_follow_up_edit": (person, "get", *NAV_WRITES),
        "work:nav_status_add": (person, "get", *NAV_WRITES),
        "work:nav_status_edit": (nav_status, "get", *NAV_WRITES),
        # Removing a period that does not exist changes nothing and goes back to the record.
        "work:nav_status_remove": (
            lambda w, r, p: {**person(w, r, p), "row": 0},
            "post",
            answers(404, nav=302),
            answers(404),
        ),
    }
)

# The API: a list answers everyone logged in (with what they may see), an object 404 to who may not.
API_LIST = answers(200, anonymous=API_ANON)
API_OWN_ONLY = (answers(404, anonymous=API_ANON, **WORK), answers(404, anonymous=API_ANON))
MATRIX.update(
    {
        "work-employer-list": (nothing, "get", API_LIST, API_LIST),
        "work-employer-detail": (employer, "get", *API_OWN_ONLY),
        "work-opening-list": (nothing, "get", API_LIST, API_LIST),
        "work-opening-detail": (opening, "get", *API_OWN_ONLY),
        "work-candidate-list": (nothing, "get", API_LIST, API_LIST),
        "work-candidate-detail": (profile, "get", *API_OWN_ONLY),
    }
)
