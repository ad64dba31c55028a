"""Every change to personal data goes through its app's service and writes exactly one audit entry.

``CHANGES`` names, for every model that holds personal data, service calls that change it; the test
makes them one after the other in one world and counts the audit entries each call adds. A model
with personal data (Person, Household, and every model with a foreign key to one of those, or to such
a model) that has no change in the table and is not in ``NOT_CHANGED_BY_USERS`` fails the test: a new
model cannot be forgotten.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.apps import apps
from django.db import models
from django.utils import timezone

from lagrundt.access.audit import Actor
from lagrundt.access.models import AuditEntry
from lagrundt.accounts.two_factor import client_login
from lagrundt.finance import services as finance
from lagrundt.housing import services as housing
from lagrundt.intro import services as intro
from lagrundt.people import services as people
from lagrundt.people.models import Household, Person
from lagrundt.routines import services as routines
from lagrundt.routines.models import Task
from lagrundt.settlement import services as settlement
from lagrundt.work import services as work
from tests.access_matrix import health_task
from tests.intro.records import ASSESSMENT
from tests.world import make_person

pytestmark = pytest.mark.django_db
D = dt.date

# Models with personal data that no user changes, and why.
NOT_CHANGED_BY_USERS = {
    "access.AuditEntry": "the audit log itself: appended to by record_change, never changed",
    "privacy.Anonymisation": "what retention anonymised: written by the approved nightly run, which "
    "records an ANONYMISED entry per person and section itself",
    "archive.ArchiveMessage": "a copy of a letter queued for the archive: queuing it is recorded as an "
    "export of the letter (archive.services.archive_letter); delivery and receipts change only its status",
}


@dataclass(frozen=True)
class Change:
    model: str  # app_label.ModelName
    service: Callable
    call: Callable[["Scene", Callable], Any]
    entries: int = 1  # one per person changed (or per row, where one call changes several)
    prepare: Callable[["Scene"], Any] | None = None  # runs before the entries are counted


CHANGES: list[Change] = []


def change(model: str, service: Callable, *, entries: int = 1, prepare=None):
    def register(call):
        CHANGES.append(Change(model, service, call, entries, prepare))
        return call

    return register


class Scene:
    """One world, the integration service acting, and what earlier changes made."""

    def __init__(self, world):
        self.world = world
        self.actor = Actor(world.users["integration"], detail="test")
        self.made: dict[str, Any] = {}
        self.participant = make_person(
            world.hemsedal, "Amina", "Yusuf", D(1990, 4, 10), settled_on=D(2026, 1, 5), serial=40
        )

    def person(self, key: str) -> Person:
        return Person.objects.get(pk=self.world.persons[key].pk)

    def keep(self, name: str, value):
        self.made[name] = value
        return value


# ---------------------------------------------------------------------------- people
@change("people.Person", people.person_create)
def new_person(s, service):
    identity = dict(
        given_name="Nardos",
        family_name="Berhe",
        birth_date=D(1995, 5, 5),
        sex="female",
        country_background="ER",
    )
    return service(actor=s.actor, municipality=s.world.hemsedal, identity=identity)


@change("people.Person", people.person_update_identity)
def identity_changed(s, service):
    return service(actor=s.actor, person=s.person("adult"), data={"phone": "+4791234567"})


@change("people.SearchToken", people.person_update_identity)
def name_changed(s, service):
    """The search tokens follow the names: the identity change's one entry covers them."""
    return service(actor=s.actor, person=s.person("spouse"), data={"family_name": "Tesfamariam"})


@change("people.Household", people.household_create)
def new_household(s, service):
    return service(actor=s.actor, name="Familien Berhe", municipality=s.world.hemsedal)


@change("people.Settlement", people.settlement_save)
def settlement_corrected(s, service):
    person = s.person("teen")
    settled = person.settlement.settled_on - dt.timedelta(days=3)
    return service(actor=s.actor, person=person, data={"settled_on": settled})


@change("people.MoveOut", people.move_out_save)
def moved_out(s, service):
    data = {"moved_on": timezone.localdate(), "destination_municipality": "Bergen", "reason": "work"}
    return service(actor=s.actor, person=s.person("gol_adult"), data=data)


@change("people.Relation", people.relation_add, entries=2)  # one for each of the two persons related
def related(s, service):
    return service(actor=s.actor, person=s.person("adult"), relative=s.person("spouse"), kind="spouse")


@change("people.SectionNote", people.section_note_add)
def note_added(s, service):
    return service(actor=s.actor, person=s.person("adult"), section="housing", body="Ny leilighet")


# ---------------------------------------------------------------------------- routines
def _task(s, occurrence: str) -> Task:
    """An open health talk for the adult in Hemsedal (the routine engine's kind of task)."""
    first = Task.objects.get(pk=health_task(s.world, "health", "own")["pk"])
    if occurrence == first.occurrence:
        return first
    return Task.objects.create(
        routine=first.routine,
        subject=first.subject,
        occurrence=occurrence,
        municipality=first.municipality,
        sector=first.sector,
        section=first.section,
        person=first.person,
        counts_from=first.counts_from,
        computed_due_on=first.computed_due_on,
        due_on=first.due_on,
    )


@change("routines.Task", routines.task_assign)
def task_assigned(s, service):
    return service(actor=s.actor, task=_task(s, "14d"), assignee=s.world.users["health"])


@change("routines.Task", routines.task_postpone)
def task_postponed(s, service):
    task = _task(s, "14d")
    return service(actor=s.actor, task=task, due_on=task.due_on + dt.timedelta(days=7), reason="Syk")


@change("routines.Task", routines.task_not_applicable)
def task_not_applicable(s, service):
    return service(actor=s.actor, task=_task(s, "1y"), reason="Flyttet")


@change("routines.Task", routines.task_complete)
def task_done(s, service):
    return service(actor=s.actor, task=_task(s, "14d"), done_on=timezone.localdate())


# ---------------------------------------------------------------------------- the introduction programme
@change("intro.ProgrammeCase", intro.case_save)
def case_saved(s, service):
    data = {"permit_basis": "resettlement", "permit_granted_on": D(2025, 11, 1)}
    return service(actor=s.actor, person=s.participant, data=data, today=D(2026, 2, 1))


@change("intro.Assessment", intro.assessment_save)
def assessed(s, service):
    return service(actor=s.actor, person=s.participant, data=ASSESSMENT, today=D(2026, 2, 10))


@change("intro.Decision", intro.decision_make)
def decided(s, service):
    data = dict(
        decided_on=D(2026, 2, 10),
        starts_on=D(2026, 3, 2),
        months=24,
        final_goal="work",
        language="nb",
        grounds="Du har rett og plikt til introduksjonsprogram.",
    )
    return service(actor=s.actor, person=s.participant, kind="programme", data=data, today=D(2026, 2, 10))


@change("intro.IntegrationPlan", intro.plan_save)
def planned(s, service):
    data = dict(
        made_on=D(2026, 3, 2),
        final_goal="work",
        norwegian_goal="B1",
        content="Norsk og språkpraksis",
        participant_duties="Møte opp",
        municipality_duties="Tilby plass",
        language="nb",
    )
    return service(actor=s.actor, person=s.participant, data=data, today=D(2026, 3, 2))


@change("intro.Activity", intro.activity_add)
def activity_added(s, service):
    data = dict(
        kind="norwegian", starts_on=D(2026, 3, 2), hours_per_week=Decimal(10), description="", phase=""
    )
    return s.keep("activity", service(actor=s.actor, person=s.participant, data=data))


@change("intro.Activity", intro.activity_end)
def activity_ended(s, service):
    return service(actor=s.actor, activity=s.made["activity"], ends_on=D(2026, 8, 31))


@change("intro.LadderStep", intro.ladder_step_save)
def ladder_step(s, service):
    return service(actor=s.actor, person=s.participant, phase="norsk", entered_on=D(2026, 3, 2))


@change("intro.HolidayWeek", intro.holiday_week_set)
def holiday_week(s, service):
    return service(actor=s.actor, person=s.participant, monday=D(2026, 7, 6), holiday=True)


@change("intro.Leave", intro.leave_add)
def leave_added(s, service):
    data = dict(
        kind="welfare", starts_on=D(2026, 6, 1), ends_on=D(2026, 6, 10), with_benefit=True, reason="Bryllup"
    )
    return service(actor=s.actor, person=s.participant, data=data)


def _week_present(monday: dt.date) -> dict:
    return {monday + dt.timedelta(days=i): ("present", Decimal(0)) for i in range(5)}


@change("intro.AttendanceDay", intro.attendance_register, entries=5)  # one for each day of the week
def attendance(s, service):
    monday = D(2026, 3, 2)
    return service(actor=s.actor, person=s.participant, monday=monday, days=_week_present(monday))


def _rest_of_march(s):
    for monday in (D(2026, 3, 9), D(2026, 3, 16), D(2026, 3, 23), D(2026, 3, 30)):
        intro.attendance_register(
            actor=s.actor, person=s.participant, monday=monday, days=_week_present(monday)
        )


@change("intro.BenefitPayment", intro.payroll_export, prepare=_rest_of_march)  # one participant paid
def payroll(s, service):
    from lagrundt.intro import selectors

    persons = selectors.payroll_persons(s.world.users["integration"], s.world.hemsedal.pk)
    return service(
        actor=s.actor,
        user_persons=persons,
        municipality=s.world.hemsedal,
        month=D(2026, 3, 1),
        today=D(2026, 4, 2),
    )


@change("intro.ProgrammeEnd", intro.programme_end_save)
def programme_ended(s, service):
    data = dict(ended_on=D(2026, 10, 30), reason="work", status_at_end="work")
    return service(actor=s.actor, person=s.participant, data=data, today=D(2026, 11, 1))


# ---------------------------------------------------------------------------- work
@change("work.CompetenceProfile", work.profile_save)
def profile_saved(s, service):
    return service(actor=s.actor, person=s.person("adult"), data={"norwegian_oral": "A2", "takes_bus": True})


@change("work.Education", work.education_add)
def education_added(s, service):
    data = {"level": "upper_secondary", "country": "ER", "years": 3}
    return s.keep("education", service(actor=s.actor, person=s.person("adult"), data=data))


@change("work.Education", work.education_remove)
def education_removed(s, service):
    return service(actor=s.actor, person=s.person("adult"), pk=s.made["education"].pk)


@change("work.WorkExperience", work.experience_add)
def experience_added(s, service):
    data = {"occupation": "9112", "years": 3, "country": "ER"}
    return s.keep("experience", service(actor=s.actor, person=s.person("adult"), data=data))


@change("work.WorkExperience", work.experience_remove)
def experience_removed(s, service):
    return service(actor=s.actor, person=s.person("adult"), pk=s.made["experience"].pk)


@change("work.LanguageSkill", work.language_add)
def language_added(s, service):
    data = {"language": "ar", "native": False, "oral": "B1", "written": "A2"}
    return s.keep("language", service(actor=s.actor, person=s.person("adult"), data=data))


@change("work.LanguageSkill", work.language_remove)
def language_removed(s, service):
    return service(actor=s.actor, person=s.person("adult"), pk=s.made["language"].pk)


def _employer(s):
    if "employer" not in s.made:
        data = dict(name="Hemsedal kommune, renhold", kind="municipal", industry="health_care")
        s.made["employer"] = work.employer_create(
            actor=s.actor, data={**data, "municipality": s.world.hemsedal}
        )
    return s.made["employer"]


def _opening(s):
    data = dict(title="Renholder", kind="language_practice", occupation="9112", hours_per_week=20)
    s.made["opening"] = work.opening_create(
        actor=s.actor, employer=_employer(s), data={**data, "starts_on": D(2026, 12, 1)}, requirements=[]
    )


@change("work.Placement", work.placement_propose, prepare=_opening)
def proposed(s, service):
    return s.keep("placement", service(actor=s.actor, person=s.person("adult"), opening=s.made["opening"]))


@change("work.Placement", work.placement_update)
def placement_changed(s, service):
    return service(actor=s.actor, placement=s.made["placement"], data={"hours_per_week": 25})


@change("work.Placement", work.placement_move)
def placement_agreed(s, service):
    return service(actor=s.actor, placement=s.made["placement"], to="agreed", data={"supervisor": "Kari"})


@change("work.Placement", work.placement_create, prepare=_employer)
def placed_directly(s, service):
    data = {"kind": "language_practice", "starts_on": D(2026, 12, 1), "hours_per_week": 15}
    return service(actor=s.actor, person=s.person("spouse"), employer=_employer(s), data=data)


@change("work.FollowUpVisit", work.visit_add)
def visited(s, service):
    data = {"visited_on": timezone.localdate(), "kind": "visit", "note": "Trives"}
    return service(actor=s.actor, placement=s.made["placement"], data=data)


def _fair(s):
    data = dict(title="Jobbtreff", held_on=D(2026, 3, 5), municipality=s.world.hemsedal)
    s.made["fair"] = work.fair_create(actor=s.actor, data=data)


@change("work.JobFairParticipant", work.fair_invite_participant, prepare=_fair)
def invited(s, service):
    return s.keep("invitation", service(actor=s.actor, fair=s.made["fair"], person=s.person("adult")))


@change("work.JobFairParticipant", work.fair_participant_attended)
def attended(s, service):
    return service(actor=s.actor, invitation=s.made["invitation"], attended=True)


# ---------------------------------------------------------------------------- finance
@change("finance.GrantFacts", finance.grant_facts_save)
def grant_facts(s, service):
    return service(actor=s.actor, person=s.person("adult"), data={"note": "Bosatt etter avtale"})


@change("finance.DisabilityGrant", finance.disability_grant_save)
def disability_applied(s, service):
    data = {"kind": "one_off", "applied_on": D(2026, 2, 1)}
    return s.keep("grant", service(actor=s.actor, person=s.person("adult"), data=data))


@change("finance.DisabilityGrant", finance.disability_grant_delete)
def disability_deleted(s, service):
    return service(actor=s.actor, person=s.person("adult"), grant=s.made["grant"])


# ---------------------------------------------------------------------------- housing
def _housed(s):
    """A household of two, settled 200 days ago, and a dwelling in Hemsedal (made before counting)."""
    if "home" in s.made:
        return
    household = Household.objects.create(name="Familien Bolig", municipality=s.world.hemsedal)
    settled = timezone.localdate() - dt.timedelta(days=200)
    for serial, given in ((60, "Sara"), (61, "Noah")):
        make_person(
            s.world.hemsedal,
            given,
            "Bolig",
            D(1990, 1, serial - 50),
            household=household,
            settled_on=settled,
            serial=serial,
        )
    data = {
        "municipality": s.world.hemsedal,
        "ownership": "municipal",
        "address": "Testvegen 1",
        "rooms": 3,
        "bedrooms": 2,
        "rent": Decimal(8000),
    }
    dwelling = housing.dwelling_save(actor=s.actor, data=data)
    s.keep("home", (household, dwelling, settled))


@change("housing.Tenancy", housing.tenancy_start, entries=2, prepare=_housed)  # one per member
def tenancy_started(s, service):
    household, dwelling, settled = s.made["home"]
    tenancy = service(actor=s.actor, dwelling=dwelling, household=household, starts_on=settled)
    return s.keep("tenancy", tenancy)


@change("housing.Inspection", housing.inspection_add, entries=2)
def inspected(s, service):
    from lagrundt.housing.profiles import profile_for

    results = {i.key: "ok" for i in profile_for(s.world.hemsedal).checklist(1)}
    data = {"year": 1, "inspected_on": timezone.localdate(), "results": results, "notes": "Alt i orden"}
    return s.keep("inspection", service(actor=s.actor, tenancy=s.made["tenancy"], data=data))


@change("housing.Deviation", housing.deviation_add, entries=2)
def deviation_found(s, service):
    data = {
        "item": "condition",
        "description": "Fix the door",
        "owner": s.world.users["housing"],
        "due_on": timezone.localdate() + dt.timedelta(days=14),
    }
    return s.keep("deviation", service(actor=s.actor, inspection=s.made["inspection"], data=data))


@change("housing.Deviation", housing.deviation_close, entries=2)
def deviation_closed(s, service):
    return service(actor=s.actor, deviation=s.made["deviation"])


@change("housing.Tenancy", housing.tenancy_end, entries=2)
def tenancy_ended(s, service):
    return service(
        actor=s.actor, tenancy=s.made["tenancy"], ends_on=timezone.localdate(), reason="own_bought_grant"
    )


# ---------------------------------------------------------------------------- settlement
CASE_MEMBER = dict(
    given_name="Rami",
    family_name="Saleh",
    birth_date=D(1990, 2, 3),
    birth_year=1990,
    sex="male",
    role="reference",
)


@change("settlement.SettlementCase", settlement.case_create)
def case_proposed(s, service):
    data = dict(
        kind="proposal",
        name="Saleh",
        category="resettlement_refugee",
        origin="abroad",
        country_background="SY",
        received_on=timezone.localdate(),
    )
    s.made["case"] = service(s.actor, s.world.hemsedal, data, [CASE_MEMBER])
    return s.made["case"]


@change("settlement.SettlementCase", settlement.case_expected_arrival_set)
def case_expected(s, service):
    return service(s.actor, s.made["case"], timezone.localdate() + dt.timedelta(days=30))


@change("settlement.SettlementCase", settlement.case_reply)
def case_accepted(s, service):
    return service(s.actor, s.made["case"], True, timezone.localdate())


@change("settlement.SettlementCase", settlement.case_dwelling_set)
def case_dwelling_held(s, service):
    return service(actor=s.actor, case=s.made["case"], ready_on=timezone.localdate(), channel="page")


@change("settlement.CaseMember", settlement.member_add)
def case_member_added(s, service):
    data = {**CASE_MEMBER, "given_name": "Sara", "sex": "female", "role": "spouse", "birth_date": None}
    s.made["case_member"] = service(s.actor, s.made["case"], {**data, "birth_year": 1992})
    return s.made["case_member"]


@change("settlement.CaseMember", settlement.member_update)
def case_member_changed(s, service):
    return service(s.actor, s.made["case_member"], {"birth_date": D(1992, 4, 2)})


@change("settlement.CaseMember", settlement.member_remove)
def case_member_removed(s, service):
    return service(s.actor, s.made["case_member"])


# The person's identity and settlement (people.person_create) and the case's own entry.
@change("settlement.SettlementCase", settlement.case_arrive, entries=3)
def case_arrived(s, service):
    return service(s.actor, s.made["case"], timezone.localdate())


@change("settlement.SettlementCase", settlement.case_settle)  # one entry: the case's one person
def case_settled(s, service):
    return service(s.actor, s.made["case"], timezone.localdate())


# ---------------------------------------------------------------------------- the tests
def models_with_personal_data() -> set[type[models.Model]]:
    """Person and Household, and every concrete model that points at one of them or at such a model."""
    found: set[type[models.Model]] = {Person, Household}
    grew = True
    while grew:
        grew = False
        for model in apps.get_models():
            if model in found or model._meta.proxy or model._meta.abstract:
                continue
            if any(
                f.concrete and (f.many_to_one or f.one_to_one) and f.related_model in found
                for f in model._meta.get_fields()
            ):
                found.add(model)
                grew = True
    return found


def test_every_model_with_personal_data_is_in_the_table():
    personal = {m._meta.label for m in models_with_personal_data()}
    assert personal >= {"people.Person", "people.Household", "people.Settlement", "work.Education"}
    covered = {c.model for c in CHANGES}
    missing = personal - covered - set(NOT_CHANGED_BY_USERS)
    assert not missing, (
        f"Models with personal data without a change in CHANGES (or a reason in NOT_CHANGED_BY_USERS): "
        f"{sorted(missing)}"
    )
    stale = (covered | set(NOT_CHANGED_BY_USERS)) - personal
    assert not stale, f"Entries for models without personal data: {sorted(stale)}"
    assert not covered & set(NOT_CHANGED_BY_USERS)


def _rows(model: type[models.Model]) -> list[dict]:
    return list(model.objects.order_by("pk").values())


def test_each_change_writes_one_audit_entry(world):
    scene = Scene(world)
    failures = []
    for c in CHANGES:
        model = apps.get_model(c.model)
        if c.prepare:
            c.prepare(scene)
        rows_before, last = (
            _rows(model),
            AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first(),
        )
        c.call(scene, c.service)
        written = AuditEntry.objects.filter(pk__gt=last or 0).count()
        name = f"{c.service.__module__}.{c.service.__name__} ({c.model})"
        if written != c.entries:
            failures.append(f"{name}: {written} audit entries, expected {c.entries}")
        if _rows(model) == rows_before:
            failures.append(f"{name}: changed no {c.model}")
    assert not failures, "\n".join(failures)


def test_snapshot_gives_a_foreign_key_as_its_id_and_json_safe_values(world):
    from lagrundt.access.audit import snapshot

    settlement = world.persons["adult"].settlement
    assert snapshot(settlement, ("settled_on", "municipality", "came_directly")) == {
        "settled_on": settlement.settled_on.isoformat(),
        "municipality": world.hemsedal.pk,
        "came_directly": True,
    }


def test_record_change_writes_nothing_when_nothing_changed(world):
    from lagrundt.access.audit import record_change

    entry = record_change(
        Actor(world.users["integration"]),
        person=world.persons["adult"],
        section="work",
        action="update",
        before={"hours": 20},
        after={"hours": 20},
        extra={"placement": {"old": None, "new": 1}},  # names the row: no change by itself
        channel="page",
    )
    assert entry is None
    assert not AuditEntry.objects.exists()


def test_a_household_made_through_the_api_is_in_the_log(world, client):
    client_login(client, world.users["integration"])
    response = client.post("/api/v1/households/", {"name": "Familien Berhe", "municipality": world.gol.pk})
    assert response.status_code == 201, response.content
    (entry,) = AuditEntry.objects.filter(action="create")
    assert (entry.channel, entry.section, entry.person_id, entry.municipality_id) == (
        "api",
        "family",
        None,
        world.gol.pk,
    )
    assert entry.changes == {
        "household": {"old": None, "new": response.json()["id"]},
        "municipality": {"old": None, "new": world.gol.pk},
        "name": {"changed": True},  # a household's name is a family name: content, not kept
    }
    assert entry.sector == "integration_service"


# Each app that keeps a sector's record registers its changes beside its own tests.
import tests.community.audit_changes_follow_up  # noqa: E402
import tests.community.audit_changes_guides  # noqa: E402
import tests.community.audit_changes_interpreters  # noqa: E402
import tests.community.audit_changes_welcome  # noqa: E402
import tests.leisure.audit_changes  # noqa: E402
import tests.records.audit_changes  # noqa: E402
import tests.settlement.audit_changes_record  # noqa: E402
import tests.work.audit_changes_nav  # noqa: E402, F401
