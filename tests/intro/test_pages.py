"""The programme's pages: who sees what, forms that keep what was typed and say what is wrong, a fixed
number of queries, and the person page's link to the programme."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lagrundt.access.models import AuditAction, AuditEntry
from lagrundt.accounts.two_factor import client_login
from lagrundt.intro import services
from lagrundt.intro.models import AttendanceDay, Decision
from tests.conftest import OSLO

from .records import ASSESSMENT

D = dt.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def assessed(participant, actor):
    services.assessment_save(actor=actor, person=participant, data=ASSESSMENT, today=D(2026, 2, 10))
    return participant


def test_the_participant_page_shows_the_right_with_its_reasons_and_audits_the_read(
    world, assessed, client, time_machine
):
    time_machine.move_to(dt.datetime(2026, 6, 15, 12, tzinfo=OSLO))  # while the right lasts
    client_login(client, world.users["integration"])
    response = client.get(reverse("intro:participant", args=[assessed.pk]))
    html = response.content.decode()
    assert "Right and duty" in html
    assert "Settled 05.01.2026: the right lasts until 05.01.2028" in html
    assert "The permit date is not recorded: the settlement date is used." in html
    assert "Kvalifiseringstrapp" in html and "Kartlegging og individuell plan" in html  # Hemsedal's ladder
    assert AuditEntry.objects.filter(person=assessed, section="programme", action=AuditAction.READ).exists()


def test_nav_reads_but_cannot_write(world, granted, client):
    client_login(client, world.users["nav"])
    html = client.get(reverse("intro:participant", args=[granted.pk])).content.decode()
    assert "Introduction programme granted" in html
    assert reverse("intro:decision_new", args=[granted.pk, "extension"]) not in html
    assert client.get(reverse("intro:assessment_edit", args=[granted.pk])).status_code == 404
    response = client.post(
        reverse("intro:attendance_week", args=[granted.pk, "2026-03-02"]), {"status_2026-03-02": "present"}
    )
    assert response.status_code == 404
    assert not AttendanceDay.objects.exists()


def test_a_decision_over_http_asks_for_confirmation_and_keeps_what_was_typed(
    world, participant, actor, client
):
    services.assessment_save(
        actor=actor, person=participant, data={**ASSESSMENT, "career_guidance_on": None}, today=D(2026, 2, 10)
    )
    client_login(client, world.users["integration"])
    url = reverse("intro:decision_new", args=[participant.pk, "programme"])
    data = {
        "decided_on": "2026-02-10",
        "starts_on": "2026-03-02",
        "months": "24",
        "final_goal": "work",
        "language": "nb",
        "grounds": "Karriereveiledning gis i mars; deltakeren ønsker å starte nå.",
    }
    response = client.post(url, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Career guidance should be given before the decision" in html
    assert 'name="confirmed"' in html
    assert "Karriereveiledning gis i mars" in html  # kept
    assert not Decision.objects.exists()
    response = client.post(url, {**data, "asked_to_confirm": "1", "confirmed": "on"})
    assert response.status_code == 302
    assert Decision.objects.get(person=participant).months == 24


def test_a_decision_outside_the_limits_is_refused_on_its_field(world, assessed, client):
    client_login(client, world.users["integration"])
    response = client.post(
        reverse("intro:decision_new", args=[assessed.pk, "programme"]),
        {
            "decided_on": "2026-02-10",
            "starts_on": "2026-03-02",
            "months": "40",
            "final_goal": "work",
            "language": "nb",
            "grounds": "x",
        },
    )
    assert response.status_code == 200
    assert "The programme may last from 3 to 24 months" in response.content.decode()
    assert 'value="40"' in response.content.decode()


def test_a_week_is_registered_over_http_and_a_broken_limit_names_its_day(world, granted, client):
    client_login(client, world.users["integration"])
    url = reverse("intro:attendance_week", args=[granted.pk, "2026-03-09"])
    assert client.get(url).status_code == 200
    days = {f"status_2026-03-{d:02d}": "present" for d in range(9, 14)}
    bad = {**days, "status_2026-03-10": "self_certified"}
    response = client.post(url, bad)
    html = response.content.decode()
    assert response.status_code == 200
    assert "10.03.2026: self-certification is possible only after 8 weeks in the programme" in html
    assert not AttendanceDay.objects.exists()
    response = client.post(url, {**days, "status_2026-03-11": "unexcused", "hours_2026-03-12": "2"})
    assert response.status_code == 302
    rows = dict(AttendanceDay.objects.filter(person=granted).values_list("day", "unexcused_hours"))
    assert rows[D(2026, 3, 11)] == Decimal("7.5") and rows[D(2026, 3, 12)] == Decimal("2")


def test_the_participant_page_runs_a_fixed_number_of_queries(world, granted, actor, book, client):
    client_login(client, world.users["integration"])
    url = reverse("intro:participant", args=[granted.pk])

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    first = count()
    for monday in (D(2026, 3, 2), D(2026, 3, 9), D(2026, 3, 16)):
        services.attendance_register(
            actor=actor,
            person=granted,
            monday=monday,
            days={monday + dt.timedelta(days=i): ("present", Decimal(0)) for i in range(5)},
            book=book,
        )
        services.activity_add(
            actor=actor,
            person=granted,
            data=dict(
                kind="norwegian",
                starts_on=monday,
                hours_per_week=Decimal(10),
                description="",
                phase="",
                self_study=False,
            ),
        )
    assert count() == first


def test_the_list_shows_participants_and_those_waiting_for_a_decision(world, granted, client):
    client_login(client, world.users["integration"])
    html = client.get(reverse("intro:participant_list")).content.decode()
    assert "Yusuf, Amina" in html
    waiting = client.get(reverse("intro:participant_list") + "?vis=uten-vedtak").content.decode()
    assert "Yusuf, Amina" not in waiting


def test_the_person_page_links_to_the_programme(world, granted, client):
    client_login(client, world.users["integration"])
    html = client.get(reverse("people:person_detail", args=[granted.pk])).content.decode()
    assert reverse("intro:participant", args=[granted.pk]) in html


def test_the_rules_page_says_what_is_assumed(world, client):
    client_login(client, world.users["leadership"])
    html = client.get(reverse("intro:rules")).content.decode()
    assert "Complaint deadline" in html and "forvaltningsloven § 29" in html
    assert "Waiting for an in-force date" in html  # Prop. 81 L: age 60
    assert "assumed" in html


def test_the_rules_page_shows_the_files_g_and_says_when_todays_g_is_missing(world, client, time_machine):
    time_machine.move_to(dt.datetime(2026, 11, 4, 12, tzinfo=OSLO))
    client_login(client, world.users["leadership"])
    html = client.get(reverse("intro:rules")).content.decode()
    (row,) = re.findall(r"01\.05\.2026</th>.*?</tr>", html, re.S)
    assert "136,549" in row and "verified in the source" in row and "navikt/g" in row
    assert "is not recorded" not in html
    # From 1 May 2027 the file has no G until an administrator records it.
    time_machine.move_to(dt.datetime(2027, 6, 1, 12, tzinfo=OSLO))
    client_login(client, world.users["leadership"])
    html = client.get(reverse("intro:rules")).content.decode()
    assert "G from 01.05.2027 is not recorded." in html
