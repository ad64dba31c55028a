"""This part's answers to the app's plug-in hooks (``core.plugins``), gathered by the app-level modules."""

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lagrundt.access.audit import Actor
from lagrundt.access.resources import INTERPRETERS
from lagrundt.access.sections import Section
from lagrundt.core.plugins import Entry, PersonLink, SubjectPart, SubjectRecord

from ..models import InterpreterCategory, InterpreterMode, InterpreterUse

SHOWN = ("held_on", "language", "mode", "category", "unqualified_reason", "duration_minutes", "sector")
DEMO_MUNICIPALITIES = ("3326", "3328")


def entries(user) -> list:
    if INTERPRETERS.user_has_permission(user, "view"):
        return [
            Entry(
                "interpreters",
                reverse("community:interpreter_missing"),
                _("Interpreters"),
                _("Meetings without an interpreter, and the share of meetings with a qualified interpreter."),
            )
        ]
    if INTERPRETERS.user_has_permission(user, "statistics"):
        return [
            Entry(
                "interpreters",
                reverse("community:interpreter_statistics"),
                _("Interpreter statistics"),
                _("Meetings with a qualified interpreter, and the cost, per language and sector."),
            )
        ]
    return []


def links(user, person) -> list:
    # In the identity card: every sector that reads a part of the person's record beyond the identity
    # sees the interpreters of the meetings in it (the data protection officer reads only the identity).
    from lagrundt.access import policy

    grants = policy.grants_for(user, person)
    if not any(grants.can_read(s) for s in Section if s not in (Section.IDENTITY, Section.NATIONAL_ID)):
        return []
    return [
        PersonLink(
            60,
            Section.IDENTITY,
            reverse("community:interpreter_person", args=[person.pk]),
            _("Interpreters"),
            _("Interpreters booked and used in meetings with the person."),
        )
    ]


def load(today, seed, out) -> None:
    """A few interpreter uses in meetings with persons who need one, recorded by the integration service
    (one without an interpreter, to show the warning). Re-runnable: persons with a use get none."""
    from lagrundt.people.models import Person
    from lagrundt.tenancy.models import Membership, Municipality, Sector

    from . import services

    rng = random.Random(seed + 16)
    today = min(today, timezone.localdate())
    made = 0
    for municipality in Municipality.objects.filter(number__in=DEMO_MUNICIPALITIES).order_by("number"):
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
                municipality=municipality, moved_out_on__isnull=True, interpreter_needed=True
            )
            .exclude(interpreter_uses__isnull=False)
            .exclude(interpreter_language="")
            .order_by("pk")[:8]
        )
        with transaction.atomic():
            for n, person in enumerate(persons):
                mode = (
                    InterpreterMode.NONE
                    if n == 3
                    else rng.choice([InterpreterMode.ON_SITE, InterpreterMode.VIDEO, InterpreterMode.PHONE])
                )
                category = (
                    ""
                    if mode == InterpreterMode.NONE
                    else rng.choice(["A", "B", "C", "D", "E", "unqualified"])
                )
                services.interpreter_use_add(
                    actor=actor,
                    data={
                        "held_on": today - dt.timedelta(days=rng.randint(5, 300)),
                        "language": person.interpreter_language,
                        "mode": mode,
                        "category": category,
                        "unqualified_reason": "none_available"
                        if category == InterpreterCategory.UNQUALIFIED
                        else "",
                        "duration_minutes": None if mode == InterpreterMode.NONE else 60,
                        "cost": None
                        if mode == InterpreterMode.NONE
                        else Decimal(rng.choice([650, 900, 1200])),
                    },
                    sector=Sector.INTEGRATION_SERVICE,
                    section=Section.PROGRAMME,
                    person=person,
                )
                made += 1
    out.write(f"Tolk: {made} nye tolkebruk.")


def subject_access(person, sections) -> list:
    parts = []
    for section in sections:
        uses = InterpreterUse.objects.filter(person=person, section=section).order_by("held_on", "pk")
        records = tuple(SubjectRecord.of(_("Interpreter in a meeting"), use, SHOWN) for use in uses)
        if records:
            parts.append(SubjectPart(section, records))
    return parts


def anonymise(section, person_ids, dry_run) -> list:
    """Interpreter uses hold no free text: dates, languages and categories stay for the statistics."""
    return []


def definitions() -> list:
    """This part's indicators for the action plans (``core.measurement.Indicator``)."""
    from django.utils.translation import gettext_lazy

    from lagrundt.core.measurement import Indicator, Kind, Role, Series

    from .selectors import qualified_share

    return [
        Indicator(
            key="qualified_interpreter_share",
            label=gettext_lazy("Meetings with a qualified interpreter"),
            description=gettext_lazy(
                "Of the meetings where an interpreter was needed, the share with an interpreter in "
                "categories A–E of the National Register of Interpreters, by year."
            ),
            kind=Kind.SHARE,
            series=(
                Series("qualified", gettext_lazy("With a qualified interpreter"), Role.PART),
                Series("other", gettext_lazy("Without a qualified interpreter"), Role.REST),
            ),
            compute=qualified_share,
            groups=frozenset({"sector"}),
            source=gettext_lazy("Interpreter use recorded in Lagrundt."),
        )
    ]
