"""The integration service's record of a person: permit, housing, guardian, Norwegian training and tests."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from lagrundt.access import policy
from lagrundt.access.audit import Actor
from lagrundt.access.models import AuditAction, AuditEntry
from lagrundt.accounts.two_factor import client_login
from lagrundt.core.dates import add_years
from lagrundt.people.models import SettlementCategory
from lagrundt.routines.models import Routine, Task, TaskStatus
from lagrundt.settlement import privacy, services
from lagrundt.settlement.models import IntegrationRecord, NorwegianTest, NorwegianTraining
from tests.world import make_person

pytestmark = pytest.mark.django_db
DAY = dt.timedelta(days=1)


def today() -> dt.date:
    return timezone.localdate()


@pytest.fixture
def actor(world):
    return Actor(world.users["integration"], detail="test")


@pytest.fixture
def minor(world):
    """A 16-year-old settled as an unaccompanied minor in Hemsedal."""
    return make_person(
        world.hemsedal,
        "Samir",
        "Haddad",
        add_years(today(), -16) - 30 * DAY,
        category=SettlementCategory.UNACCOMPANIED_MINOR,
        serial=41,
    )


def as_user(client, world, key):
    client_login(client, world.users[key])
    client.cookies["django_language"] = "en"
    return client


def messages_of(exc: ValidationError) -> dict[str, list[str]]:
    return {field: [str(m) for m in errors] for field, errors in exc.message_dict.items()}


# ---------------------------------------------------------------------------- the record
def test_the_record_is_saved_with_one_audit_entry(world, actor):
    person = world.persons["adult"]
    record = services.integration_record_save(
        actor=actor,
        person=person,
        data={
            "permit_type": "resettlement",
            "permit_expires_on": today() + 300 * DAY,
            "housing_type": "municipal_rental",
        },
    )
    assert record.get_permit_type_display() == "Resettlement refugee"
    (entry,) = AuditEntry.objects.filter(action=AuditAction.CREATE, person_id=person.pk)
    assert entry.section == "settlement" and entry.sector == "integration_service"
    assert entry.changes["permit_type"] == {"old": None, "new": "resettlement"}


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("permanent_residence_on", "tomorrow", "The date cannot be in the future."),
        ("citizenship_on", "before_birth", "The date cannot be before the person was born"),
        ("permit_expires_on", "before_birth", "The date cannot be before the person was born"),
        ("guardian", "Verge Vergesen", "Only for persons settled as unaccompanied minors."),
        ("aftercare_until", "next_year", "Only for persons settled as unaccompanied minors."),
    ],
)
def test_bad_values_get_clear_messages_and_nothing_is_saved(world, actor, field, value, message):
    person = world.persons["adult"]
    values = {
        "tomorrow": today() + DAY,
        "before_birth": person.birth_date - DAY,
        "next_year": today() + 365 * DAY,
    }
    with pytest.raises(ValidationError) as refused:
        services.integration_record_save(
            actor=actor, person=person, data={"housing_type": "owned", field: values.get(value, value)}
        )
    assert message in " ".join(messages_of(refused.value)[field])
    assert not IntegrationRecord.objects.exists() and not AuditEntry.objects.exists()


def test_citizenship_cannot_come_before_permanent_residence(world, actor):
    person = world.persons["adult"]
    with pytest.raises(ValidationError) as refused:
        services.integration_record_save(
            actor=actor,
            person=person,
            data={"permanent_residence_on": today() - 10 * DAY, "citizenship_on": today() - 20 * DAY},
        )
    assert (
        "Citizenship cannot come before permanent residence"
        in messages_of(refused.value)["citizenship_on"][0]
    )


def test_an_unaccompanied_minor_has_a_guardian_and_aftercare_to_the_day_before_20(minor, actor):
    last = add_years(minor.birth_date, 20) - DAY
    record = services.integration_record_save(
        actor=actor, person=minor, data={"guardian": "Verge Vergesen", "aftercare_until": last}
    )
    assert record.aftercare_until == last
    with pytest.raises(ValidationError) as refused:
        services.integration_record_save(actor=actor, person=minor, data={"aftercare_until": last + DAY})
    assert messages_of(refused.value)["aftercare_until"] == [
        f"Aftercare here ends at the latest on {last:%d.%m.%Y}, the day before the 20th birthday."
    ]
    record.refresh_from_db()
    assert record.aftercare_until == last


def test_a_guardian_is_refused_for_an_unaccompanied_minor_who_is_now_adult(world, actor):
    grown = make_person(
        world.hemsedal,
        "Omar",
        "Haddad",
        add_years(today(), -19),
        category=SettlementCategory.UNACCOMPANIED_MINOR,
        serial=42,
    )
    with pytest.raises(ValidationError) as refused:
        services.integration_record_save(actor=actor, person=grown, data={"guardian": "Verge Vergesen"})
    assert messages_of(refused.value)["guardian"] == [
        "The person is 18 or older and has no guardian any more."
    ]


# ---------------------------------------------------------------------------- Norwegian
def test_training_and_a_test_passed_are_recorded(world, actor):
    person = world.persons["adult"]
    training = services.norwegian_training_save(
        actor=actor, person=person, data={"right": "right_and_duty", "hours_completed": 320}
    )
    test = services.norwegian_test_add(
        actor=actor, person=person, data={"level": "A2", "part": "oral", "passed_on": today() - 5 * DAY}
    )
    assert (training.hours_completed, test.level) == (320, "A2")
    assert AuditEntry.objects.filter(person_id=person.pk, action=AuditAction.CREATE).count() == 2


def test_a_test_after_today_or_twice_is_refused(world, actor):
    person = world.persons["adult"]
    with pytest.raises(ValidationError) as refused:
        services.norwegian_test_add(
            actor=actor, person=person, data={"level": "B1", "part": "written", "passed_on": today() + DAY}
        )
    assert messages_of(refused.value)["passed_on"] == ["The date cannot be in the future."]
    data = {"level": "B1", "part": "written", "passed_on": today() - DAY}
    services.norwegian_test_add(actor=actor, person=person, data=data)
    with pytest.raises(ValidationError) as twice:
        services.norwegian_test_add(actor=actor, person=person, data=data)
    assert "already recorded" in twice.value.messages[0]
    assert NorwegianTest.objects.count() == 1


def test_a_test_passed_closes_the_duty_a_routine_says_it_answers(world, actor):
    person = world.persons["adult"]
    routine = Routine.objects.create(
        municipality=person.municipality,
        key="t.level_test",
        profile="test",
        title_nb="Norskprøve",
        title_nn="Norskprøve",
        title_en="Norwegian test",
        sector="integration_service",
        section="settlement",
        applies_to="person",
        spec={
            "from": "settlement",
            "offset": {"days": 14},
            "when": {},
            "working_day": True,
            "closed_by": ["integration.level_test"],
        },
        source="test",
        basis="plan",
    )
    task = Task.objects.create(
        routine=routine,
        subject=f"p:{person.pk}",
        occurrence="14d",
        municipality=person.municipality,
        sector="integration_service",
        section="settlement",
        person=person,
        counts_from=person.settlement.settled_on,
        computed_due_on=person.settlement.settled_on,
        due_on=person.settlement.settled_on,
    )
    services.norwegian_test_add(
        actor=actor, person=person, data={"level": "A2", "part": "oral", "passed_on": today() - 2 * DAY}
    )
    task.refresh_from_db()
    assert (task.status, task.closed_on) == (TaskStatus.DONE, today() - 2 * DAY)


def test_innsyn_shows_the_record_and_retention_empties_the_guardian(minor, actor):
    services.integration_record_save(actor=actor, person=minor, data={"guardian": "Verge Vergesen"})
    services.norwegian_training_save(
        actor=actor, person=minor, data={"right": "right", "hours_completed": 10}
    )
    (part,) = privacy.subject_access(minor, {"settlement"})
    titles = [r.title for r in part.records]
    assert "Integration record" in titles and "Norwegian training" in titles
    privacy.anonymise("settlement", [minor.pk], dry_run=False)
    assert IntegrationRecord.objects.get(person=minor).guardian == ""
    assert NorwegianTraining.objects.get(person=minor).hours_completed == 10


# ---------------------------------------------------------------------------- who may read and write
def test_the_integration_service_writes_and_health_and_nav_only_read(world):
    person = world.persons["adult"]
    _p, _g, writer = policy.access_record(
        Actor(world.users["integration"]), person.pk, "integration", write=True
    )
    assert writer is not None
    for key in ("health", "nav"):
        _p, _g, writer = policy.access_record(Actor(world.users[key]), person.pk, "integration")
        assert writer is None
        with pytest.raises(Http404):
            policy.access_record(Actor(world.users[key]), person.pk, "integration", write=True)
    with pytest.raises(Http404):
        policy.access_record(Actor(world.users["school"]), person.pk, "integration")


def test_the_page_keeps_what_was_typed_when_refused(client, world):
    person = world.persons["adult"]
    page = as_user(client, world, "integration")
    typed = (today() + 3 * DAY).isoformat()
    response = page.post(
        reverse("settlement:integration_record_edit", args=[person.pk]),
        {"permit_type": "asylum", "permanent_residence_on": typed, "housing_type": "owned"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "The date cannot be in the future." in html and f'value="{typed}"' in html
    assert not IntegrationRecord.objects.exists()


def test_the_pages_record_a_test_and_show_it_to_nav_without_changing(client, world):
    person = world.persons["adult"]
    page = as_user(client, world, "integration")
    response = page.post(
        reverse("settlement:norwegian_test_add", args=[person.pk]),
        {"level": "B1", "part": "oral", "passed_on": (today() - DAY).isoformat()},
    )
    assert response.status_code == 302
    client.logout()
    page = as_user(client, world, "nav")
    shown = page.get(reverse("settlement:integration_record", args=[person.pk]))
    html = shown.content.decode()
    assert shown.status_code == 200 and "B1" in html and "Oral" in html
    assert "Record a test passed" not in html
    assert page.get(reverse("settlement:norwegian_test_add", args=[person.pk])).status_code == 404


def test_the_form_offers_guardian_and_aftercare_only_for_unaccompanied_minors(client, world, minor):
    page = as_user(client, world, "integration")
    adult = page.get(reverse("settlement:integration_record_edit", args=[world.persons["adult"].pk]))
    assert "guardian" not in adult.context["form"].fields
    young = page.get(reverse("settlement:integration_record_edit", args=[minor.pk]))
    assert {"guardian", "aftercare_until"} <= set(young.context["form"].fields)


def test_the_person_page_links_to_the_record_in_the_settlement_section(world):
    from lagrundt.settlement.person_page import links

    (link,) = links(world.users["health"], world.persons["adult"])
    assert (link.section, str(link.label)) == ("settlement", "Integration record")


def test_the_demo_records_are_valid_and_made_once(world):
    import io

    from lagrundt.settlement import demo

    demo.load(today=today(), seed=1, out=io.StringIO())
    records = list(IntegrationRecord.objects.select_related("person"))
    assert records
    for record in records:
        record.full_clean()
        services._check_record(record.person, {f: getattr(record, f) for f in services.RECORD_FIELDS}, {})
    for test in NorwegianTest.objects.select_related("person"):
        assert test.person.birth_date <= test.passed_on <= today()
    count = IntegrationRecord.objects.count()
    demo.load(today=today(), seed=1, out=io.StringIO())
    assert IntegrationRecord.objects.count() == count


def test_the_person_page_shows_the_link_to_who_reads_the_settlement_section(client, world):
    person = world.persons["adult"]
    url = reverse("settlement:integration_record", args=[person.pk])
    page = as_user(client, world, "health").get(reverse("people:person_detail", args=[person.pk]))
    assert page.status_code == 200 and url in page.content.decode()
    client.logout()
    page = as_user(client, world, "housing").get(reverse("people:person_detail", args=[person.pk]))
    assert page.status_code == 200 and url not in page.content.decode()
