"""Welcome letters and meetings: a template's placeholders, a letter marked as sent (the household's
entries, its routine task closed), the invitations (everyone settled since the previous meeting that the
user may see), the interpreter needs per language, and attendance not before the day."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from lagrundt.access import policy
from lagrundt.access.audit import Actor
from lagrundt.access.models import AuditEntry
from lagrundt.access.sections import Section
from lagrundt.community.models import (
    WelcomeInvitation,
    WelcomeLetterSent,
    WelcomeLetterTemplate,
    WelcomeMeeting,
)
from lagrundt.community.welcome import selectors, services
from lagrundt.people.models import Person, Settlement
from tests.world import make_person

pytestmark = pytest.mark.django_db


def _actor(world, key="integration"):
    return Actor(world.users[key], detail="test")


def _meeting(world, days, key="integration", municipality=None):
    return services.meeting_create(
        actor=_actor(world, key),
        municipality=municipality or world.hemsedal,
        data={
            "held_on": timezone.localdate() + dt.timedelta(days=days),
            "place": "Kulturhuset",
            "programme": "",
        },
        visible=policy.visible_to(world.users[key], section=Section.COMMUNITY),
    )


def _settle(person, days_ago):
    Settlement.objects.filter(person=person).update(
        settled_on=timezone.localdate() - dt.timedelta(days=days_ago)
    )


def test_the_first_meeting_invites_everyone_settled_in_the_last_six_months(world):
    newcomer = make_person(world.hemsedal, "Amina", "Yusuf", dt.date(1990, 4, 10), serial=41)
    _settle(newcomer, 100)
    # The world's persons were settled two years ago: not invited.
    meeting = _meeting(world, 0)
    assert [i.person_id for i in meeting.invitations.all()] == [newcomer.pk]


def test_a_meeting_invites_those_settled_since_the_previous_one(world):
    early = make_person(world.hemsedal, "Amina", "Yusuf", dt.date(1990, 4, 10), serial=41)
    late = make_person(world.hemsedal, "Samir", "Haddad", dt.date(1988, 1, 2), serial=42)
    moved = make_person(world.hemsedal, "Lina", "Haddad", dt.date(1987, 1, 2), serial=43, moved=True)
    elsewhere = make_person(world.aal, "Omar", "Haddad", dt.date(1986, 1, 2), serial=44)
    for person, days in ((early, 90), (late, 20), (moved, 20), (elsewhere, 20)):
        _settle(person, days)
    first = _meeting(world, -60)
    assert set(first.invitations.values_list("person_id", flat=True)) == {early.pk}
    second = _meeting(world, 0)
    assert set(second.invitations.values_list("person_id", flat=True)) == {late.pk}


def test_invitations_are_audited_per_person_in_the_community_section(world):
    newcomer = make_person(world.hemsedal, "Amina", "Yusuf", dt.date(1990, 4, 10), serial=41)
    _settle(newcomer, 10)
    last = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    _meeting(world, 0)
    person_entries = AuditEntry.objects.filter(pk__gt=last, person_id=newcomer.pk, section=Section.COMMUNITY)
    assert person_entries.count() == 1


def test_culture_invites_only_those_who_consented(world):
    agreed = make_person(world.hemsedal, "Amina", "Yusuf", dt.date(1990, 4, 10), serial=41, consent=True)
    silent = make_person(world.hemsedal, "Samir", "Haddad", dt.date(1988, 1, 2), serial=42)
    for person in (agreed, silent):
        _settle(person, 10)
    meeting = _meeting(world, 0, key="culture")
    assert set(meeting.invitations.values_list("person_id", flat=True)) == {agreed.pk}


def test_interpreter_needs_are_summed_per_language(world):
    people = [
        make_person(world.hemsedal, f"Navn{n}", "Yusuf", dt.date(1990, 4, n + 1), serial=50 + n)
        for n in range(4)
    ]
    for n, person in enumerate(people):
        _settle(person, 10)
        Person.objects.filter(pk=person.pk).update(
            interpreter_needed=n < 3, interpreter_language="ar" if n < 2 else "ti"
        )
    meeting = _meeting(world, 0)
    needs = {
        n.language: n.count
        for n in selectors.interpreter_needs(selectors.invitations(world.users["integration"], meeting))
    }
    assert sorted(needs.values()) == [1, 2] and len(needs) == 2


def test_attendance_is_refused_before_the_day_and_saved_after(world, login):
    newcomer = make_person(world.hemsedal, "Amina", "Yusuf", dt.date(1990, 4, 10), serial=41)
    _settle(newcomer, 10)
    meeting = _meeting(world, 3)
    invited = list(meeting.invitations.all())
    with pytest.raises(ValidationError):
        services.attendance_save(
            actor=_actor(world), meeting=meeting, came=[newcomer.pk], invitations=invited
        )
    assert WelcomeInvitation.objects.get().attended is None
    page = login(world, "integration").post(
        reverse("community:welcome_meeting_attendance", args=[meeting.pk]), {"came": [newcomer.pk]}
    )
    assert page.status_code == 400 and WelcomeInvitation.objects.get().attended is None
    WelcomeMeeting.objects.filter(pk=meeting.pk).update(held_on=timezone.localdate())
    meeting.refresh_from_db()
    changed = services.attendance_save(
        actor=_actor(world), meeting=meeting, came=[newcomer.pk], invitations=list(meeting.invitations.all())
    )
    assert changed == 1 and WelcomeInvitation.objects.get().attended is True


def test_a_template_refuses_an_unknown_placeholder_and_a_second_in_the_same_language(world):
    actor = _actor(world)
    data = {"language": "nb", "title": "Velkommen til {municipality}", "body": "Hei {navn}"}
    with pytest.raises(ValidationError) as refused:
        services.letter_template_save(actor=actor, municipality=world.hemsedal, data=data)
    assert "body" in refused.value.error_dict
    data["body"] = "Hei {household}, {date}"
    services.letter_template_save(actor=actor, municipality=world.hemsedal, data=data)
    with pytest.raises(ValidationError):
        services.letter_template_save(actor=actor, municipality=world.hemsedal, data=data)
    assert WelcomeLetterTemplate.objects.count() == 1
    assert (
        services.fill("Hei {household} i {municipality}", household="A", municipality="B", date="C")
        == "Hei A i B"
    )


def test_marking_the_letter_sent_records_the_household_and_its_languages(world):
    services.letter_template_save(
        actor=_actor(world), municipality=world.hemsedal, data={"language": "nb", "title": "V", "body": "Hei"}
    )
    services.letter_template_save(
        actor=_actor(world), municipality=world.hemsedal, data={"language": "ti", "title": "V", "body": "ሰላም"}
    )
    Person.objects.filter(pk=world.persons["adult"].pk).update(languages=["ti"])
    adult = Person.objects.get(pk=world.persons["adult"].pk)
    last = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    sent, _closed = services.letter_sent_add(
        actor=_actor(world), person=adult, data={"sent_on": timezone.localdate()}
    )
    assert sent.household_id == adult.household_id and sent.languages == ["nb", "ti"]
    members = adult.household.members.filter(moved_out_on__isnull=True).count()
    assert AuditEntry.objects.filter(pk__gt=last, section=Section.COMMUNITY).count() == members
    with pytest.raises(ValidationError):
        services.letter_sent_add(
            actor=_actor(world), person=adult, data={"sent_on": timezone.localdate() + dt.timedelta(days=1)}
        )
    assert WelcomeLetterSent.objects.count() == 1
