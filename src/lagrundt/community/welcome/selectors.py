"""What the welcome pages show: the meetings with their counts, a meeting's invitations (those the user
may see) with the interpreter needs per language, and a person's letters and invitations."""

from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Q

from lagrundt.access import policy
from lagrundt.access.resources import WELCOME_LETTERS, WELCOME_MEETINGS
from lagrundt.access.sections import Section
from lagrundt.people.languages import language_name
from lagrundt.people.models import Person

from ..models import WelcomeInvitation, WelcomeLetterSent, WelcomeLetterTemplate, WelcomeMeeting


def meetings(user):
    return (
        WELCOME_MEETINGS.instances_user_has_permission_for(user, "view")
        .select_related("municipality")
        .annotate(
            invited=Count("invitations"),
            came=Count("invitations", filter=Q(invitations__attended=True)),
        )
        .order_by("-held_on", "-pk")
    )


def templates(user):
    return WELCOME_LETTERS.instances_user_has_permission_for(user, "view").select_related("municipality")


def invitations(user, meeting: WelcomeMeeting) -> list[WelcomeInvitation]:
    """The meeting's invitations of persons the user may see in the community section."""
    visible = policy.visible_to(user, section=Section.COMMUNITY)
    return list(
        meeting.invitations.filter(person__in=visible)
        .select_related("person")
        .order_by("person__family_name", "person__given_name", "person__pk")
    )


@dataclass(frozen=True)
class Need:
    language: str
    count: int


def interpreter_needs(invited: list[WelcomeInvitation]) -> list[Need]:
    """How many invited need an interpreter, per language: to book before the meeting."""
    counted = Counter(i.person.interpreter_language or "" for i in invited if i.person.interpreter_needed)
    return sorted(
        (Need(language_name(code) if code else "—", n) for code, n in counted.items()),
        key=lambda need: need.language,
    )


def letters_of(person: Person) -> list[WelcomeLetterSent]:
    q = Q(person=person)
    if person.household_id:
        q |= Q(household_id=person.household_id)
    return list(WelcomeLetterSent.objects.filter(q))


def invitations_of(person: Person) -> list[WelcomeInvitation]:
    return list(person.welcome_invitations.select_related("meeting"))


def template_languages(municipality_id: int) -> list[str]:
    return list(
        WelcomeLetterTemplate.objects.filter(municipality_id=municipality_id).values_list(
            "language", flat=True
        )
    )
