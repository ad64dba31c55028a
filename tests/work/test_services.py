"""Changes: each one transaction, personal data audited in the work section, bad input refused clearly."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from lagrundt.access.models import AuditAction, AuditEntry
from lagrundt.work import services
from lagrundt.work.models import CompetenceProfile, Employer, Opening, Placement, WorkExperience
from lagrundt.work.synthetic import synthetic_org_number

pytestmark = pytest.mark.django_db


def work_entries(person):
    return list(AuditEntry.objects.filter(person=person, section="work").order_by("pk"))


def messages(exc: ValidationError, field: str) -> list[str]:
    return [str(m) for e in exc.error_dict[field] for m in e.messages]


# ---------------------------------------------------------------------------- the competence profile
def test_a_profile_change_is_audited_with_old_and_new_values(world, actor):
    person = world.persons["adult"]
    services.profile_save(actor=actor, person=person, data={"norwegian_oral": "A2", "licences": ["B"]})
    services.profile_save(actor=actor, person=person, data={"norwegian_oral": "B1"})
    services.profile_save(actor=actor, person=person, data={"norwegian_oral": "B1"})  # no change, no entry
    created, changed = work_entries(person)
    assert created.action == AuditAction.CREATE and created.changes["licences"] == {"old": None, "new": ["B"]}
    assert changed.action == AuditAction.UPDATE
    assert changed.changes == {"norwegian_oral": {"old": "A2", "new": "B1"}}
    assert changed.username == "hemsedal-integration" and changed.sector == "integration_service"


@pytest.mark.parametrize(
    ("data", "field", "words"),
    [
        ({"norwegian_oral": "C2"}, "norwegian_oral", "«C2» is not a level here: use A1, A2, B1, B2 or C1."),
        ({"norwegian_written": "X"}, "norwegian_written", "«X» is not a level here"),
        ({"licences": ["B", "Z9"]}, "licences", "«Z9» is not in the list."),
        ({"limits": ["diabetes"]}, "limits", "«diabetes» is not in the list."),
        ({"wished_occupations": ["1234"]}, "wished_occupations", "«1234» is not a STYRK-08 occupation code"),
        ({"max_hours_per_week": 90}, "max_hours_per_week", "less than or equal to 60"),
    ],
)
def test_bad_profile_input_is_refused_clearly_and_nothing_is_saved(world, actor, data, field, words):
    person = world.persons["adult"]
    with pytest.raises(ValidationError) as caught:
        services.profile_save(actor=actor, person=person, data=data)
    assert any(words in m for m in messages(caught.value, field)), messages(caught.value, field)
    assert not CompetenceProfile.objects.filter(person=person).exists()
    assert not work_entries(person)


def test_limits_are_a_fixed_list_and_there_is_no_field_for_a_diagnosis():
    names = {f.name for f in CompetenceProfile._meta.get_fields()}
    assert "limits" in names
    assert not names & {"diagnosis", "diagnoses", "health", "illness", "limits_note", "restriction_note"}


def test_experience_needs_a_known_occupation(world, actor):
    person = world.persons["adult"]
    with pytest.raises(ValidationError) as caught:
        services.experience_add(actor=actor, person=person, data={"occupation": "9999", "years": 2})
    assert "«9999» is not a STYRK-08 occupation code" in messages(caught.value, "occupation")[0]
    assert not WorkExperience.objects.exists()


def test_rows_are_added_and_removed_with_audit(world, actor):
    person = world.persons["adult"]
    row = services.experience_add(
        actor=actor, person=person, data={"occupation": "9112", "years": 3, "country": "ER"}
    )
    services.education_add(
        actor=actor, person=person, data={"level": "upper_secondary", "country": "ER", "years": 3}
    )
    services.experience_remove(actor=actor, person=person, pk=row.pk)
    profile, *rows = work_entries(person)
    assert profile.action == AuditAction.CREATE and "seeking" in profile.changes  # made on the first row
    assert [(e.action, list(e.changes)) for e in rows] == [
        (AuditAction.CREATE, ["work_experience"]),
        (AuditAction.CREATE, ["education"]),
        (AuditAction.DELETE, ["work_experience"]),
    ]
    assert work_entries(person)[-1].changes["work_experience"]["old"]["occupation"] == "9112"


# ---------------------------------------------------------------------------- employers
def test_a_private_employer_needs_a_valid_organisation_number(world, actor):
    base = dict(name="Snekker AS", kind="private", industry="construction", municipality=world.hemsedal)
    with pytest.raises(ValidationError) as caught:
        services.employer_create(actor=actor, data=base)
    assert messages(caught.value, "org_number") == ["A private business needs its organisation number."]
    good = synthetic_org_number(7)
    wrong = good[:8] + str((int(good[8]) + 1) % 10)
    with pytest.raises(ValidationError) as caught:
        services.employer_create(actor=actor, data={**base, "org_number": wrong})
    assert "wrong check digit" in messages(caught.value, "org_number")[0]
    with pytest.raises(ValidationError) as caught:
        services.employer_create(actor=actor, data={**base, "org_number": "12345"})
    assert messages(caught.value, "org_number") == ["An organisation number has exactly nine digits."]
    assert not Employer.objects.exists()
    spaced = f"{good[:3]} {good[3:6]} {good[6:]}"
    employer = services.employer_create(actor=actor, data={**base, "org_number": spaced})
    assert employer.org_number == good


def test_a_municipal_department_needs_no_organisation_number(world, actor):
    employer = services.employer_create(
        actor=actor,
        data=dict(
            name="Hemsedal barnehage",
            kind="municipal",
            industry="kindergarten_school",
            municipality=world.hemsedal,
        ),
    )
    assert employer.org_number == ""


# ---------------------------------------------------------------------------- openings
def test_an_opening_keeps_its_language_requirement_analysis(winter_opening):
    (requirement,) = winter_opening.requirements.all()
    assert (requirement.kind, requirement.value, requirement.required) == ("norwegian_oral", "A2", True)
    assert winter_opening.language_set_by == "Driftssjef og integreringstjenesten"
    assert winter_opening.municipality == winter_opening.employer.municipality


@pytest.mark.parametrize(
    ("requirements", "data", "field", "words"),
    [
        (
            [{"kind": "norwegian_oral", "value": "D1"}],
            {"language_set_by": "x"},
            "requirements",
            "«D1» is not a level",
        ),
        ([{"kind": "norwegian_oral", "value": "B1"}], {}, "language_set_by", "Write who set the language"),
        (
            [{"kind": "norwegian_oral", "value": "B1"}, {"kind": "norwegian_oral", "value": "A2"}],
            {"language_set_by": "x"},
            "requirements",
            "one level for oral",
        ),
        ([{"kind": "licence", "value": "Q"}], {}, "requirements", "«Q» is not in the list."),
        ([{"kind": "experience", "value": "0"}], {}, "requirements", "whole years, from 1 to 40"),
        ([], {"occupation": "0999"}, "occupation", "«0999» is not a STYRK-08 occupation code"),
        ([], {"ends_on": dt.date(2020, 1, 1)}, "ends_on", "The end cannot be before the start"),
    ],
)
def test_bad_openings_are_refused_and_nothing_is_saved(
    world, actor, employers, requirements, data, field, words
):
    fields = dict(
        title="Kokk", kind="temporary", occupation="5120", hours_per_week=37, starts_on=dt.date(2026, 12, 1)
    )
    fields.update(data)
    with pytest.raises(ValidationError) as caught:
        services.opening_create(
            actor=actor, employer=employers["hotel"], data=fields, requirements=requirements
        )
    assert any(words in m for m in messages(caught.value, field)), caught.value
    assert not Opening.objects.exists()


# ---------------------------------------------------------------------------- placements
def test_a_placement_goes_from_proposed_to_a_job_offer(world, actor, winter_opening):
    person = world.persons["adult"]
    placement = services.placement_propose(actor=actor, person=person, opening=winter_opening)
    assert (placement.state, placement.employer, placement.kind) == (
        "proposed",
        winter_opening.employer,
        "seasonal",
    )
    today = timezone.localdate()
    services.placement_move(
        actor=actor, placement=placement, to="agreed", data={"supervisor": "Kari", "mentor": "Ola"}
    )
    services.placement_move(actor=actor, placement=placement, to="started", data={"started_on": today})
    services.visit_add(
        actor=actor, placement=placement, data={"visited_on": today, "kind": "visit", "note": "Trives"}
    )
    services.placement_move(actor=actor, placement=placement, to="ended", data={"outcome": "job_offer"})
    placement.refresh_from_db()
    assert (placement.state, placement.outcome, placement.supervisor, placement.ended_on) == (
        "ended",
        "job_offer",
        "Kari",
        today,
    )
    entries = work_entries(person)
    assert [e.action for e in entries] == ["create", "update", "update", "create", "update"]
    assert entries[-1].changes["state"] == {"old": "started", "new": "ended"}
    assert all(e.changes["placement"]["new"] == placement.pk for e in entries)


@pytest.mark.parametrize(
    ("moves", "to", "data", "field", "words"),
    [
        ([], "ended", {"outcome": "job_offer"}, None, "cannot be moved to Ended"),
        (["agreed"], "ended", {}, None, "cannot be moved to Ended"),
        (["agreed", "started"], "ended", {}, "outcome", "Choose the outcome."),
        (["agreed", "started"], "ended", {"outcome": "ended"}, "end_reason", "Choose why it ended"),
        ([], "withdrawn", {}, "outcome_note", "Write why the proposal is withdrawn."),
        ([], "agreed", {"agreed_on": dt.date(2999, 1, 1)}, "agreed_on", "cannot be in the future"),
    ],
)
def test_placement_moves_are_checked(world, actor, winter_opening, moves, to, data, field, words):
    placement = services.placement_propose(actor=actor, person=world.persons["adult"], opening=winter_opening)
    for state in moves:
        services.placement_move(actor=actor, placement=placement, to=state)
    with pytest.raises(ValidationError) as caught:
        services.placement_move(actor=actor, placement=placement, to=to, data=data)
    found = messages(caught.value, field) if field else caught.value.messages
    assert any(words in m for m in found), found
    placement.refresh_from_db()
    assert placement.state == (moves[-1] if moves else "proposed")


def test_the_same_person_is_not_proposed_twice_for_one_opening(world, actor, winter_opening):
    person = world.persons["adult"]
    services.placement_propose(actor=actor, person=person, opening=winter_opening)
    with pytest.raises(ValidationError) as caught:
        services.placement_propose(actor=actor, person=person, opening=winter_opening)
    assert caught.value.messages == ["Abeba Haile is already proposed for or placed in this opening."]
    assert Placement.objects.count() == 1


# ---------------------------------------------------------------------------- job fairs
def test_inviting_a_participant_to_a_job_fair_is_audited(world, actor, employers):
    fair = services.fair_create(
        actor=actor, data=dict(title="Jobbtreff", held_on=dt.date(2026, 3, 5), municipality=world.hemsedal)
    )
    services.fair_invite_employer(actor=actor, fair=fair, employer=employers["hotel"])
    invitation = services.fair_invite_participant(actor=actor, fair=fair, person=world.persons["adult"])
    services.fair_participant_attended(actor=actor, invitation=invitation, attended=True)
    entries = work_entries(world.persons["adult"])
    assert [e.action for e in entries] == ["create", "update"]
    assert entries[1].changes["attended"] == {"old": None, "new": True}
    with pytest.raises(ValidationError):
        services.fair_invite_participant(actor=actor, fair=fair, person=world.persons["adult"])
