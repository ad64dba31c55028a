"""Audited changes of the community part guides (imported by tests/access/test_record_change.py).

A pair is the COMMUNITY section of its person (one entry) or of every member of its household (one
each: the Haile family has five); a meeting is one entry; ending a pair one. The volunteer is no
refugee's data: made in ``prepare``, not counted here."""

import datetime as dt

from django.utils import timezone

from lagrundt.community.guides import services as guides
from lagrundt.community.models import GuidePair, Volunteer
from tests.access.test_record_change import change


def _volunteer(s) -> Volunteer:
    found = s.made.get("guide_volunteer")
    if found is None:
        found = s.keep(
            "guide_volunteer",
            guides.volunteer_save(
                actor=s.actor,
                data={
                    "municipality": s.world.hemsedal,
                    "given_name": "Kari",
                    "family_name": "Nordmann",
                    "languages": ["ti"],
                    "works_with_children": True,
                    "police_certificate_seen_on": timezone.localdate() - dt.timedelta(days=5),
                    "consent": True,
                },
            ),
        )
    return found


@change("community.GuidePair", guides.pair_make, prepare=_volunteer)
def guide_paired(s, service):
    pair = service(
        actor=s.actor,
        volunteer=_volunteer(s),
        person=s.person("adult"),
        data={"starts_on": timezone.localdate() - dt.timedelta(days=20)},
        children=True,
    )
    return s.keep("guide_pair", pair)


@change("community.GuidePair", guides.pair_make, entries=5, prepare=_volunteer)
def guide_paired_with_a_household(s, service):
    family = s.person("adult").household
    return service(actor=s.actor, volunteer=_volunteer(s), household=family, data={}, children=True)


@change("community.GuideMeeting", guides.meeting_add)
def guide_meeting_logged(s, service):
    return service(
        actor=s.actor, pair=s.made["guide_pair"], held_on=timezone.localdate() - dt.timedelta(days=2)
    )


@change("community.GuidePair", guides.pair_end)
def guide_pair_ended(s, service):
    pair = GuidePair.objects.get(pk=s.made["guide_pair"].pk)
    return service(
        actor=s.actor, pair=pair, data={"ends_on": timezone.localdate(), "end_reason": "completed"}
    )
