"""This part's answers to the app's plug-in hooks (``core.plugins``), gathered by the app-level modules."""

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lagrundt.access.audit import Actor
from lagrundt.access.resources import WELCOME_MEETINGS
from lagrundt.access.sections import Section
from lagrundt.core.plugins import Entry, PersonLink, SubjectPart, SubjectRecord, SubjectRow

from ..models import WelcomeInvitation, WelcomeLetterSent, WelcomeLetterTemplate, WelcomeMeeting


def entries(user) -> list:
    if WELCOME_MEETINGS.user_has_permission(user, "view"):
        return [
            Entry(
                "welcome",
                reverse("community:welcome_index"),
                _("Welcome"),
                _("Welcome letters in the household's languages, and welcome meetings with invitations."),
            )
        ]
    return []


def links(user, person) -> list:
    return [
        PersonLink(
            40,
            Section.COMMUNITY,
            reverse("community:welcome_person", args=[person.pk]),
            _("Welcome"),
            _("The welcome letter and the welcome meetings."),
        )
    ]


def _integration_user(municipality):
    from lagrundt.tenancy.models import Membership, Sector

    membership = (
        Membership.objects.filter(sector=Sector.INTEGRATION_SERVICE, unit__municipalities=municipality)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return membership.user if membership else None


def load(today, seed, out) -> None:
    """The Ål and Hemsedal letters from the profiles, two past welcome meetings per municipality with
    invitations and attendance, and letters sent to some households. Re-runnable."""
    from lagrundt.access import policy
    from lagrundt.people.models import Person
    from lagrundt.tenancy.models import Municipality

    from . import services
    from .profiles import letter_profiles

    today = min(today, timezone.localdate())
    counts = {"letters": 0, "meetings": 0, "sent": 0}
    profiles = letter_profiles()
    for municipality in Municipality.objects.filter(number__in=profiles).order_by("number"):
        user = _integration_user(municipality)
        if user is None:
            continue
        actor = Actor(user, detail="demo")
        with transaction.atomic():
            for language, (title, body) in profiles[municipality.number].letters.items():
                if not WelcomeLetterTemplate.objects.filter(
                    municipality=municipality, language=language
                ).exists():
                    services.letter_template_save(
                        actor=actor,
                        municipality=municipality,
                        data={"language": language, "title": title, "body": body},
                    )
                    counts["letters"] += 1
            if not WelcomeMeeting.objects.filter(municipality=municipality).exists():
                visible = policy.visible_to(user)
                for n, days in enumerate((200, 30)):
                    meeting = services.meeting_create(
                        actor=actor,
                        municipality=municipality,
                        data={
                            "held_on": today - dt.timedelta(days=days),
                            "place": "Kulturhuset" if n else "Biblioteket",
                            "programme": "Middag, informasjon og omvisning.",
                        },
                        visible=visible,
                    )
                    invitations = list(meeting.invitations.select_related("person"))
                    services.attendance_save(
                        actor=actor,
                        meeting=meeting,
                        came=[i.person_id for k, i in enumerate(invitations) if k % 3 != 2],
                        invitations=invitations,
                    )
                    counts["meetings"] += 1
            households_done = set(
                WelcomeLetterSent.objects.filter(municipality=municipality).values_list(
                    "household_id", flat=True
                )
            )
            persons = (
                Person.objects.filter(
                    municipality=municipality, moved_out_on__isnull=True, household__isnull=False
                )
                .exclude(household_id__in=[h for h in households_done if h])
                .select_related("household", "municipality", "settlement")
                .order_by("household_id", "pk")
            )
            seen: set[int] = set()
            for person in persons:
                if person.household_id in seen or len(seen) >= 4:
                    continue
                seen.add(person.household_id)
                settled = getattr(person, "settlement", None)
                sent_on = min(settled.settled_on + dt.timedelta(days=14), today) if settled else today
                services.letter_sent_add(actor=actor, person=person, data={"sent_on": sent_on})
                counts["sent"] += 1
    out.write(
        f"Velkomst: {counts['letters']} nye brevmalar, {counts['meetings']} nye velkomsttreff, "
        f"{counts['sent']} brev sende."
    )


def subject_access(person, sections) -> list:
    if Section.COMMUNITY not in sections:
        return []
    records = []
    from django.db.models import Q

    q = Q(person=person) | (Q(household_id=person.household_id) if person.household_id else Q(pk__in=[]))
    for sent in WelcomeLetterSent.objects.filter(q).order_by("sent_on", "pk"):
        records.append(SubjectRecord.of(_("Welcome letter sent"), sent, ("sent_on",)))
    invitations = WelcomeInvitation.objects.filter(person=person).select_related("meeting")
    for invitation in invitations.order_by("meeting__held_on"):
        rows = [
            SubjectRow(_("Date"), invitation.meeting.held_on),
            SubjectRow(_("Place"), invitation.meeting.place),
        ]
        if invitation.attended is not None:
            rows.append(SubjectRow(_("Attended"), _("Yes") if invitation.attended else _("No")))
        records.append(SubjectRecord(_("Invitation to a welcome meeting"), tuple(rows)))
    return [SubjectPart(Section.COMMUNITY, tuple(records))] if records else []


def anonymise(section, person_ids, dry_run) -> list:
    """Letters sent and invitations hold no free text about the person: nothing to empty."""
    return []


def definitions() -> list:
    """This part's indicators for the action plans (``core.measurement.Indicator``)."""
    return []
