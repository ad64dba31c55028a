"""Audited changes of the community part follow_up (imported by tests/access/test_record_change.py)."""

from django.utils import timezone

from lagrundt.community.follow_up import services as follow_up
from lagrundt.community.models import FOLLOW_UP_THEMES
from tests.access.test_record_change import change


@change("community.FollowUpTalk", follow_up.follow_up_save)
def follow_up_talk_held(s, service):
    data = {**dict.fromkeys(FOLLOW_UP_THEMES, "mixed"), "years_after": 3, "held_on": timezone.localdate()}
    data["stay"] = "unsure"
    return service(actor=s.actor, person=s.participant, data=data)
