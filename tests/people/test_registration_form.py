"""Registering a household the first time: the first person is an adult, two blocks show (the rest
behind «Add a member»), an error is listed once, and a member has one name on the whole page."""

import re

import pytest
from django.urls import reverse

from lagrundt.accounts.two_factor import client_login
from lagrundt.people import rules
from lagrundt.people.models import Person
from lagrundt.people.services import HouseholdRole
from tests.people.test_bad_input import household_post

pytestmark = pytest.mark.django_db


def as_user(client, world, language="en"):
    client_login(client, world.users["integration"])
    client.cookies.load({"django_language": language})
    return client


def fieldsets_outside_details(html: str) -> list[str]:
    form = html.split('class="lg-form"', 1)[1]
    before_more = form.split('id="more-members"', 1)[0]
    return re.findall(r'<fieldset class="lg-member">', before_more)


def test_the_first_person_is_an_adult_by_default(client, world):
    response = as_user(client, world).get(reverse("people:household_register"))
    formset = response.context["formset"]
    assert formset.forms[0]["household_role"].value() == HouseholdRole.REFERENCE
    assert formset.forms[1]["household_role"].value() == HouseholdRole.CHILD
    html = response.content.decode()
    first = html.split('id="id_member-0-household_role"', 1)[1].split("</select>", 1)[0]
    assert re.search(r'<option value="reference" selected>', first)


def test_two_blocks_show_and_more_wait_behind_add_a_member(client, world):
    html = as_user(client, world).get(reverse("people:household_register")).content.decode()
    assert len(fieldsets_outside_details(html)) == 2
    more = html.split('id="more-members"', 1)[1].split("</details>", 1)[0]
    assert "<summary>Add a member</summary>" in more
    assert "id_member-2-given_name" in more
    assert 'id="more-members">' in html  # closed until a member is added


def test_a_third_member_is_registered_and_a_filled_hidden_block_opens_on_error(client, world):
    c = as_user(client, world)
    data = household_post(
        world,
        **{
            "member-TOTAL_FORMS": "12",
            "member-2-given_name": "Luwam",
            "member-2-family_name": "Test",
            "member-2-birth_date": "2999-01-01",
            "member-2-sex": "female",
            "member-2-household_role": "child",
            # What a browser sends for the blocks left empty: the role's default.
            **{f"member-{i}-household_role": "child" for i in range(3, 12)},
        },
    )
    response = c.post(reverse("people:household_register"), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="more-members" open' in html
    assert "Person 3, birth date: " + str(rules.MSG_BIRTH_IN_FUTURE) in html
    data["member-2-birth_date"] = "2020-01-01"
    response = c.post(reverse("people:household_register"), data)
    assert response.status_code == 302, [f.errors for f in response.context["formset"]]
    assert Person.objects.filter(given_name="Luwam").exists()


def test_an_id_error_is_listed_once(client, world):
    response = as_user(client, world).post(
        reverse("people:household_register"), household_post(world, **{"member-0-national_id": "12345678901"})
    )
    assert response.status_code == 200
    assert response.context["formset"].forms[0].errors["national_id"] == [str(rules.MSG_ID_CHECKSUM)]
    summary = response.content.decode().split("data-error-summary", 1)[1].split("</div>", 1)[0]
    assert summary.count(str(rules.MSG_ID_CHECKSUM)) == 1


@pytest.mark.parametrize("language", ["en", "nb"])
def test_a_member_has_the_same_name_in_the_summary_and_the_form(client, world, language):
    response = as_user(client, world, language).post(
        reverse("people:household_register"), household_post(world, **{"member-1-birth_date": "2999-01-01"})
    )
    html = response.content.decode()
    legend = re.findall(r"<legend>([^<]*)</legend>", html)[1]
    summary = html.split("data-error-summary", 1)[1].split("</ul>", 1)[0]
    assert legend.endswith(" 2")
    assert f"{legend}, " in summary


def test_the_id_label_is_english_on_an_english_page(client, world):
    """The label was fixed in bokmål when the forms module was loaded: now it follows the page."""
    html = as_user(client, world).get(reverse("people:household_register")).content.decode()
    assert "National ID or D-number" in html
    assert "ødselsnummer" not in html
