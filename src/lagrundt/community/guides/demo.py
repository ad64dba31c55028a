"""Demo volunteers and guide pairs in Hemsedal and Ål: 20–40 synthetic volunteers each (made-up
Norwegian names, never real persons; some cleared to work with children), and 5–10 pairs with demo
persons and households who consented, with meetings logged.

Saved through the services by a demo user of the volunteer centre (or the integration service), so the
audit log has their entries. Re-runnable: a municipality that has its volunteers or pairs gets no more.
The volunteers' interests come from the municipality's interest list when the leisure demo has made it.
"""

import datetime as dt
import random

from django.db import transaction
from faker import Faker

from lagrundt.access.audit import Actor
from lagrundt.community.models import Availability, GuidePair, PairKind, Volunteer
from lagrundt.leisure.models import Interest
from lagrundt.people.models import Household, Person
from lagrundt.tenancy.models import Membership, Municipality, Sector

from . import selectors, services

AREAS = {"3326": ("Trøim", "Tuv", "Ulsåk", "Grøndalen"), "3328": ("Ål sentrum", "Torpo", "Leveld", "Vats")}
LANGUAGES = ("en", "ar", "ti", "uk", "so", "prs", "fr", "ru")


def _user(municipality):
    for sector in (Sector.VOLUNTEER_CENTRE, Sector.INTEGRATION_SERVICE):
        membership = (
            Membership.objects.filter(sector=sector, unit__municipalities=municipality)
            .select_related("user")
            .order_by("pk")
            .first()
        )
        if membership:
            return membership.user
    return None


def _volunteers(municipality, actor, rng, fake, today) -> int:
    if Volunteer.objects.filter(municipality=municipality).exists():
        return 0
    interests = list(Interest.objects.filter(municipality=municipality, active=True))
    areas = AREAS.get(municipality.number, ("",))
    count = rng.randint(20, 40)
    for i in range(count):
        cleared = i % 3 == 0
        years = sorted(rng.sample(range(today.year - 16, today.year - 1), rng.choice((0, 0, 1, 2))))
        services.volunteer_save(
            actor=actor,
            data={
                "municipality": municipality,
                "given_name": fake.first_name(),
                "family_name": fake.last_name(),
                "phone": f"+479{rng.randint(1000000, 9999999)}",
                "languages": sorted(rng.sample(LANGUAGES, rng.choice((0, 1, 1, 2)))),
                "interests": rng.sample(interests, min(len(interests), rng.randint(0, 3))),
                "area": rng.choice(areas),
                "availability": sorted(rng.sample(Availability.values, rng.randint(1, 2))),
                "children_birth_years": years,
                "works_with_children": cleared,
                "police_certificate_seen_on": today - dt.timedelta(days=rng.randint(10, 700))
                if cleared
                else None,
                "consent": True,
            },
        )
    return count


def _pairs(municipality, actor, rng, today) -> int:
    if GuidePair.objects.filter(municipality=municipality).exists():
        return 0
    wanted = rng.randint(5, 10)
    resident = Person.objects.filter(municipality=municipality, moved_out_on__isnull=True)
    households = list(
        Household.objects.filter(
            municipality=municipality, members__in=resident.filter(consents_to_leisure_contact=True)
        )
        .distinct()
        .order_by("pk")[:wanted]
    )
    singles = list(
        resident.filter(consents_to_leisure_contact=True, household__isnull=True).order_by("pk")[
            : wanted - len(households)
        ]
    )
    made = 0
    taken: set[int] = set()
    seekers = [(h, selectors.household_seeker(h)) for h in households]
    seekers += [(p, selectors.person_seeker(p)) for p in singles]
    for subject, seeker in seekers:
        best = [
            s for s in selectors.suggestions(seeker, municipality.pk, top=20) if s.volunteer.pk not in taken
        ]
        if not best:
            continue
        chosen = best[0]
        taken.add(chosen.volunteer.pk)
        starts = today - dt.timedelta(days=rng.randint(30, 400))
        is_household = isinstance(subject, Household)
        pair = services.pair_make(
            actor=actor,
            volunteer=chosen.volunteer,
            person=None if is_household else subject,
            household=subject if is_household else None,
            data={"kind": rng.choice(PairKind.values), "starts_on": starts},
            reasons=chosen.suggestion.codes,
            children=seeker.has_children,
        )
        day = starts
        while True:
            day += dt.timedelta(days=rng.randint(7, 45))
            if day > today:
                break
            services.meeting_add(actor=actor, pair=pair, held_on=day)
        made += 1
    return made


def load(*, today: dt.date, seed: int, out) -> None:
    rng = random.Random(seed + 16)
    fake = Faker("no_NO")
    fake.seed_instance(seed + 16)
    volunteers = pairs = 0
    for municipality in Municipality.objects.filter(number__in=AREAS).order_by("number"):
        user = _user(municipality)
        if user is None:
            continue
        actor = Actor(user, detail="demo")
        with transaction.atomic():
            volunteers += _volunteers(municipality, actor, rng, fake, today)
            pairs += _pairs(municipality, actor, rng, today)
    out.write(f"Frivillige: {volunteers} nye frivillige, {pairs} nye guide- og vennepar.")
