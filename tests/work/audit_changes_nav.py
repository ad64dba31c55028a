"""Nav's record in the central audit test (tests/access/test_record_change.py imports this module):
each change through its service writes one audit entry."""

import datetime as dt

from django.utils import timezone

from lagrundt.access.audit import Actor
from lagrundt.work import services as work
from tests.access.test_record_change import change


def _nav(s) -> Actor:
    return Actor(s.world.users["nav"], detail="test")


@change("work.NavFollowUp", work.nav_follow_up_save)
def nav_follow_up(s, service):
    data = {
        "contact_person": "Kari Veileder",
        "transition_meeting_on": timezone.localdate() - dt.timedelta(days=3),
    }
    return service(actor=_nav(s), person=s.person("adult"), data=data)


@change("work.NavStatus", work.nav_status_save)
def nav_status(s, service):
    data = {"status": "measure", "from_date": timezone.localdate() - dt.timedelta(days=60), "to_date": None}
    return s.keep("nav_status", service(actor=_nav(s), person=s.person("adult"), data=data))


@change("work.NavStatus", work.nav_status_save)
def nav_status_changed_by_a_new_one(s, service):
    """A new current status ends the current one: one change, one entry."""
    data = {"status": "work", "from_date": timezone.localdate() - dt.timedelta(days=5), "to_date": None}
    return service(actor=_nav(s), person=s.person("adult"), data=data)


@change("work.NavStatus", work.nav_status_remove)
def nav_status_removed(s, service):
    return service(actor=_nav(s), person=s.person("adult"), pk=s.made["nav_status"].pk)
