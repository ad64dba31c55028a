"""Nav's record of a person: the follow-up and the status periods, written only by Nav."""

import datetime as dt
import itertools

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from lagrundt.access import policy
from lagrundt.access.audit import Actor
from lagrundt.access.models import AuditAction, AuditEntry
from lagrundt.accounts.two_factor import client_login
from lagrundt.routines.models import Routine, Task, TaskStatus
from lagrundt.work import privacy, services
from lagrundt.work.models import NavFollowUp, NavStatus

pytestmark = pytest.mark.django_db
DAY = dt.timedelta(days=1)


def today() -> dt.date:
    return timezone.localdate()


@pytest.fixture
def nav(world):
    return Actor(world.users["nav"], detail="test")


def as_user(client, world, key):
    client_login(client, world.users[key])
    client.cookies["django_language"] = "en"
    return client


def messages_of(exc: ValidationError) -> dict[str, list[str]]:
    return {field: [str(m) for m in errors] for field, errors in exc.message_dict.items()}


# ---------------------------------------------------------------------------- the services
def test_a_status_period_is_saved_with_one_audit_entry(world, nav):
    person = world.persons["adult"]
    start = today() - 100 * DAY
    row = services.nav_status_save(
        actor=nav, person=person, data={"status": "job_seeker", "from_date": start, "to_date": None}
    )
    assert (row.status, row.from_date, row.to_date) == ("job_seeker", start, None)
    (entry,) = AuditEntry.objects.filter(action=AuditAction.CREATE, person_id=person.pk)
    assert entry.section == "work" and entry.sector == "nav"
    assert entry.changes["status"] == {"old": None, "new": "job_seeker"}


def test_a_new_current_status_ends_the_current_one_the_day_before(world, nav):
    person = world.persons["adult"]
    first = services.nav_status_save(
        actor=nav,
        person=person,
        data={"status": "measure", "from_date": today() - 200 * DAY, "to_date": None},
    )
    second = services.nav_status_save(
        actor=nav, person=person, data={"status": "work", "from_date": today() - 10 * DAY, "to_date": None}
    )
    first.refresh_from_db()
    assert first.to_date == today() - 11 * DAY and second.to_date is None
    entry = AuditEntry.objects.filter(person_id=person.pk, action=AuditAction.CREATE).latest("pk")
    assert entry.changes["previous_status_to"]["new"] == (today() - 11 * DAY).isoformat()


def test_overlapping_periods_are_refused_and_nothing_is_saved(world, nav):
    person = world.persons["adult"]
    services.nav_status_save(
        actor=nav,
        person=person,
        data={"status": "measure", "from_date": today() - 200 * DAY, "to_date": today() - 100 * DAY},
    )
    entries = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.nav_status_save(
            actor=nav,
            person=person,
            data={"status": "work", "from_date": today() - 150 * DAY, "to_date": today() - 50 * DAY},
        )
    assert messages_of(refused.value)["from_date"] == [
        f"The period overlaps the status «On a Nav measure» from "
        f"{(today() - 200 * DAY):%d.%m.%Y}. Change or end that period first."
    ]
    assert NavStatus.objects.filter(person=person).count() == 1
    assert AuditEntry.objects.count() == entries


def test_a_new_status_that_starts_before_the_current_one_is_refused(world, nav):
    person = world.persons["adult"]
    services.nav_status_save(
        actor=nav, person=person, data={"status": "work", "from_date": today() - 20 * DAY, "to_date": None}
    )
    with pytest.raises(ValidationError):
        services.nav_status_save(
            actor=nav,
            person=person,
            data={"status": "measure", "from_date": today() - 40 * DAY, "to_date": None},
        )
    assert list(NavStatus.objects.filter(person=person).values_list("status", "to_date")) == [("work", None)]


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"status": "work", "from_date": "birth-1", "to_date": None},
            "from_date",
            "before the person was born",
        ),
        (
            {"status": "work", "from_date": "tomorrow", "to_date": None},
            "from_date",
            "cannot be in the future",
        ),
        ({"status": "work", "from_date": "today", "to_date": "yesterday"}, "to_date", "end cannot be before"),
        ({"status": "", "from_date": "today", "to_date": None}, "status", "Choose the status"),
    ],
)
def test_bad_status_dates_get_clear_messages(world, nav, data, field, message):
    person = world.persons["adult"]
    days = {
        "birth-1": person.birth_date - DAY,
        "tomorrow": today() + DAY,
        "today": today(),
        "yesterday": today() - DAY,
        None: None,
    }
    data = {k: days.get(v, v) if k != "status" else v for k, v in data.items()}
    with pytest.raises(ValidationError) as refused:
        services.nav_status_save(actor=nav, person=person, data=data)
    assert message in " ".join(messages_of(refused.value)[field])
    assert not NavStatus.objects.exists() and not AuditEntry.objects.exists()


def test_editing_a_period_checks_against_the_others_only(world, nav):
    person = world.persons["adult"]
    row = services.nav_status_save(
        actor=nav,
        person=person,
        data={"status": "measure", "from_date": today() - 200 * DAY, "to_date": today() - 100 * DAY},
    )
    changed = services.nav_status_save(
        actor=nav,
        person=person,
        pk=row.pk,
        data={"status": "measure", "from_date": today() - 210 * DAY, "to_date": today() - 100 * DAY},
    )
    assert changed.pk == row.pk and changed.from_date == today() - 210 * DAY
    entry = AuditEntry.objects.filter(person_id=person.pk, action=AuditAction.UPDATE).get()
    assert set(entry.changes) == {"from_date", "nav_status"}


def test_the_follow_up_is_saved_and_a_meeting_after_today_is_refused(world, nav):
    person = world.persons["adult"]
    with pytest.raises(ValidationError) as refused:
        services.nav_follow_up_save(
            actor=nav,
            person=person,
            data={"contact_person": "Kari Veileder", "transition_meeting_on": today() + DAY},
        )
    assert messages_of(refused.value)["transition_meeting_on"] == ["The date cannot be in the future."]
    assert not NavFollowUp.objects.exists() and not AuditEntry.objects.exists()
    follow_up = services.nav_follow_up_save(
        actor=nav,
        person=person,
        data={"contact_person": "Kari Veileder", "transition_meeting_on": today() - DAY},
    )
    assert follow_up.transition_meeting_on == today() - DAY
    (entry,) = AuditEntry.objects.filter(person_id=person.pk, action=AuditAction.CREATE)
    assert entry.changes["contact_person"] == {"changed": True}  # a name: content, not kept


def test_a_transition_meeting_closes_the_duty_a_routine_says_it_answers(world, nav):
    person = world.persons["adult"]
    routine = Routine.objects.create(
        municipality=person.municipality,
        key="t.transition_meeting",
        profile="test",
        title_nb="Overgangsmøte",
        title_nn="Overgangsmøte",
        title_en="Transition meeting",
        sector="nav",
        section="work",
        applies_to="person",
        spec={
            "from": "settlement",
            "offset": {"days": 14},
            "when": {},
            "working_day": True,
            "closed_by": ["nav.transition_meeting"],
        },
        source="test",
        basis="plan",
    )
    task = Task.objects.create(
        routine=routine,
        subject=f"p:{person.pk}",
        occurrence="14d",
        municipality=person.municipality,
        sector="nav",
        section="work",
        person=person,
        counts_from=person.settlement.settled_on,
        computed_due_on=person.settlement.settled_on,
        due_on=person.settlement.settled_on,
    )
    services.nav_follow_up_save(
        actor=nav, person=person, data={"contact_person": "", "transition_meeting_on": today() - 3 * DAY}
    )
    task.refresh_from_db()
    assert (task.status, task.closed_on) == (TaskStatus.DONE, today() - 3 * DAY)
    assert "nav.transition_meeting" in services.EVENTS


def test_innsyn_shows_the_record_and_retention_empties_the_contact_person(world, nav):
    person = world.persons["adult"]
    services.nav_follow_up_save(
        actor=nav, person=person, data={"contact_person": "Kari Veileder", "transition_meeting_on": None}
    )
    services.nav_status_save(
        actor=nav,
        person=person,
        data={"status": "education", "from_date": today() - 5 * DAY, "to_date": None},
    )
    (part,) = privacy.subject_access(person, {"work"})
    titles = [r.title for r in part.records]
    assert "Nav follow-up" in titles and "Status at Nav" in titles
    status = next(r for r in part.records if r.title == "Status at Nav")
    assert status.rows[0].value == "In education"
    privacy.anonymise("work", [person.pk], dry_run=False)
    assert NavFollowUp.objects.get(person=person).contact_person == ""


# ---------------------------------------------------------------------------- who may read and write
def test_nav_writes_the_record_and_the_integration_service_only_reads_it(world):
    person = world.persons["adult"]
    _p, _g, writer = policy.access_record(Actor(world.users["nav"]), person.pk, "nav", write=True)
    assert writer is not None and writer.sector == "nav"
    _p, _g, writer = policy.access_record(Actor(world.users["integration"]), person.pk, "nav")
    assert writer is None
    with pytest.raises(Http404):
        policy.access_record(Actor(world.users["integration"]), person.pk, "nav", write=True)
    for key in ("health", "school"):
        with pytest.raises(Http404):
            policy.access_record(Actor(world.users[key]), person.pk, "nav")


def test_the_pages_nav_adds_a_status_and_reads_it(client, world):
    person = world.persons["adult"]
    page = as_user(client, world, "nav")
    url = reverse("work:nav_status_add", args=[person.pk])
    response = page.post(url, {"status": "work", "from_date": (today() - 3 * DAY).isoformat()})
    assert response.status_code == 302 and response.url == reverse("work:nav_record", args=[person.pk])
    shown = page.get(reverse("work:nav_record", args=[person.pk])).content.decode()
    assert "In work" in shown and (today() - 3 * DAY).strftime("%d.%m.%Y") in shown
    assert "New status" in shown  # Nav may write


def test_a_refused_status_keeps_what_was_typed(client, world):
    person = world.persons["adult"]
    page = as_user(client, world, "nav")
    typed = (today() + 5 * DAY).isoformat()
    response = page.post(
        reverse("work:nav_status_add", args=[person.pk]), {"status": "measure", "from_date": typed}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "The date cannot be in the future." in html and f'value="{typed}"' in html
    assert not NavStatus.objects.exists()


def test_the_integration_service_reads_the_page_but_may_not_change_it(client, world):
    person = world.persons["adult"]
    page = as_user(client, world, "integration")
    shown = page.get(reverse("work:nav_record", args=[person.pk]))
    assert shown.status_code == 200 and "New status" not in shown.content.decode()
    assert page.get(reverse("work:nav_status_add", args=[person.pk])).status_code == 404
    assert page.get(reverse("work:nav_follow_up_edit", args=[person.pk])).status_code == 404


def test_health_and_school_cannot_open_the_page(client, world):
    for key in ("health", "school"):
        client.logout()
        page = as_user(client, world, key)
        assert page.get(reverse("work:nav_record", args=[world.persons["adult"].pk])).status_code == 404


def test_the_person_page_links_to_the_record_in_the_work_section(world):
    from lagrundt.work.person_page import links

    found = [link for link in links(world.users["nav"], world.persons["adult"]) if link.url.endswith("/nav/")]
    assert [(link.section, str(link.label)) for link in found] == [("work", "Nav follow-up")]


def test_the_demo_statuses_never_overlap_and_are_made_once(world):
    import random

    from lagrundt.work import demo

    municipalities = {"3326": world.hemsedal, "3324": world.gol}
    made = demo._nav_records(municipalities, today(), random.Random(1))
    assert made >= 1
    for person_id in NavStatus.objects.values_list("person_id", flat=True).distinct():
        periods = list(NavStatus.objects.filter(person_id=person_id).order_by("from_date"))
        for first, second in itertools.pairwise(periods):
            assert first.to_date is not None and first.to_date < second.from_date
        assert all(p.from_date <= today() for p in periods)
    assert demo._nav_records(municipalities, today(), random.Random(1)) == 0


def test_the_person_page_shows_the_link_to_who_reads_the_work_section(client, world):
    person = world.persons["adult"]
    url = reverse("work:nav_record", args=[person.pk])
    page = as_user(client, world, "nav").get(reverse("people:person_detail", args=[person.pk]))
    assert page.status_code == 200 and url in page.content.decode()
    client.logout()
    page = as_user(client, world, "health").get(reverse("people:person_detail", args=[person.pk]))
    assert page.status_code == 200 and url not in page.content.decode()
