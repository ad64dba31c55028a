"""The programme's link on a person's page shows only for who the programme can concern: old enough for
its target group on the day the age counts, or with something of the programme already recorded."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from lagrundt.accounts.two_factor import client_login
from lagrundt.intro import person_page
from lagrundt.intro.models import ProgrammeCase
from lagrundt.routines.rules import Offset
from tests.world import make_person

pytestmark = pytest.mark.django_db


def _programme_link(client, person) -> bool:
    html = client.get(reverse("people:person_detail", args=[person.pk])).content.decode()
    return reverse("intro:participant", args=[person.pk]) in html


def test_a_childs_page_has_no_programme_but_an_adults_has(world, client):
    client_login(client, world.users["integration"])
    assert _programme_link(client, world.persons["adult"])
    for key in ("teen", "school_child", "small_child"):
        assert not _programme_link(client, world.persons[key]), key


def test_the_age_counts_on_the_settlement_day_not_today(world):
    today = timezone.localdate()
    # 19 today, but 17 when settled two years ago: outside the target group for good.
    grown_up = make_person(
        world.hemsedal, "Ali", "Nur", Offset(years=-19).after(today), settled_on=Offset(years=-2).after(today)
    )
    assert not person_page.may_concern(grown_up)
    # 18 on the day of settlement, a month ago: in the target group's age.
    just_adult = make_person(
        world.hemsedal,
        "Sara",
        "Nur",
        Offset(years=-18).after(today) - dt.timedelta(days=40),
        settled_on=today - dt.timedelta(days=30),
        serial=11,
    )
    assert person_page.may_concern(just_adult)


def test_a_recorded_programme_case_shows_the_link_whatever_the_age(world, client):
    teen = world.persons["teen"]
    ProgrammeCase.objects.create(person=teen)
    client_login(client, world.users["integration"])
    assert _programme_link(client, teen)
