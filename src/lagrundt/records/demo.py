"""Demo records in Hemsedal and Ål: school places (one with a decision on special language teaching),
kindergarten places with their welcome and interpreter-assisted talks, and health records with the GP
and the arrival checks, for a few synthetic persons each.

Saved through the services, by a demo user of the writing sector, so that the tasks they answer close
and the audit log has their entries, as when a user fills them in. Re-runnable: only persons without
that record yet get one, and a municipality without a user of the sector gets none.
"""

import datetime as dt

from django.db import transaction

from lagrundt.access.audit import Actor
from lagrundt.access.policy import record_writer
from lagrundt.people import rules
from lagrundt.people.models import Person
from lagrundt.tenancy.models import Membership, Municipality, Sector

from . import services
from .models import HealthRecord, KindergartenPlacement, SchoolPlacement

# Municipality number: (school, kindergarten, GP practice), made up.
PLACES = {
    "3326": ("Hemsedal skule", "Tuv barnehage", "Hemsedal legekontor"),
    "3328": ("Ål skule", "Sundre barnehage", "Ål legesenter"),
}
PER_RECORD = 4  # persons given each record per municipality


def _user(municipality, sector):
    membership = (
        Membership.objects.filter(sector=sector, unit__municipalities=municipality)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return membership.user if membership else None


def _on(day: dt.date, today: dt.date) -> dt.date | None:
    return day if day <= today else None


def _residents(municipality, today):
    return (
        Person.objects.filter(municipality=municipality, moved_out_on__isnull=True, settlement__isnull=False)
        .select_related("settlement")
        .order_by("pk")
    )


def _since(person) -> dt.date:
    return max(person.settlement.settled_on, person.birth_date)


def _schools(municipality, today, name) -> int:
    user = _user(municipality, Sector.SCHOOL)
    if user is None:
        return 0
    taken = set(SchoolPlacement.objects.values_list("person_id", flat=True))
    had = (
        SchoolPlacement.objects.filter(person__municipality=municipality)
        .values("person_id")
        .distinct()
        .count()
    )
    made = had
    for person in _residents(municipality, today):
        if made >= PER_RECORD or person.pk in taken or not rules.is_school_age(person.birth_date, today):
            continue
        writer = record_writer(user, person, "school")
        start = _on(_since(person) + dt.timedelta(days=3 + 2 * made), today)
        if writer is None or start is None:
            continue
        age = (today - person.birth_date).days // 365
        recent = (today - person.settlement.settled_on).days < 365
        actor = Actor(user, detail="demo")
        services.school_placement_save(
            actor=actor,
            person=person,
            scope=writer,
            data={
                "school": name,
                "grade": min(max(age - 5, 1), 10),
                "class_kind": "welcome" if recent else "ordinary",
                "mother_tongue": ("none", "mother_tongue", "bilingual")[made % 3],
                "starts_on": start,
                "start_meeting_on": _on(_since(person) + dt.timedelta(days=7), today),
                "level_test_on": _on(start + dt.timedelta(days=5), today),
            },
        )
        if made == had:
            services.language_decision_add(
                actor=actor,
                person=person,
                scope=writer,
                data={"decided_on": start, "kind": "with_mother_tongue", "hours_per_week": 4},
            )
        made += 1
    return made - had


def _kindergartens(municipality, today, name) -> int:
    user = _user(municipality, Sector.KINDERGARTEN)
    if user is None:
        return 0
    taken = set(KindergartenPlacement.objects.values_list("person_id", flat=True))
    had = (
        KindergartenPlacement.objects.filter(person__municipality=municipality)
        .values("person_id")
        .distinct()
        .count()
    )
    made = had
    for person in _residents(municipality, today):
        if (
            made >= PER_RECORD
            or person.pk in taken
            or not rules.is_under_school_age(person.birth_date, today)
            or (today - person.birth_date).days < 365
        ):
            continue
        writer = record_writer(user, person, "kindergarten")
        applied = _on(_since(person) + dt.timedelta(days=5), today)
        if writer is None or applied is None:
            continue
        start = _on(applied + dt.timedelta(days=25 + 5 * made), today)
        actor = Actor(user, detail="demo")
        services.kindergarten_placement_save(
            actor=actor,
            person=person,
            scope=writer,
            data={
                "kindergarten": name,
                "applied_on": applied,
                "starts_on": start,
                "hours_per_week": 41 if start else None,
                "welcome_talk_on": _on(start + dt.timedelta(days=10), today) if start else None,
            },
        )
        talk = _on(start + dt.timedelta(days=120), today) if start else None
        if talk:
            services.interpreter_talk_add(actor=actor, person=person, scope=writer, data={"held_on": talk})
        made += 1
    return made - had


def _health(municipality, today, practice) -> int:
    user = _user(municipality, Sector.HEALTH)
    if user is None:
        return 0
    taken = set(HealthRecord.objects.values_list("person_id", flat=True))
    had = (
        HealthRecord.objects.filter(person__municipality=municipality).values("person_id").distinct().count()
    )
    made = had
    for person in _residents(municipality, today):
        if made >= PER_RECORD or person.pk in taken:
            continue
        writer = record_writer(user, person, "health")
        since = _since(person)
        if writer is None or _on(since + dt.timedelta(days=3), today) is None:
            continue
        actor = Actor(user, detail="demo")
        services.health_record_save(
            actor=actor,
            person=person,
            scope=writer,
            data={
                "gp_practice": practice if _on(since + dt.timedelta(days=14), today) else "",
                "gp_assigned_on": _on(since + dt.timedelta(days=14), today),
                "tb_screening_on": _on(since + dt.timedelta(days=3), today),
                "vaccination_reviewed_on": _on(since + dt.timedelta(days=60), today)
                if made % 2 == 0
                else None,
            },
        )
        held = _on(since + dt.timedelta(days=10), today)
        if held:
            services.health_contact_add(
                actor=actor, person=person, scope=writer, data={"kind": "mapping", "held_on": held}
            )
        made += 1
    return made - had


def load(*, today: dt.date, seed: int, out) -> None:
    made = {"school": 0, "kindergarten": 0, "health": 0}
    for municipality in Municipality.objects.filter(number__in=PLACES).order_by("number"):
        school, kindergarten, practice = PLACES[municipality.number]
        with transaction.atomic():
            made["school"] += _schools(municipality, today, school)
            made["kindergarten"] += _kindergartens(municipality, today, kindergarten)
            made["health"] += _health(municipality, today, practice)
    out.write(
        f"Journaler: {made['school']} nye skoleplasser, {made['kindergarten']} nye barnehageplasser, "
        f"{made['health']} nye helsejournaler."
    )
