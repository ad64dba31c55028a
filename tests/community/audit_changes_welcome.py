"""Audited changes of the community part welcome (imported by tests/access/test_record_change.py)."""

import datetime as dt

from django.utils import timezone

from lagrundt.community.models import WelcomeInvitation, WelcomeMeeting
from lagrundt.community.welcome import services as welcome
from tests.access.test_record_change import change


@change("community.WelcomeLetterSent", welcome.letter_sent_add)
def welcome_letter_sent(s, service):
    # The participant lives alone: one entry (a household's letter writes one per member).
    return service(actor=s.actor, person=s.participant, data={"sent_on": timezone.localdate()})


def _invited(s):
    today = timezone.localdate()
    meeting = WelcomeMeeting.objects.create(
        municipality=s.world.hemsedal, held_on=today - dt.timedelta(days=1), place="Kulturhuset"
    )
    WelcomeInvitation.objects.create(meeting=meeting, person=s.participant, invited_on=today)
    s.keep("welcome_meeting", meeting)


@change("community.WelcomeInvitation", welcome.attendance_save, prepare=_invited)
def welcome_meeting_attended(s, service):
    meeting = s.made["welcome_meeting"]
    return service(
        actor=s.actor, meeting=meeting, came=[s.participant.pk], invitations=list(meeting.invitations.all())
    )
