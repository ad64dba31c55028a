"""The opening form lets a case worker through the first time: hours as a contract gives them (37,5),
the occupation found by typing, and every error shown at once, conditional ones marked before."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from lagrundt.accounts.two_factor import client_login
from lagrundt.work import services
from lagrundt.work.forms import HoursField, OccupationComboField
from lagrundt.work.models import Opening, Placement, hours_label

pytestmark = pytest.mark.django_db


def as_user(client, world, key="integration"):
    client_login(client, world.users[key])
    client.cookies["django_language"] = "en"
    return client


def opening_post(**overrides):
    data = {
        "title": "Romassistent",
        "kind": "temporary",
        "occupation": "9112",
        "positions": "1",
        "hours_per_week": "37,5",
        "starts_on": (timezone.localdate() + dt.timedelta(days=10)).isoformat(),
        "oral_is": "required",
        "written_is": "required",
        "experience_is": "preferred",
        "status": "open",
    }
    data.update(overrides)
    return data


def post(client, employer, data):
    return client.post(reverse("work:opening_create") + f"?arbeidsgiver={employer.pk}", data)


@pytest.mark.parametrize("typed", ["37,5", "37.5", " 37,5 "])
def test_hours_with_a_norwegian_comma_are_stored_as_a_decimal(client, world, employers, typed):
    c = as_user(client, world)
    response = post(c, employers["hotel"], opening_post(hours_per_week=typed))
    assert response.status_code == 302, response.context["form"].errors
    opening = Opening.objects.get()
    assert opening.hours_per_week == Decimal("37.5")
    page = c.get(response["Location"]).content.decode()
    assert "<dd>37.5</dd>" in page


def test_hours_are_shown_as_people_write_them(world):
    with translation.override("nb"):
        assert hours_label(Decimal("37.5")) == "37,5"
        assert hours_label(Decimal("20.0")) == "20"
    with translation.override("en"):
        assert hours_label(Decimal("37.5")) == "37.5"
    assert hours_label(None) == "–"


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("37,25", "at most one decimal"),
        ("tretti", "as a number from 1 to 60"),
        ("61", "as a number from 1 to 60"),
        ("6000", "as a number from 1 to 60"),
        ("0,5", "as a number from 1 to 60"),
    ],
)
def test_bad_hours_get_a_plain_message_and_keep_what_was_typed(client, world, employers, typed, message):
    response = post(as_user(client, world), employers["hotel"], opening_post(hours_per_week=typed))
    assert response.status_code == 200
    assert not Opening.objects.exists()
    errors = response.context["form"].errors["hours_per_week"]
    assert len(errors) == 1
    assert message in errors[0]
    assert f'value="{typed}"' in response.content.decode()


@pytest.mark.parametrize(
    "typed",
    [
        "9112",
        "9112 – Cleaners and Helpers in Offices, Hotels and Other Establishments",
        "9112 – Renholdere i virksomheter",
        "Renholdere i virksomheter",
        "cleaners and helpers in offices, hotels and other establishments",
    ],
)
def test_the_occupation_box_takes_a_code_a_choice_or_a_title(client, world, employers, typed):
    response = post(as_user(client, world), employers["hotel"], opening_post(occupation=typed))
    assert response.status_code == 302, response.context["form"].errors
    assert Opening.objects.get().occupation == "9112"


def test_the_occupation_box_refuses_nonsense_and_keeps_what_was_typed(client, world, employers):
    response = post(as_user(client, world), employers["hotel"], opening_post(occupation="Romgjører xyz"))
    assert response.status_code == 200
    assert not Opening.objects.exists()
    assert response.context["form"].errors["occupation"] == [
        "No occupation is called «Romgjører xyz». Write part of the title or the four-digit code, "
        "and choose from the list."
    ]
    assert 'value="Romgjører xyz"' in response.content.decode()


def test_the_occupation_is_a_text_box_with_a_list_of_every_unit_group(client, world, employers):
    page = as_user(client, world).get(
        reverse("work:opening_create") + f"?arbeidsgiver={employers['hotel'].pk}"
    )
    html = page.content.decode()
    assert '<select name="occupation"' not in html
    assert 'list="styrk-occupations"' in html
    assert '<datalist id="styrk-occupations">' in html
    assert '<option value="9112 – Cleaners and Helpers in Offices, Hotels and Other Establishments">' in html
    datalist = html.split('<datalist id="styrk-occupations">', 1)[1].split("</datalist>", 1)[0]
    assert datalist.count("<option value=") == len(OccupationComboField.options()) > 350


def test_an_opening_being_edited_shows_its_occupation_and_hours_as_written(client, world, winter_opening):
    Opening.objects.filter(pk=winter_opening.pk).update(hours_per_week=Decimal("37.5"))
    client_login(client, world.users["integration"])
    client.cookies["django_language"] = "nb"
    html = client.get(reverse("work:opening_edit", args=[winter_opening.pk])).content.decode()
    assert 'name="hours_per_week" value="37,5"' in html
    assert f'value="{winter_opening.occupation} – ' in html


def test_every_error_shows_at_once_with_the_conditional_one(client, world, employers):
    """A Norwegian level without who set it, an end before the start and a missing title: all three on
    the first try (before, the level's partner showed only after the rest was put right)."""
    start = timezone.localdate() + dt.timedelta(days=10)
    data = opening_post(
        title="",
        oral_level="A2",
        language_set_by="",
        ends_on=(start - dt.timedelta(days=1)).isoformat(),
        starts_on=start.isoformat(),
    )
    response = post(as_user(client, world), employers["hotel"], data)
    assert response.status_code == 200
    assert not Opening.objects.exists()
    errors = response.context["form"].errors
    assert set(errors) >= {"title", "language_set_by", "ends_on"}
    assert errors["language_set_by"] == [str(services.MSG_LANGUAGE_SET_BY)]


def test_a_conditional_requirement_is_marked_before_anyone_tries(client, world, employers):
    html = (
        as_user(client, world)
        .get(reverse("work:opening_create") + f"?arbeidsgiver={employers['hotel'].pk}")
        .content.decode()
    )
    assert "Language requirement set by (required when a Norwegian level is set)" in html


def test_placement_hours_take_a_comma_too(world, actor, winter_opening):
    assert HoursField(required=False).clean("7,5") == Decimal("7.5")
    placement = services.placement_propose(actor=actor, person=world.persons["adult"], opening=winter_opening)
    services.placement_update(actor=actor, placement=placement, data={"hours_per_week": Decimal("7.5")})
    assert Placement.objects.get().hours_per_week == Decimal("7.5")
