"""Withdrawn consent ends the person's guide pairs at once, and their household's when no other member
still consents: the volunteer centre can no longer see them, so the pair cannot stay open."""

import datetime as dt

import pytest
from django.utils import timezone

from lagrundt.access.audit import Actor
from lagrundt.access.models import AuditEntry
from lagrundt.access.sections import Section
from lagrundt.community.guides import services
from lagrundt.community.models import GuidePair, PairEnd
from lagrundt.people import services as people

pytestmark = pytest.mark.django_db


def _pairs(world):
    today = timezone.localdate()
    actor = Actor(world.users["volunteer"], detail="test")
    volunteer = services.volunteer_save(
        actor=actor,
        data={
            "municipality": world.hemsedal,
            "given_name": "Kari",
            "family_name": "Nordmann",
            "works_with_children": True,
            "police_certificate_seen_on": today - dt.timedelta(days=3),
            "consent": True,
        },
    )
    adult = world.persons["adult"]
    started = today - dt.timedelta(days=10)
    alone = services.pair_make(actor=actor, volunteer=volunteer, person=adult, data={"starts_on": started})
    family = services.pair_make(
        actor=actor,
        volunteer=volunteer,
        household=adult.household,
        data={"starts_on": started},
        children=True,
    )
    return adult, alone, family


def _withdraw(world, person):
    return people.person_update_identity(
        actor=Actor(world.users["integration"], detail="test"),
        person=person,
        data={"consents_to_leisure_contact": False},
    )


def test_withdrawn_consent_ends_the_persons_and_the_households_pairs(world):
    adult, alone, family = _pairs(world)
    _withdraw(world, adult)
    for pair in (alone, family):
        pair.refresh_from_db()
        assert (pair.ends_on, pair.end_reason) == (timezone.localdate(), PairEnd.CONSENT_WITHDRAWN)
    ended = AuditEntry.objects.filter(
        person_id=adult.pk, section=Section.COMMUNITY, changes__end_reason__new=PairEnd.CONSENT_WITHDRAWN
    )
    assert ended.count() == 2  # the person's pair, and the household's in her name
    assert ended.first().user_id == world.users["integration"].pk


def test_the_households_pair_stays_while_another_member_consents(world):
    adult, alone, family = _pairs(world)
    spouse = world.persons["spouse"]
    people.person_update_identity(
        actor=Actor(world.users["integration"], detail="test"),
        person=spouse,
        data={"consents_to_leisure_contact": True},
    )
    _withdraw(world, adult)
    alone.refresh_from_db()
    family.refresh_from_db()
    assert alone.end_reason == PairEnd.CONSENT_WITHDRAWN
    assert family.ends_on is None
    assert GuidePair.objects.filter(ends_on__isnull=True).count() == 1
