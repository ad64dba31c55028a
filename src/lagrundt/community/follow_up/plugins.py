"""This part's answers to the app's plug-in hooks (``core.plugins``), gathered by the app-level modules."""

import datetime as dt
import random

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lagrundt.access.audit import Actor
from lagrundt.access.rules import RECORD_RULES
from lagrundt.access.sections import Section
from lagrundt.core.dates import add_years
from lagrundt.core.plugins import PersonLink, SubjectPart, SubjectRecord

from ..models import FOLLOW_UP_THEMES, FollowUpTalk, StayIntention, ThemeAnswer

SHOWN = ("years_after", "held_on", *FOLLOW_UP_THEMES, "stay")


def entries(user) -> list:
    # The counted summary is reached from the welcome and interpreter pages and the person's page.
    return []


def links(user, person) -> list:
    return [
        PersonLink(
            61,
            RECORD_RULES["follow_up"].section,
            reverse("community:follow_up_person", args=[person.pk]),
            _("Follow-up talks"),
            _("The talks after three and five years, by theme."),
        )
    ]


def load(today, seed, out) -> None:
    """Follow-up talks for a few persons settled three years or more ago in Ål (whose plan has them)."""
    from lagrundt.people.models import Person
    from lagrundt.tenancy.models import Membership, Municipality, Sector

    from . import services

    rng = random.Random(seed + 17)
    today = min(today, timezone.localdate())
    made = 0
    for municipality in Municipality.objects.filter(number="3328"):
        membership = (
            Membership.objects.filter(sector=Sector.INTEGRATION_SERVICE, unit__municipalities=municipality)
            .select_related("user")
            .order_by("pk")
            .first()
        )
        if membership is None:
            continue
        actor = Actor(membership.user, detail="demo")
        persons = (
            Person.objects.filter(
                municipality=municipality,
                moved_out_on__isnull=True,
                settlement__settled_on__lte=add_years(today, -3),
                follow_up_talks__isnull=True,
            )
            .select_related("settlement")
            .order_by("pk")[:6]
        )
        with transaction.atomic():
            for person in persons:
                held = min(add_years(person.settlement.settled_on, 3) + dt.timedelta(days=20), today)
                data = {t: rng.choice(ThemeAnswer.values[:3]) for t in FOLLOW_UP_THEMES}
                data.update(years_after=3, held_on=held, stay=rng.choice(StayIntention.values[:3]))
                services.follow_up_save(actor=actor, person=person, data=data)
                made += 1
    out.write(f"Oppfølgingssamtalar: {made} nye.")


def subject_access(person, sections) -> list:
    if Section.SETTLEMENT not in sections:
        return []
    talks = FollowUpTalk.objects.filter(person=person).order_by("years_after")
    records = tuple(SubjectRecord.of(_("Follow-up talk"), talk, SHOWN) for talk in talks)
    return [SubjectPart(Section.SETTLEMENT, records)] if records else []


def anonymise(section, person_ids, dry_run) -> list:
    """The talks hold answers from fixed lists and no free text: nothing to empty."""
    return []


def definitions() -> list:
    """This part's indicators for the action plans (``core.measurement.Indicator``)."""
    return []
