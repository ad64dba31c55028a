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
