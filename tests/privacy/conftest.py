"""A world where some persons' retention has run out, with something held about them in every app."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.world import PASSWORD, years_ago

# What is held about the persons whose retention has run out: none of it may be left anywhere but the
# audit log (which names them by id only) once a run has anonymised them.
DUE_TEXTS = {
    "note": "Mehari ønsker å bli snekker i Gol",
    "health_note": "Astma, følges opp av fastlegen",
    "address": "Storgata 17",
    "email": "mehari.t@example.invalid",
    "phone": "+47 912 34 567",
    "imdi": "IMDI-2018-4471",
    "education": "Snekkerlære i Asmara",
    "health_limits": "Kan ikke løfte over 10 kg",
    "grounds": "Du har rett og plikt til introduksjonsprogram",
    "plan": "Norskopplæring og språkpraksis hos snekker",
    "skills": "Tømrer med egne verktøy",
    "mentor": "Kari Mentorsen",
    "visit": "Trives godt på verkstedet",
    "grant_note": "Kom fra Sverige i 2017",
    "task_note": "Samtale gjennomført med tolk",
}


@pytest.fixture
def leader(world):
    """A leader of Hemsedal's integration service: the one who approves anonymisation."""
    from django.contrib.auth.models import User

    from lagrundt.tenancy.models import Membership, Role, Sector

    unit = world.users["integration"].memberships.get().unit
    user = User.objects.create_user(
        "hemsedal-integration-leader", password=PASSWORD, first_name="Ingrid", last_name="Leder"
    )
    Membership.objects.create(user=user, unit=unit, sector=Sector.INTEGRATION_SERVICE, role=Role.LEADER)
    return user


@pytest.fixture
def due(world):
    """Mehari Tesfay, settled eight years ago (his follow-up ended three years ago), and his son Liya,
    born here with no settlement of his own: every section of both is due under the defaults. Something
    is held about Mehari in every app."""
    from lagrundt.finance.models import GrantFacts
    from lagrundt.intro.models import Assessment, Decision, IntegrationPlan
    from lagrundt.people.models import Household, Person, SectionNote, Settlement
    from lagrundt.people.services import index_names
    from lagrundt.work.models import CompetenceProfile, Employer, FollowUpVisit, Placement

    t = DUE_TEXTS
    integration, health = world.users["integration"], world.users["health"]
    mehari = world.persons["moved"]
    household = Household.objects.create(name="Familien Tesfay", municipality=world.hemsedal)
    Person.objects.filter(pk=mehari.pk).update(
        household=household, address=t["address"], email=t["email"], phone=t["phone"]
    )
    mehari.refresh_from_db()
    Settlement.objects.filter(person=mehari).update(settled_on=years_ago(8), imdi_reference=t["imdi"])
    son = Person.objects.create(
        given_name="Liya",
        family_name="Tesfay",
        birth_date=years_ago(2),
        sex="male",
        country_background="ER",
        municipality=world.hemsedal,
        household=household,
    )
    index_names([mehari, son])
    SectionNote.objects.create(person=mehari, section="notes", body=t["note"], author=integration)
    SectionNote.objects.create(person=mehari, section="health", body=t["health_note"], author=health)
    Assessment.objects.create(
        person=mehari,
        assessed_on=years_ago(7),
        education_level="primary",
        education_details=t["education"],
        literacy="latin_script",
        norwegian_level="A1",
        health_limits=t["health_limits"],
    )
    Decision.objects.create(
        person=mehari,
        kind="programme",
        decided_on=years_ago(7),
        decided_by=integration,
        language="nb",
        grounds=t["grounds"],
        starts_on=years_ago(7),
        months=24,
        final_goal="work",
    )
    IntegrationPlan.objects.create(
        person=mehari,
        made_on=years_ago(7),
        final_goal="work",
        norwegian_goal="B1",
        content=t["plan"],
        participant_duties="Møte opp",
        municipality_duties="Gi opplæring",
        language="nb",
    )
    CompetenceProfile.objects.create(person=mehari, skills_note=t["skills"])
    employer = Employer.objects.create(
        name="Hemsedal Snekkeri", kind="private", industry="construction", municipality=world.hemsedal
    )
    placement = Placement.objects.create(
        person=mehari,
        municipality=world.hemsedal,
        employer=employer,
        kind="work_practice",
        state="ended",
        proposed_on=years_ago(6),
        mentor=t["mentor"],
    )
    FollowUpVisit.objects.create(
        placement=placement, visited_on=years_ago(6, days=10), kind="visit", note=t["visit"], by=integration
    )
    GrantFacts.objects.create(person=mehari, note=t["grant_note"])
    _task(mehari, t["task_note"])
    return {"mehari": mehari, "son": son, "household": household, "national_id": mehari.national_id}


def _task(person, note):
    from lagrundt.routines.models import Routine, Task

    routine, _ = Routine.objects.get_or_create(
        municipality=person.municipality,
        key="t.welcome_talk",
        defaults=dict(
            profile="test",
            title_nb="Velkomstsamtale",
            title_nn="Velkomstsamtale",
            title_en="Welcome talk",
            sector="integration_service",
            section="notes",
            applies_to="person",
            spec={"from": "settlement", "offset": {"days": 14}, "when": {}, "working_day": True},
            source="test",
            basis="plan",
        ),
    )
    settled = person.settlement.settled_on
    return Task.objects.create(
        routine=routine,
        subject=f"p:{person.pk}",
        occurrence="14d",
        municipality=person.municipality,
        sector="integration_service",
        section="notes",
        person=person,
        counts_from=settled,
        computed_due_on=settled + dt.timedelta(days=14),
        due_on=settled + dt.timedelta(days=14),
        status="done",
        closed_on=settled + dt.timedelta(days=10),
        note=note,
    )


@pytest.fixture
def held(world):
    """Abeba Haile (the adult, not due) with something held in several sections, and reads in the log."""
    from lagrundt.access.audit import Actor
    from lagrundt.access.policy import access_person
    from lagrundt.finance.models import DisabilityGrant
    from lagrundt.intro.models import Assessment, Decision
    from lagrundt.people.models import SectionNote

    abeba = world.persons["adult"]
    integration, health = world.users["integration"], world.users["health"]
    SectionNote.objects.create(
        person=abeba, section="notes", body="Abeba vil ta fagbrev som kokk", author=integration
    )
    SectionNote.objects.create(
        person=abeba, section="health", body="Diabetes type 2, kontroll hos fastlege", author=health
    )
    Assessment.objects.create(
        person=abeba,
        assessed_on=timezone.localdate() - dt.timedelta(days=300),
        education_level="upper_secondary",
        education_details="Videregående skole i Asmara",
        literacy="latin_script",
        norwegian_level="A2",
    )
    Decision.objects.create(
        person=abeba,
        kind="programme",
        decided_on=timezone.localdate() - dt.timedelta(days=290),
        decided_by=integration,
        language="nn",
        grounds="Du har rett og plikt.",
        starts_on=timezone.localdate() - dt.timedelta(days=280),
        months=24,
        final_goal="work",
    )
    DisabilityGrant.objects.create(
        person=abeba,
        kind="annual",
        applied_on=timezone.localdate() - dt.timedelta(days=100),
        decision="granted",
        amount_per_year=Decimal("123456.50"),
        first_year=2026,
        last_year=2027,
    )
    access_person(Actor(health), abeba.pk, section="health")
    access_person(Actor(integration), abeba.pk, section="notes")
    return abeba
