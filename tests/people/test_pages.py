"""What the register's pages show: columns by role, the history of changes in words."""

import datetime as dt

import pytest
from django.urls import reverse

from lagrundt.access.audit import Actor
from lagrundt.people import services

pytestmark = pytest.mark.django_db


def test_settlement_column_only_for_those_who_may_read_settlement(world, login):
    page = login(world, "integration").get(reverse("people:person_list")).content.decode()
    assert '<th scope="col">Bosatt</th>' in page
    page = login(world, "school").get(reverse("people:person_list")).content.decode()
    assert "Bosatt</th>" not in page
    assert "Yonas" in page


def test_history_names_fields_and_values_as_people_read_them(world, login):
    client = login(world, "integration")
    child = world.persons["school_child"]
    actor = Actor(world.users["integration"])
    old_date = child.settlement.settled_on
    new_date = old_date - dt.timedelta(days=3)
    services.settlement_save(actor=actor, person=child, data={"settled_on": new_date})
    services.person_update_identity(actor=actor, person=child, data={"interpreter_needed": True})
    page = client.get(reverse("people:person_detail", args=[child.pk])).content.decode()
    assert f"Bosettingsdato: <del>{old_date:%d.%m.%Y}</del> → {new_date:%d.%m.%Y}" in page
    assert "Trenger tolk: <del>Nei</del> → Ja" in page
    assert "settled_on" not in page and "interpreter_needed" not in page


def test_move_out_message_counts_in_singular_and_plural(world, login):
    client = login(world, "integration")
    client.cookies.load({"django_language": "en"})
    person = world.persons["gol_adult"]
    response = client.post(
        reverse("people:person_move_out", args=[person.pk]),
        {"moved_on": dt.date.today().isoformat(), "destination_country": "NO", "reason": "work"},
        follow=True,
    )
    assert "The move was recorded for 1 person." in response.content.decode()


def test_other_apps_links_show_only_in_sections_the_user_may_read(world, login, monkeypatch):
    """An app's link for a person's page sits in its section's card, and only for those who may read it."""
    from types import SimpleNamespace

    from lagrundt.core import plugins
    from lagrundt.core.plugins import PersonLink

    def links(user, person):
        return [
            PersonLink(2, "education", f"/skole/{person.pk}/", "Skoleplan"),
            PersonLink(1, "education", f"/skole/{person.pk}/tidligere/", "Tidligere skoler"),
            PersonLink(1, "health", f"/helse/{person.pk}/", "Helsekort"),
        ]

    real = plugins.app_modules
    monkeypatch.setattr(
        plugins,
        "app_modules",
        lambda name: (SimpleNamespace(links=links),) if name == "person_page" else real(name),
    )
    child = world.persons["school_child"]
    page = login(world, "school").get(reverse("people:person_detail", args=[child.pk])).content.decode()
    assert page.index("Tidligere skoler") < page.index("Skoleplan")  # in the links' order
    assert f"/skole/{child.pk}/" in page
    assert "Helsekort" not in page
    page = login(world, "health").get(reverse("people:person_detail", args=[child.pk])).content.decode()
    assert "Helsekort" in page and "Skoleplan" not in page


# ---------------------------------------------------------------------------- name and contact only
def test_culture_sees_neither_the_national_id_nor_the_household(world, login):
    """Culture and leisure (and the volunteer centre) get the name and contact of who consented, not
    the national ID and nothing that links the person to a household; the integration service gets all."""
    adult = world.persons["adult"]
    household = adult.household
    url = reverse("people:person_detail", args=[adult.pk])
    for key in ("culture", "volunteer"):
        page = login(world, key).get(url).content.decode()
        assert "Abeba" in page
        assert adult.national_id not in page and "Fødselsnummer" not in page
        assert household.name not in page
        assert reverse("people:household_detail", args=[household.pk]) not in page
        assert "Dawit" not in page  # no family members
        listed = login(world, key).get(reverse("people:person_list")).content.decode()
        assert "Abeba" in listed
        assert household.name not in listed and '<th scope="col">Husstand</th>' not in listed
        assert adult.national_id not in listed
        assert 'for="search-q">Navn</label>' in listed
        assert (
            login(world, key).get(reverse("people:household_detail", args=[household.pk])).status_code == 404
        )
    page = login(world, "integration").get(url).content.decode()
    assert adult.national_id in page
    assert reverse("people:household_detail", args=[household.pk]) in page and household.name in page
    listed = login(world, "integration").get(reverse("people:person_list")).content.decode()
    assert household.name in listed and '<th scope="col">Husstand</th>' in listed


def test_a_national_id_shown_is_a_read_of_its_own_section(world, login):
    from lagrundt.access.models import AuditAction, AuditChannel, AuditEntry

    adult = world.persons["adult"]
    for key in ("integration", "culture"):
        login(world, key).get(reverse("people:person_detail", args=[adult.pk]))
        sections = set(
            AuditEntry.objects.filter(
                person_id=adult.pk,
                username=world.users[key].username,
                action=AuditAction.READ,
                channel=AuditChannel.PAGE,
            ).values_list("section", flat=True)
        )
        assert ("national_id" in sections) is (key == "integration"), key
        assert "family" not in sections or key == "integration"


def test_the_search_by_national_id_is_no_oracle_for_culture(world, login):
    """A number that belongs to a person culture sees finds nobody for culture, as a number of nobody."""
    adult = world.persons["adult"]
    for key, found in (("culture", False), ("volunteer", False), ("integration", True), ("nav", True)):
        response = login(world, key).get(reverse("people:person_list"), {"q": adult.national_id})
        assert response.status_code == 200
        assert (adult.pk in {p.pk for p, *_rest in response.context["rows"]}) is found, key


def test_the_identity_form_offers_the_national_id_to_who_may_change_it(world, login):
    adult = world.persons["adult"]
    page = login(world, "integration").get(reverse("people:person_edit_identity", args=[adult.pk]))
    assert "national_id" in page.context["form"].fields
    from lagrundt.people.forms import IdentityForm

    assert "national_id" not in IdentityForm(instance=adult, national_id=False).fields
