"""Demo leisure in Hemsedal and Ål: the profiles' interest lists, catalogues and support schemes, and for
a part of the residents who consented to contact from leisure an interest mapping, an activity or two
from the suggestions, and for children an application to a support scheme with its decision.

Saved through the services by a demo user of culture (or of the integration service where culture has
none), so that the routine task of mapping closes and the audit log has its entries. Re-runnable: the
profiles make only what is missing, and only persons without a mapping get one.
"""

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction

from lagrundt.access.audit import Actor
from lagrundt.access.policy import record_writer
from lagrundt.people import rules
from lagrundt.people.models import Person
from lagrundt.tenancy.models import Membership, Municipality, Sector

from . import selectors, services
from .models import Interest, InterestMapping, SchemeKind, SupportScheme
from .profiles import apply_profile, profiles

PER_MUNICIPALITY = 24  # consenting residents given a mapping
# Amounts applied for in the demo (kroner): made up for the demo, no scheme's rule.
DEMO_AMOUNTS = (Decimal(600), Decimal(900), Decimal(1200), Decimal(1500))


def _user(municipality):
    for sector in (Sector.CULTURE_LEISURE, Sector.INTEGRATION_SERVICE):
        membership = (
            Membership.objects.filter(sector=sector, unit__municipalities=municipality)
            .select_related("user")
            .order_by("pk")
            .first()
        )
        if membership:
            return membership.user
    return None


def _people(municipality, today, rng, user) -> int:
    actor = Actor(user, detail="demo")
    interests = list(Interest.objects.filter(municipality=municipality, active=True))
    if not interests:
        return 0
    mapped = set(
        InterestMapping.objects.filter(person__municipality=municipality).values_list("person_id", flat=True)
    )
    schemes = list(
        SupportScheme.objects.filter(municipality=municipality, active=True, kind=SchemeKind.MONEY).order_by(
            "pk"
        )
    )
    residents = (
        Person.objects.filter(
            municipality=municipality,
            moved_out_on__isnull=True,
            settlement__isnull=False,
            consents_to_leisure_contact=True,
        )
        .select_related("settlement")
        .order_by("pk")
    )
    made = len(mapped)
    for person in residents:
        if made >= PER_MUNICIPALITY or person.pk in mapped or person.birth_date is None:
            continue
        mapped_on = max(person.settlement.settled_on, person.birth_date) + dt.timedelta(
            days=20 + rng.randint(0, 40)
        )
        if mapped_on > today:
            continue
        leisure = record_writer(user, person, "leisure")
        support = record_writer(user, person, "leisure_support")
        if leisure is None:
            continue
        chosen = rng.sample(interests, k=min(len(interests), rng.randint(1, 4)))
        services.interest_mapping_save(
            actor=actor,
            person=person,
            scope=leisure,
            data={"mapped_on": mapped_on, "interests": chosen, "wishes": ""},
        )
        made += 1
        suggested = selectors.suggestions(person)
        if not suggested or rng.random() < 0.3:
            continue  # mapped, not (yet) taking part
        activity = suggested[0]
        started = mapped_on + dt.timedelta(days=rng.randint(7, 60))
        if started > today:
            continue
        stopped = started + dt.timedelta(days=rng.randint(60, 200)) if rng.random() < 0.25 else None
        services.participation_add(
            actor=actor,
            person=person,
            scope=leisure,
            data={
                "activity": activity,
                "started_on": started,
                "stopped_on": stopped if stopped and stopped <= today else None,
            },
        )
        child = not rules.is_adult(person.birth_date, today)
        eligible = [s for s in schemes if child or not s.children_only]
        if support is None or not eligible:
            continue
        scheme = eligible[0]
        amount = rng.choice(DEMO_AMOUNTS)
        application = services.support_application_add(
            actor=actor,
            person=person,
            scope=support,
            data={
                "scheme": scheme,
                "applied_on": started,
                "amount_applied": amount,
                "purpose": "Kontingent og utstyr",
                "activity": activity,
            },
        ).obj
        decided = started + dt.timedelta(days=14)
        if decided <= today and rng.random() < 0.8:
            services.support_decision_save(
                actor=actor,
                person=person,
                application=application,
                scope=support,
                data={"decided_on": decided, "granted": True, "amount_granted": amount},
            )
    return made - len(mapped)


def load(*, today: dt.date, seed: int, out) -> None:
    rng = random.Random(seed + 16)
    found = profiles()
    made = {"interests": 0, "activities": 0, "schemes": 0, "mappings": 0}
    for municipality in Municipality.objects.filter(number__in=list(found)).order_by("number"):
        with transaction.atomic():
            for name, count in apply_profile(municipality, found[municipality.number]).items():
                made[name] += count
            user = _user(municipality)
            if user is not None:
                made["mappings"] += _people(municipality, today, rng, user)
    out.write(
        f"Fritid: {made['interests']} interesser, {made['activities']} aktiviteter, {made['schemes']} "
        f"støtteordninger, {made['mappings']} nye interessekartlegginger."
    )
