"""The welcome, interpreter and follow-up pages: a GET writes nothing but the audit log, pages show
labels and names as lists write them, and the demo loads through the services and again without
making more."""

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lagrundt.access.audit import Actor
from lagrundt.accounts.two_factor import client_login
from lagrundt.community import navigation, person_page
from lagrundt.community.follow_up import plugins as follow_up_plugins
from lagrundt.community.interpreters import plugins as interpreters_plugins
from lagrundt.community.models import (
    FollowUpTalk,
    InterpreterUse,
    WelcomeLetterSent,
    WelcomeLetterTemplate,
    WelcomeMeeting,
)
from lagrundt.community.welcome import plugins as welcome_plugins
from lagrundt.community.welcome import services
from lagrundt.people.models import Settlement
from tests.access_matrix import ROLES
from tests.community import url_access_follow_up, url_access_interpreters, url_access_welcome
from tests.test_get_writes_nothing import writes
from tests.world import make_person

pytestmark = pytest.mark.django_db

ROWS = {**url_access_welcome.MATRIX, **url_access_interpreters.MATRIX, **url_access_follow_up.MATRIX}


@pytest.mark.parametrize("part", [url_access_welcome, url_access_interpreters, url_access_follow_up])
def test_no_get_writes_anything_but_the_audit_log(world, client, part):
    failures = []
    for name, (build, method, own, _other) in sorted(part.MATRIX.items()):
        if method != "get":
            continue
        for role in [r for r in ROLES if own[r] == 200]:
            url = reverse(name, kwargs=build(world, role, "own"))
            client.logout()
            client_login(client, world.users[role])
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            if response.status_code != 200:
                failures.append(f"{role} GET {url}: {response.status_code}")
            failures += [f"{role} GET {url} wrote: {sql}" for sql in writes(queries.captured_queries)]
    assert not failures, "\n".join(failures)


def test_a_meeting_lists_the_invited_by_family_name_with_their_interpreter_language(world, login):
    person = make_person(world.hemsedal, "Amina", "Yusuf", dt.date(1990, 4, 10), serial=41)
    Settlement.objects.filter(person=person).update(settled_on=timezone.localdate() - dt.timedelta(days=10))
    person.interpreter_needed, person.interpreter_language = True, "ar"
    person.save(update_fields=["interpreter_needed", "interpreter_language"])
    client = login(world, "integration")
    answer = client.post(
        reverse("community:welcome_meeting_new"),
        {
            "municipality": world.hemsedal.pk,
            "held_on": timezone.localdate().isoformat(),
            "place": "Kulturhuset",
            "programme": "",
        },
    )
    meeting = WelcomeMeeting.objects.get()
    assert answer.status_code == 302
    page = client.get(reverse("community:welcome_meeting", args=[meeting.pk])).content.decode()
    assert "Yusuf, Amina" in page
    assert ">ar<" not in page and "interpreter_language" not in page


def test_the_menu_and_the_person_page_links(world):
    keys = {e.key for e in navigation.entries(world.users["integration"])}
    assert {"welcome", "interpreters"} <= keys
    assert "welcome" not in {e.key for e in navigation.entries(world.users["school"])}
    assert {e.key for e in navigation.entries(world.users["leadership"])} >= {"interpreters"}
    links = {link.url for link in person_page.links(world.users["integration"], world.persons["adult"])}
    pk = world.persons["adult"].pk
    assert reverse("community:welcome_person", args=[pk]) in links
    assert reverse("community:interpreter_person", args=[pk]) in links
    assert reverse("community:follow_up_person", args=[pk]) in links


def _load(out):
    for part in (welcome_plugins, interpreters_plugins, follow_up_plugins):
        part.load(timezone.localdate(), 1, out)


def test_the_demo_loads_through_the_services_and_again_without_more(world):
    from lagrundt.tenancy.models import Membership, Sector, ServiceUnit

    unit = ServiceUnit.objects.create(name="Hemsedal demo", host_municipality=world.hemsedal)
    unit.municipalities.set([world.hemsedal])
    Membership.objects.get_or_create(
        user=world.users["integration"], unit=unit, sector=Sector.INTEGRATION_SERVICE
    )
    newcomer = make_person(world.hemsedal, "Amina", "Yusuf", dt.date(1990, 4, 10), serial=41)
    Settlement.objects.filter(person=newcomer).update(
        settled_on=timezone.localdate() - dt.timedelta(days=100)
    )
    adult = world.persons["adult"]
    adult.interpreter_needed, adult.interpreter_language = True, "ti"
    adult.save(update_fields=["interpreter_needed", "interpreter_language"])
    out = io.StringIO()
    _load(out)
    counts = (
        WelcomeLetterTemplate.objects.count(),
        WelcomeMeeting.objects.count(),
        WelcomeLetterSent.objects.count(),
        InterpreterUse.objects.count(),
        FollowUpTalk.objects.count(),
    )
    assert WelcomeLetterTemplate.objects.filter(municipality=world.hemsedal, language="nb").exists()
    assert WelcomeLetterTemplate.objects.filter(municipality=world.aal, language="nn").exists()
    assert counts[1] >= 2 and counts[2] >= 1 and counts[3] >= 1
    _load(out)
    assert (
        WelcomeLetterTemplate.objects.count(),
        WelcomeMeeting.objects.count(),
        WelcomeLetterSent.objects.count(),
        InterpreterUse.objects.count(),
        FollowUpTalk.objects.count(),
    ) == counts


def test_a_letter_marked_sent_closes_the_households_routine_task(world):
    from lagrundt.routines.models import Routine, Task, TaskStatus

    adult = world.persons["adult"]
    routine = Routine.objects.create(
        municipality=world.hemsedal,
        key="t.welcome_letter",
        profile="test",
        title_nb="Velkomstbrev",
        title_nn="Velkomstbrev",
        title_en="Welcome letter",
        sector="integration_service",
        section="community",
        applies_to="household",
        spec={
            "from": "settlement",
            "offset": {"days": 14},
            "when": {},
            "working_day": True,
            "closed_by": ["community.welcome_letter"],
        },
        source="test",
        basis="plan",
    )
    task = Task.objects.create(
        routine=routine,
        subject=f"h:{adult.household_id}",
        occurrence="14d",
        municipality=world.hemsedal,
        household_id=adult.household_id,
        sector="integration_service",
        section="community",
        due_on=timezone.localdate(),
        computed_due_on=timezone.localdate(),
        counts_from=timezone.localdate() - dt.timedelta(days=14),
    )
    _sent, closed = services.letter_sent_add(
        actor=Actor(world.users["integration"], detail="test"),
        person=adult,
        data={"sent_on": timezone.localdate()},
    )
    task.refresh_from_db()
    assert closed == [task] and task.status == TaskStatus.DONE


def test_a_persons_welcome_page_names_the_letters_languages(world, login):
    from django.utils import translation

    from lagrundt.people.languages import Language
    from lagrundt.people.models import Person

    actor = Actor(world.users["integration"], detail="test")
    for code in ("nb", "ti"):
        services.letter_template_save(
            actor=actor, municipality=world.hemsedal, data={"language": code, "title": "V", "body": "Hei"}
        )
    Person.objects.filter(pk=world.persons["adult"].pk).update(languages=["ti"])
    answer = login(world, "integration").get(
        reverse("community:welcome_person", args=[world.persons["adult"].pk])
    )
    page = answer.content.decode()
    with translation.override(answer.wsgi_request.LANGUAGE_CODE):
        assert str(Language.TIGRINYA.label) in page
    assert "name_local" not in page and "&#x27;code&#x27;" not in page
