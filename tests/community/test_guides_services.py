"""Volunteers and guide pairs through their services: consent, the children rule, dates, and the audit."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from lagrundt.access.audit import Actor
from lagrundt.access.models import AuditAction, AuditEntry
from lagrundt.access.sections import Section
from lagrundt.community.guides import selectors, services
from lagrundt.community.models import GuideMeeting, GuidePair, PairEnd, Volunteer
from lagrundt.leisure.models import Interest
from lagrundt.people.models import Household, Person

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def today() -> dt.date:
    return timezone.localdate()


def days(n: int) -> dt.date:
    return today() + dt.timedelta(days=n)


def actor(world, key="volunteer") -> Actor:
    return Actor(world.users[key], detail="test")


def volunteer_data(world, **changes):
    data = {
        "municipality": world.hemsedal,
        "given_name": "Kari",
        "family_name": "Nordmann",
        "phone": "",
        "email": "",
        "languages": ["ti"],
        "interests": [],
        "area": "Ulsåk",
        "availability": ["weekend"],
        "children_birth_years": [today().year - 7],
        "works_with_children": True,
        "police_certificate_seen_on": days(-10),
        "consent": True,
    }
    data.update(changes)
    return data


@pytest.fixture
def volunteer(world):
    return services.volunteer_save(actor=actor(world), data=volunteer_data(world))


def test_a_volunteer_is_registered_with_consent_dated_today_and_audited(world):
    before = AuditEntry.objects.count()
    football = Interest.objects.create(municipality=world.hemsedal, key="football", name="Football")
    v = services.volunteer_save(actor=actor(world), data=volunteer_data(world, interests=[football]))
    assert v.consent_given_on == today()
    assert list(v.interests.all()) == [football]
    entries = AuditEntry.objects.order_by("pk")[before:]
    assert len(entries) == 1
    entry = entries[0]
    assert (entry.action, entry.municipality_id, entry.person_id, entry.section) == (
        AuditAction.CREATE,
        world.hemsedal.pk,
        None,
        "",
    )
    # Names and birth years are content: logged as changed, never their values.
    assert entry.changes["given_name"] == {"changed": True}
    assert "Kari" not in str(entry.changes)


def test_a_volunteer_without_consent_is_refused_and_nothing_is_saved(world):
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.volunteer_save(actor=actor(world), data=volunteer_data(world, consent=False))
    assert "consent" in refused.value.message_dict
    assert not Volunteer.objects.exists()
    assert AuditEntry.objects.count() == before


def test_working_with_children_needs_a_police_certificate_seen_not_in_the_future(world):
    with pytest.raises(ValidationError) as refused:
        services.volunteer_save(
            actor=actor(world), data=volunteer_data(world, police_certificate_seen_on=None)
        )
    assert "police_certificate_seen_on" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.volunteer_save(
            actor=actor(world), data=volunteer_data(world, police_certificate_seen_on=days(1))
        )
    assert "police_certificate_seen_on" in refused.value.message_dict
    assert not Volunteer.objects.exists()
    ok = services.volunteer_save(
        actor=actor(world),
        data=volunteer_data(world, works_with_children=False, police_certificate_seen_on=None),
    )
    assert ok.pk


def test_birth_years_interests_and_languages_are_checked(world):
    other = Interest.objects.create(municipality=world.aal, key="ski", name="Ski")
    old = Interest.objects.create(municipality=world.hemsedal, key="old", name="Old", active=False)
    with pytest.raises(ValidationError) as refused:
        services.volunteer_save(
            actor=actor(world),
            data=volunteer_data(
                world, children_birth_years=[today().year + 1], interests=[other, old], languages=["xx"]
            ),
        )
    assert set(refused.value.message_dict) == {"children_birth_years", "interests", "languages"}


def test_a_pair_with_a_person_who_consented(world, volunteer):
    adult = world.persons["adult"]
    before = AuditEntry.objects.count()
    pair = services.pair_make(
        actor=actor(world),
        volunteer=volunteer,
        person=adult,
        data={"kind": "buddy", "starts_on": today()},
        reasons=["language:ti"],
        children=True,
    )
    assert (pair.person, pair.kind, pair.reasons) == (adult, "buddy", ["language:ti"])
    entries = list(AuditEntry.objects.order_by("pk")[before:])
    assert [(e.person_id, e.section, e.action) for e in entries] == [
        (adult.pk, Section.COMMUNITY, AuditAction.CREATE)
    ]


def test_a_pair_with_a_person_who_did_not_consent_is_refused(world, volunteer):
    spouse = world.persons["spouse"]
    with pytest.raises(ValidationError) as refused:
        services.pair_make(actor=actor(world, "integration"), volunteer=volunteer, person=spouse, data={})
    assert "has not consented" in " ".join(refused.value.messages)
    assert not GuidePair.objects.exists()


def test_a_household_needs_one_member_who_consented(world, volunteer):
    family = Household.objects.get(pk=world.persons["adult"].household_id)
    pair = services.pair_make(
        actor=actor(world, "integration"), volunteer=volunteer, household=family, data={}, children=True
    )
    # The household's pair is each resident member's: one entry each.
    members = family.members.count()
    assert AuditEntry.objects.filter(action=AuditAction.CREATE, section=Section.COMMUNITY).count() == members
    assert pair.household == family
    nobody = Household.objects.create(name="Familien Tesfay", municipality=world.hemsedal)
    Person.objects.filter(pk=world.persons["gol_adult"].pk).update(
        household=nobody, municipality=world.hemsedal
    )
    with pytest.raises(ValidationError) as refused:
        services.pair_make(actor=actor(world, "integration"), volunteer=volunteer, household=nobody, data={})
    assert "No one in the household has consented" in " ".join(refused.value.messages)
    assert GuidePair.objects.count() == 1


def test_an_ended_volunteer_or_one_not_cleared_for_children_is_refused(world, volunteer):
    adult = world.persons["adult"]
    uncleared = services.volunteer_save(
        actor=actor(world),
        data=volunteer_data(
            world, given_name="Ola", works_with_children=False, police_certificate_seen_on=None
        ),
    )
    with pytest.raises(ValidationError) as refused:
        services.pair_make(actor=actor(world), volunteer=uncleared, person=adult, data={}, children=True)
    assert "police certificate" in " ".join(refused.value.messages)
    services.volunteer_end(actor=actor(world), volunteer=volunteer, ended_on=today())
    with pytest.raises(ValidationError) as refused:
        services.pair_make(actor=actor(world), volunteer=volunteer, person=adult, data={}, children=True)
    assert "no longer a volunteer" in " ".join(refused.value.messages)
    assert not GuidePair.objects.exists()


@pytest.fixture
def pair(world, volunteer):
    return services.pair_make(
        actor=actor(world),
        volunteer=volunteer,
        person=world.persons["adult"],
        data={"starts_on": days(-30)},
        children=True,
    )


def test_meetings_are_dates_not_in_the_future_not_before_the_start_once_a_day(world, pair):
    with pytest.raises(ValidationError) as refused:
        services.meeting_add(actor=actor(world), pair=pair, held_on=days(1))
    assert refused.value.message_dict["held_on"] == ["The date cannot be in the future."]
    with pytest.raises(ValidationError):
        services.meeting_add(actor=actor(world), pair=pair, held_on=days(-31))
    services.meeting_add(actor=actor(world), pair=pair, held_on=days(-3))
    with pytest.raises(ValidationError) as refused:
        services.meeting_add(actor=actor(world), pair=pair, held_on=days(-3))
    assert "already logged" in " ".join(refused.value.messages)
    assert list(GuideMeeting.objects.values_list("held_on", flat=True)) == [days(-3)]


def test_a_pair_ends_with_a_reason_not_before_it_started(world, pair):
    with pytest.raises(ValidationError) as refused:
        services.pair_end(
            actor=actor(world), pair=pair, data={"ends_on": days(-31), "end_reason": "completed"}
        )
    assert "ends_on" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.pair_end(actor=actor(world), pair=pair, data={"ends_on": days(-1), "end_reason": ""})
    assert "end_reason" in refused.value.message_dict
    pair.refresh_from_db()
    assert pair.ends_on is None
    services.pair_end(actor=actor(world), pair=pair, data={"ends_on": days(-1), "end_reason": "moved"})
    pair.refresh_from_db()
    assert (pair.ends_on, pair.end_reason) == (days(-1), PairEnd.MOVED)


def test_ending_a_volunteer_ends_their_pairs_and_withdrawn_consent_clears_their_details(
    world, pair, volunteer
):
    services.volunteer_end(actor=actor(world), volunteer=volunteer, ended_on=today(), consent_withdrawn=True)
    pair.refresh_from_db()
    volunteer.refresh_from_db()
    assert (pair.ends_on, pair.end_reason) == (today(), PairEnd.CONSENT_WITHDRAWN)
    assert (volunteer.languages, volunteer.area, volunteer.children_birth_years) == ([], "", [])


def test_withdrawn_consent_hides_the_person_and_their_pairs_from_the_volunteer_centre(world, pair):
    user = world.users["volunteer"]
    assert list(selectors.pairs_visible_to(user)) == [pair]
    Person.objects.filter(pk=world.persons["adult"].pk).update(consents_to_leisure_contact=False)
    assert not selectors.pairs_visible_to(user).exists()
    # The integration service still follows it.
    assert list(selectors.pairs_visible_to(world.users["integration"])) == [pair]
