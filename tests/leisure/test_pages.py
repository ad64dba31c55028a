"""Leisure's pages: culture sees the leisure of residents who consented and nobody else's, the school
sees only its pupils' support, the forms save through the services and keep what was typed when refused,
and the catalogue filters."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from lagrundt.access.models import AuditEntry
from lagrundt.leisure.models import InterestMapping, Participation, SupportApplication

pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate()


def test_culture_reads_a_consenting_persons_leisure_and_not_anothers(world, login, client, child):
    login(world, "culture")
    assert client.get(reverse("leisure:person", args=[child.pk])).status_code == 200
    teen = world.persons["teen"]  # has not consented
    assert client.get(reverse("leisure:person", args=[teen.pk])).status_code == 404
    assert client.get(reverse("leisure:support", args=[teen.pk])).status_code == 404
    # Withdrawing consent hides the child at once.
    child.consents_to_leisure_contact = False
    child.save(update_fields=["consents_to_leisure_contact"])
    assert client.get(reverse("leisure:person", args=[child.pk])).status_code == 404


def test_the_school_reads_its_pupils_support_but_not_their_leisure(world, login, client, catalogue):
    pupil = world.persons["school_child"]  # no consent: the school sees its pupils regardless
    SupportApplication.objects.create(
        person=pupil, scheme=catalogue["scheme"], applied_on=today(), amount_applied=Decimal(500)
    )
    login(world, "school")
    page = client.get(reverse("leisure:support", args=[pupil.pk]))
    assert page.status_code == 200
    assert "Fritidskassa" in page.content.decode()
    assert reverse("leisure:application_add", args=[pupil.pk]) not in page.content.decode()
    assert client.get(reverse("leisure:person", args=[pupil.pk])).status_code == 404
    assert client.get(reverse("leisure:application_add", args=[pupil.pk])).status_code == 404
    assert AuditEntry.objects.filter(person_id=pupil.pk, section="leisure_support", action="read").exists()


def test_culture_maps_records_taking_part_and_sees_suggestions(world, login, client, catalogue, child):
    login(world, "culture")
    response = client.post(
        reverse("leisure:mapping_edit", args=[child.pk]),
        {"mapped_on": today().isoformat(), "interests": [catalogue["football"].pk], "wishes": "Spille ball"},
    )
    assert response.status_code == 302
    assert InterestMapping.objects.get(person=child).wishes == "Spille ball"
    page = client.get(reverse("leisure:person", args=[child.pk])).content.decode()
    assert "Ballbinge" in page and "Fotballtrening" in page and "Korps" not in page
    assert page.index("Ballbinge") < page.index("Fotballtrening")  # low-threshold first
    response = client.post(
        reverse("leisure:participation_add", args=[child.pk]),
        {"activity": catalogue["club"].pk, "started_on": today().isoformat()},
    )
    assert response.status_code == 302
    taking_part = Participation.objects.get(person=child)
    response = client.post(
        reverse("leisure:participation_stop", args=[child.pk, taking_part.pk]),
        {"stopped_on": (today() - dt.timedelta(days=3)).isoformat()},
    )
    assert response.status_code == 200
    assert "cannot be before the start date" in response.content.decode()
    taking_part.refresh_from_db()
    assert taking_part.stopped_on is None


def test_a_decision_above_the_limit_shows_the_message_and_keeps_what_was_typed(
    world, login, client, catalogue, child
):
    login(world, "culture")
    client.post(
        reverse("leisure:application_add", args=[child.pk]),
        {"scheme": catalogue["scheme"].pk, "applied_on": today().isoformat(), "amount_applied": "1500"},
    )
    application = SupportApplication.objects.get(person=child)
    response = client.post(
        reverse("leisure:decision", args=[child.pk, application.pk]),
        {"decided_on": today().isoformat(), "granted": "yes", "amount_granted": "1500"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "at most" in html and 'value="1500"' in html
    application.refresh_from_db()
    assert application.decided_on is None
    response = client.post(
        reverse("leisure:decision", args=[child.pk, application.pk]),
        {"decided_on": today().isoformat(), "granted": "yes", "amount_granted": "1000"},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.granted and application.amount_granted == Decimal(1000)
    page = client.get(reverse("leisure:support", args=[child.pk]))
    assert page.status_code == 200 and list(page.context["applications"]) == [application]


def test_the_catalogue_filters_by_interest_age_and_low_threshold(world, login, client, catalogue):
    login(world, "culture")
    url = reverse("leisure:catalogue")
    names = lambda response: {a.name for a in response.context["activities"]}  # noqa: E731
    assert names(client.get(url)) == {"Fotballtrening", "Ballbinge", "Korps", "Seniortur"}
    assert names(client.get(url, {"interesse": catalogue["football"].pk})) == {"Fotballtrening", "Ballbinge"}
    assert names(client.get(url, {"alder": "70"})) == {"Ballbinge", "Seniortur"}
    assert names(client.get(url, {"lavterskel": "1", "alder": "abc"})) == {"Ballbinge", "Seniortur"}


def test_culture_adds_an_activity_and_a_bad_age_range_keeps_the_form(world, login, client, catalogue):
    login(world, "culture")
    data = {
        "municipality": world.hemsedal.pk,
        "organisation": "Hemsedal IL",
        "name": "Klatring",
        "age_from": "14",
        "age_to": "10",
        "season": "winter",
        "interests": [catalogue["hiking"].pk],
        "active": "on",
    }
    response = client.post(reverse("leisure:activity_create"), data)
    assert response.status_code == 200 and 'value="Klatring"' in response.content.decode()
    response = client.post(reverse("leisure:activity_create"), {**data, "age_to": "18"})
    assert response.status_code == 302
    page = client.get(reverse("leisure:catalogue"), {"interesse": catalogue["hiking"].pk}).content.decode()
    assert "Klatring" in page


def test_the_menu_entry_is_for_the_catalogues_keepers_only(world):
    from lagrundt.leisure import navigation

    assert [e.key for e in navigation.entries(world.users["culture"])] == ["leisure"]
    assert [e.key for e in navigation.entries(world.users["integration"])] == ["leisure"]
    assert navigation.entries(world.users["school"]) == []
    assert navigation.entries(world.users["leadership"]) == []


def test_the_person_page_links_leisure_to_who_reads_it(world, login, client, child):
    login(world, "school")
    page = client.get(reverse("people:person_detail", args=[child.pk])).content.decode()
    assert f'href="{reverse("leisure:support", args=[child.pk])}"' in page
    assert f'href="{reverse("leisure:person", args=[child.pk])}"' not in page
