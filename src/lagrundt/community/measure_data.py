"""The work of everyday integration that plan measures are carried out by, counted per year: volunteers
registered, guide pairs started and their meetings, welcome letters sent and welcome meetings held, the
persons who came, interpreters used, and follow-up talks held."""

from django.utils.translation import gettext_lazy as _

from lagrundt.core.measurement import count_per_year
from lagrundt.core.plugins import RecordedWork

from .models import (
    FollowUpTalk,
    GuideMeeting,
    GuidePair,
    InterpreterMode,
    InterpreterUse,
    Volunteer,
    WelcomeInvitation,
    WelcomeLetterSent,
    WelcomeMeeting,
)


def _counter(model, municipality: str, date_field: str, distinct: str = "pk", **filters):
    def count(municipality_ids, years) -> dict[int, int]:
        qs = model.objects.filter(**{f"{municipality}__in": list(municipality_ids)}, **filters)
        return count_per_year(qs, date_field, years, distinct=distinct)

    return count


def recorded() -> list[RecordedWork]:
    return [
        RecordedWork(
            "volunteers",
            _("Volunteers registered"),
            _counter(Volunteer, "municipality_id", "consent_given_on"),
        ),
        RecordedWork(
            "guide_pairs",
            _("Guide and buddy pairs started"),
            _counter(GuidePair, "municipality_id", "starts_on"),
            persons=True,
        ),
        RecordedWork(
            "guide_meetings",
            _("Meetings of guide and buddy pairs"),
            _counter(GuideMeeting, "pair__municipality_id", "held_on"),
        ),
        RecordedWork(
            "welcome_letters",
            _("Welcome letters sent"),
            _counter(WelcomeLetterSent, "municipality_id", "sent_on"),
            persons=True,
        ),
        RecordedWork(
            "welcome_meetings",
            _("Welcome meetings held"),
            _counter(WelcomeMeeting, "municipality_id", "held_on"),
        ),
        RecordedWork(
            "welcome_attendance",
            _("Persons who came to a welcome meeting"),
            _counter(
                WelcomeInvitation, "meeting__municipality_id", "meeting__held_on", "person_id", attended=True
            ),
            persons=True,
        ),
        RecordedWork(
            "interpreter_uses",
            _("Meetings with an interpreter"),
            _counter(InterpreterUse, "municipality_id", "held_on", mode__in=_WITH_INTERPRETER),
        ),
        RecordedWork(
            "follow_up_talks",
            _("Follow-up talks after three and five years"),
            _counter(FollowUpTalk, "person__municipality_id", "held_on"),
            persons=True,
        ),
    ]


_WITH_INTERPRETER = [m for m in InterpreterMode.values if m != InterpreterMode.NONE]
