"""The programme's URLs in the access matrix (see tests/test_url_access_matrix.py).

The integration service reads and writes the programme of its municipalities; Nav reads it for
adults; nobody else sees it. Payroll, NIR exports and every change are the integration service's.
"""

import datetime as dt
from decimal import Decimal

from tests.access_matrix import API_ANON, answers, nothing, person

D = dt.date
READERS = dict(integration=200, nav=200)
WRITER = dict(integration=200)


def _adult(world, place):
    return world.persons["adult" if place == "own" else "aal_adult"]


def _municipality(world, place):
    return world.hemsedal if place == "own" else world.aal


def programme(world, role, place):
    """A granted programme and a plan for the adult in Hemsedal (own) or Ål (other)."""
    from lagrundt.intro.models import Decision, IntegrationPlan

    adult = _adult(world, place)
    decision, _ = Decision.objects.get_or_create(
        person=adult,
        kind="programme",
        defaults=dict(
            decided_on=D(2026, 1, 5),
            decided_by=world.users["integration"],
            language="nb",
            grounds="Test",
            starts_on=D(2026, 1, 5),
            months=24,
            ends_on=D(2028, 1, 4),
            final_goal="work",
            has_upper_secondary=False,
        ),
    )
    IntegrationPlan.objects.get_or_create(
        person=adult,
        defaults=dict(
            made_on=D(2026, 1, 10),
            final_goal="work",
            norwegian_goal="B1",
            content="Norsk",
            participant_duties="Møte",
            municipality_duties="Tilby",
            language="nb",
        ),
    )
    return decision


def decision(world, role, place):
    return {"pk": programme(world, role, place).pk}


def with_programme(world, role, place):
    programme(world, role, place)
    return person(world, role, place, kind="adult" if place == "own" else "aal_adult")


def activity(world, role, place):
    from lagrundt.intro.models import Activity

    found, _ = Activity.objects.get_or_create(
        person=_adult(world, place),
        kind="norwegian",
        defaults=dict(starts_on=D(2026, 1, 5), hours_per_week=Decimal("15")),
    )
    return {"pk": found.pk}


def week(world, role, place):
    return {**with_programme(world, role, place), "monday": "2026-03-02"}


def kind(world, role, place):
    return {**person(world, role, place), "kind": "programme"}


def case(world, role, place):
    """The programme case of the adult in Hemsedal (own) or Ål (other)."""
    from lagrundt.intro.models import ProgrammeCase

    found, _ = ProgrammeCase.objects.get_or_create(
        person=_adult(world, place), defaults=dict(permit_basis="asylum")
    )
    return {"pk": found.pk}


def month(world, role, place):
    return {"municipality_pk": _municipality(world, place).pk, "month": "2026-01"}


def payroll_file(world, role, place):
    from lagrundt.intro.models import PayrollExport

    municipality = _municipality(world, place)
    PayrollExport.objects.get_or_create(
        municipality=municipality,
        month=D(2026, 1, 1),
        defaults=dict(
            first_day=D(2026, 1, 1), last_day=D(2026, 1, 31), exported_by=world.users["integration"]
        ),
    )
    return {**month(world, role, place), "fmt": "csv"}


MATRIX = {
    "intro:participant_list": (nothing, "get", answers(404, **READERS), answers(404, **READERS)),
    "intro:participant": (person, "get", answers(404, **READERS), answers(404)),
    "intro:case_edit": (person, "get", answers(404, **WRITER), answers(404)),
    "intro:assessment_edit": (person, "get", answers(404, **WRITER), answers(404)),
    "intro:decision_new": (kind, "get", answers(404, **WRITER), answers(404)),
    "intro:decision_letter": (decision, "get", answers(404, **READERS), answers(404)),
    "intro:plan_edit": (with_programme, "get", answers(404, **WRITER), answers(404)),
    "intro:plan_pdf": (with_programme, "get", answers(404, **READERS), answers(404)),
    "intro:activity_new": (with_programme, "get", answers(404, **WRITER), answers(404)),
    "intro:activity_end": (activity, "post", answers(404, integration=302), answers(404)),
    "intro:ladder_step": (with_programme, "post", answers(404, integration=302), answers(404)),
    "intro:holiday_week": (with_programme, "post", answers(404, integration=302), answers(404)),
    "intro:leave_new": (with_programme, "get", answers(404, **WRITER), answers(404)),
    "intro:attendance_week": (week, "get", answers(404, **READERS), answers(404)),
    "intro:end_edit": (with_programme, "get", answers(404, **WRITER), answers(404)),
    "intro:nir_person": (with_programme, "get", answers(404, **WRITER), answers(404)),
    "intro:nir_export": (nothing, "get", answers(404, **WRITER), answers(404, **WRITER)),
    "intro:payroll_index": (nothing, "get", answers(404, **WRITER), answers(404, **WRITER)),
    "intro:payroll_month": (month, "get", answers(404, **WRITER), answers(404)),
    "intro:payroll_file": (payroll_file, "get", answers(404, **WRITER), answers(404)),
    "intro:indicators": (
        nothing,
        "get",
        answers(404, leadership=200, **READERS),
        answers(404, leadership=200, **READERS),
    ),
    "intro:rules": (nothing, "get", answers(200), answers(200)),
    # The API: a list answers everyone logged in (with what they may read), an object 404 to who may not.
    "programme-participant-list": (
        nothing,
        "get",
        answers(200, anonymous=API_ANON),
        answers(200, anonymous=API_ANON),
    ),
    "programme-participant-detail": (
        with_programme,
        "get",
        answers(404, anonymous=API_ANON, **READERS),
        answers(404, anonymous=API_ANON),
    ),
    "programme-participant-attendance": (
        with_programme,
        "get",
        answers(404, anonymous=API_ANON, **READERS),
        answers(404, anonymous=API_ANON),
    ),
    "programme-case-list": (
        nothing,
        "get",
        answers(200, anonymous=API_ANON),
        answers(200, anonymous=API_ANON),
    ),
    "programme-case-detail": (
        case,
        "get",
        answers(404, anonymous=API_ANON, **READERS),
        answers(404, anonymous=API_ANON),
    ),
}
