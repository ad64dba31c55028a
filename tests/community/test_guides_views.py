"""The volunteer centre's pages: registering, suggestions with reasons, pairing, meetings, statistics."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from lagrundt.access.audit import Actor
from lagrundt.access.models import AuditAction, AuditEntry
from lagrundt.access.sections import Section
from lagrundt.community.guides import plugins, services
from lagrundt.community.models import GuideMeeting, GuidePair, Volunteer
from lagrundt.leisure.models import Interest
from lagrundt.people.models import Person

pytestmark = pytest.mark.django_db


def english(client):
    client.cookies.load({"django_language": "en"})
    return client


def day(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


def make_volunteer(world, given="Kari", **changes):
    data = {
        "municipality": world.hemsedal,
        "given_name": given,
        "family_name": "Nordmann",
        "languages": ["ti"],
        "area": "Ulsåk",
        "children_birth_years": [day(0).year - 8],
        "works_with_children": True,
        "police_certificate_seen_on": day(-5),
        "consent": True,
    }
    data.update(changes)
    return services.volunteer_save(actor=Actor(world.users["volunteer"]), data=data)


def test_registering_without_consent_keeps_what_was_typed_and_saves_nothing(world, login):
    client = english(login(world, "volunteer"))
    football = Interest.objects.create(municipality=world.hemsedal, key="football", name="Football")
    form = {
        "given_name": "Kari",
        "family_name": "Nordmann",
        "municipality": world.hemsedal.pk,
        "languages": ["ti", "ar"],
        "interests": [football.pk],
        "children_birth_years": "2015, 2019",
        "works_with_children": "on",
        "police_certificate_seen_on": day(-3).isoformat(),
    }
    response = client.post(reverse("community:guide_volunteer_create"), form)
    assert response.status_code == 200
    page = response.content.decode()
    assert "A volunteer can only be registered with their consent." in page
    assert 'value="Kari"' in page and "2015, 2019" in page
    assert not Volunteer.objects.exists()
    response = client.post(reverse("community:guide_volunteer_create"), {**form, "consent": "on"})
    assert response.status_code == 302
    v = Volunteer.objects.get()
    assert (v.languages, v.children_birth_years, v.consent_given_on) == (["ar", "ti"], [2015, 2019], day(0))
    assert list(v.interests.all()) == [football]


def test_bad_birth_years_and_a_missing_certificate_are_told(world, login):
    client = english(login(world, "volunteer"))
    response = client.post(
        reverse("community:guide_volunteer_create"),
        {
            "given_name": "Ola",
            "family_name": "Nordmann",
            "municipality": world.hemsedal.pk,
            "children_birth_years": "twenty",
            "works_with_children": "on",
            "consent": "on",
        },
    )
    page = response.content.decode()
    assert "four-digit years" in page
    assert not Volunteer.objects.exists()
    response = client.post(
        reverse("community:guide_volunteer_create"),
        {
            "given_name": "Ola",
            "family_name": "Nordmann",
            "municipality": world.hemsedal.pk,
            "works_with_children": "on",
            "consent": "on",
        },
    )
    assert "Give the day the police certificate was seen" in response.content.decode()
    assert not Volunteer.objects.exists()


def test_the_volunteer_centre_pairs_a_guide_from_the_suggestions_with_reasons(world, login):
    adult = world.persons["adult"]
    Person.objects.filter(pk=adult.pk).update(languages=["ti"], address="Ulsåkvegen 2")
    kari = make_volunteer(world)
    make_volunteer(world, "Ola", works_with_children=False, police_certificate_seen_on=None)
    client = english(login(world, "volunteer"))
    page = client.get(reverse("community:guide_person_suggest", args=[adult.pk])).content.decode()
    assert "Nordmann, Kari" in page
    # The family has children: a volunteer without a police certificate is not suggested.
    assert "Nordmann, Ola" not in page
    assert "Speaks" in page and "Lives in Ulsåk" in page and "Has children of similar ages" in page
    url = reverse("community:guide_person_pair", args=[adult.pk, kari.pk])
    response = client.post(url, {"kind": "guide", "starts_on": day(-7).isoformat()})
    assert response.status_code == 302
    pair = GuidePair.objects.get()
    assert (pair.person_id, pair.volunteer_id) == (adult.pk, kari.pk)
    assert pair.reasons == ["language:ti", "area:Ulsåk", "children"]
    # A meeting, then the same day again: told, not saved twice.
    meeting = reverse("community:guide_pair_meeting", args=[pair.pk])
    client.post(meeting, {"held_on": day(-1).isoformat()})
    response = client.post(meeting, {"held_on": day(-1).isoformat()}, follow=True)
    assert "A meeting on that day is already logged." in response.content.decode()
    assert GuideMeeting.objects.count() == 1
    response = client.post(meeting, {"held_on": day(2).isoformat()}, follow=True)
    assert "The date cannot be in the future." in response.content.decode()
    page = client.get(reverse("community:guide_pair", args=[pair.pk])).content.decode()
    assert day(-1).strftime("%d.%m.%Y") in page
    assert "Lives in Ulsåk" in page


def test_a_person_who_did_not_consent_gets_no_pair_and_is_hidden_from_the_volunteer_centre(world, login):
    spouse = world.persons["spouse"]
    kari = make_volunteer(world)
    client = english(login(world, "integration"))
    page = client.get(reverse("community:guide_person_suggest", args=[spouse.pk])).content.decode()
    assert "No consent to contact from the volunteer centre" in page
    response = client.post(
        reverse("community:guide_person_pair", args=[spouse.pk, kari.pk]),
        {"kind": "guide", "starts_on": day(0).isoformat()},
    )
    assert response.status_code == 200
    assert "has not consented" in response.content.decode()
    assert not GuidePair.objects.exists()
    volunteer_client = english(login(world, "volunteer"))
    assert volunteer_client.get(reverse("community:guide_person", args=[spouse.pk])).status_code == 404


def test_withdrawing_consent_hides_the_pair_at_once(world, login):
    adult = world.persons["adult"]
    kari = make_volunteer(world)
    pair = services.pair_make(
        actor=Actor(world.users["volunteer"]), volunteer=kari, person=adult, data={}, children=True
    )
    client = english(login(world, "volunteer"))
    assert client.get(reverse("community:guide_pair", args=[pair.pk])).status_code == 200
    assert "Haile, Abeba" in client.get(reverse("community:guide_pairs")).content.decode()
    Person.objects.filter(pk=adult.pk).update(consents_to_leisure_contact=False, leisure_consent_on=None)
    assert client.get(reverse("community:guide_pair", args=[pair.pk])).status_code == 404
    assert "Haile, Abeba" not in client.get(reverse("community:guide_pairs")).content.decode()
    page = client.get(reverse("community:guide_volunteer", args=[kari.pk])).content.decode()
    assert "Haile" not in page and "One more pair with a person you cannot see." in page


def test_pages_record_reads_of_the_persons_shown(world, login):
    adult = world.persons["adult"]
    kari = make_volunteer(world)
    services.pair_make(
        actor=Actor(world.users["volunteer"]), volunteer=kari, person=adult, data={}, children=True
    )
    client = login(world, "volunteer")
    last = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first()
    client.get(reverse("community:guide_pairs"))
    reads = AuditEntry.objects.filter(pk__gt=last, action=AuditAction.READ)
    assert list(reads.values_list("person_id", "section")) == [(adult.pk, Section.COMMUNITY)]


def test_the_household_page_suggests_for_the_family(world, login):
    household = world.persons["adult"].household
    Person.objects.filter(pk=world.persons["adult"].pk).update(languages=["ti"])
    make_volunteer(world)
    client = english(login(world, "volunteer"))
    page = client.get(reverse("community:guide_household", args=[household.pk])).content.decode()
    # The volunteer centre sees only the member who consented.
    assert "Haile, Abeba" in page and "Haile, Dawit" not in page
    page = client.get(reverse("community:guide_household_suggest", args=[household.pk])).content.decode()
    assert "Nordmann, Kari" in page


def test_leadership_sees_protected_statistics_only(world, login):
    for i in range(6):
        make_volunteer(world, "Kari" + "abcdef"[i])
    client = english(login(world, "leadership"))
    page = client.get(reverse("community:guide_statistics")).content.decode()
    assert "Hemsedal" in page and ">6<" in page
    assert "Kari" not in page
    assert client.get(reverse("community:guide_volunteers")).status_code == 404
    [entry] = plugins.entries(world.users["leadership"])
    assert entry.url == reverse("community:guide_statistics")


def test_the_menu_entry_and_the_person_link(world):
    [entry] = plugins.entries(world.users["volunteer"])
    assert (entry.key, entry.url) == ("volunteers", reverse("community:guide_volunteers"))
    assert plugins.entries(world.users["health"]) == []
    [link] = plugins.links(world.users["volunteer"], world.persons["adult"])
    assert link.section == Section.COMMUNITY


def test_the_person_page_links_the_guides_for_who_reads_the_section(world, login):
    adult = world.persons["adult"]
    url = reverse("community:guide_person", args=[adult.pk])
    page = english(login(world, "volunteer")).get(reverse("people:person_detail", args=[adult.pk]))
    assert url in page.content.decode()
    page = english(login(world, "nav")).get(reverse("people:person_detail", args=[adult.pk]))
    assert page.status_code == 200 and url not in page.content.decode()


def test_a_volunteer_is_changed_and_ended_through_the_forms(world, login):
    kari = make_volunteer(world)
    pair = services.pair_make(
        actor=Actor(world.users["volunteer"]),
        volunteer=kari,
        person=world.persons["adult"],
        data={},
        children=True,
    )
    client = english(login(world, "volunteer"))
    edit = reverse("community:guide_volunteer_edit", args=[kari.pk])
    form = client.get(edit).content.decode()
    assert 'value="Ulsåk"' in form and "consents to being registered" not in form
    response = client.post(
        edit,
        {
            "given_name": "Kari",
            "family_name": "Nordmann",
            "municipality": world.hemsedal.pk,
            "languages": ["ti"],
            "area": "Tuv",
            "children_birth_years": "",
            "works_with_children": "on",
            "police_certificate_seen_on": day(-5).isoformat(),
        },
    )
    assert response.status_code == 302
    kari.refresh_from_db()
    assert (kari.area, kari.children_birth_years, kari.consent_given_on) == ("Tuv", [], day(0))
    response = client.post(
        reverse("community:guide_volunteer_end", args=[kari.pk]), {"ended_on": day(1).isoformat()}
    )
    assert "The date cannot be in the future." in response.content.decode()
    response = client.post(
        reverse("community:guide_volunteer_end", args=[kari.pk]),
        {"ended_on": day(0).isoformat(), "consent_withdrawn": "on"},
    )
    assert response.status_code == 302
    kari.refresh_from_db()
    pair.refresh_from_db()
    assert (kari.ended_on, kari.area, pair.end_reason) == (day(0), "", "consent_withdrawn")
    page = client.get(reverse("community:guide_volunteers")).content.decode()
    assert "Nordmann, Kari" not in page
    page = client.get(reverse("community:guide_volunteers") + "?status=ended").content.decode()
    assert "Nordmann, Kari" in page
