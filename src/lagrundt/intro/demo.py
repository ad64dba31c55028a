"""Demo data for the programme: participants in Hemsedal and Ål with assessments, decisions, plans,
activities on the municipality's ladder, weekly attendance, exported benefit months, and earlier
participants with their status one year after, so that every page has something to show.

Everything is written through the services, as a case worker would, so the audit log, the routines
and the rules hold for the demo as for real data. Re-runnable: a municipality that already has
programme decisions is left as it is. Deterministic for a seed.
"""

import datetime as dt
import random
from decimal import Decimal

from django.core.exceptions import ValidationError

from lagrundt.access.audit import Actor
from lagrundt.people.models import Person
from lagrundt.tenancy.models import Membership, Municipality, Sector

from . import rules, selectors, services
from .models import BaseAmountRecord, Decision
from .profiles import profile_for
from .rulebook import ASSUMED, g_period_start

DEMO_G_SOURCE = (
    "Demo: G for perioden er ikke i faktagrunnlaget. Verdien fra perioden før er videreført som antatt "
    "til offisiell G registreres."
)
ACTIVE_PER_MUNICIPALITY = 5
EARLIER_PER_MUNICIPALITY = 14
NOTE = "(demo)"

GROUNDS = {
    "nb": "Du har rett og plikt til introduksjonsprogram etter integreringsloven § 8. Programmet bygger på "
    "kartleggingen og karriereveiledningen, og lengden følger av utdanningsbakgrunnen og sluttmålet.",
    "nn": "Du har rett og plikt til introduksjonsprogram etter integreringslova § 8. Programmet byggjer på "
    "kartlegginga og karriererettleiinga, og lengda følgjer av utdanningsbakgrunnen og sluttmålet.",
}
PLAN = {
    "nb": {
        "content": "Norsk og samfunnskunnskap med arbeidsrettet norsk, deretter språkpraksis og "
        "arbeidspraksis i kommunale enheter eller lokale bedrifter.",
        "participant_duties": "Møte presis, gi beskjed ved fravær og delta aktivt i alle deler av "
        "programmet.",
        "municipality_duties": "Tilby fulltidsprogram, praksisplass og tett oppfølging med tolk ved behov.",
        "long_term_goals": "Fast arbeid i helse og omsorg.",
    },
    "nn": {
        "content": "Norsk og samfunnskunnskap med arbeidsretta norsk, deretter praksisførebuande løp, "
        "språkpraksis og praksisplass som kan leie til jobb.",
        "participant_duties": "Møte presis, gje beskjed ved fråvær og delta aktivt i alle delar av "
        "programmet.",
        "municipality_duties": "Tilby fulltidsprogram, praksisplass og tett oppfølging med tolk ved behov.",
        "long_term_goals": "Fast arbeid i reiselivet.",
    },
}
ASSESSMENT = {
    "education_level": "primary",
    "years_of_schooling": 9,
    "work_experience": "Butikk og restaurant",
    "skills": "Arabisk, engelsk",
    "literacy": "latin_script",
    "norwegian_level": "A1",
    "health_limits": "",
    "career_guidance_by": "Hallingdal karrieresenter",
    "career_recommendation": "Arbeid innen service og reiseliv",
}
HOURS = {
    "norwegian": Decimal("15"),
    "civics": Decimal("3"),
    "life_skills": Decimal("2"),
    "language_practice": Decimal("15"),
    "work_practice": Decimal("20"),
    "trade_course": Decimal("7.5"),
    "career_guidance": Decimal("2.5"),
}


def record_assumed_g(today: dt.date, *, source: str) -> list[BaseAmountRecord]:
    """Record, as an administrator would, an assumed G for each period from 1 May after the latest one
    known (the shipped file or an administrator's record) up to today's: the previous period's value
    carried forward. Gaps before the latest known period stay missing; nothing is recorded when today's
    period is known."""
    book = selectors.rulebook()
    period = g_period_start(today)
    known = [start for start in book.base_amounts if start <= period]
    if not known:
        return []
    latest = max(known)
    amount = book.base_amounts[latest].amount
    recorded = []
    for year in range(latest.year + 1, period.year + 1):
        recorded.append(
            BaseAmountRecord.objects.create(
                valid_from=dt.date(year, 5, 1), amount=amount, source=source, confidence=ASSUMED
            )
        )
    return recorded


def _g(today: dt.date, out) -> None:
    """An assumed G for the periods up to today that neither the shipped file nor an administrator has."""
    for record in record_assumed_g(today, source=DEMO_G_SOURCE):
        out.write(f"G fra {record.valid_from:%d.%m.%Y}: {record.amount} (antatt, demo).")


def _actor(municipality) -> Actor | None:
    membership = (
        Membership.objects.filter(sector=Sector.INTEGRATION_SERVICE, unit__municipalities=municipality)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return Actor(membership.user, detail="demo") if membership else None


def _monday(day: dt.date) -> dt.date:
    return rules.monday_of(day)


def load(*, today: dt.date, seed: int, out) -> None:
    rng = random.Random(seed)
    _g(today, out)
    for slug in ("hemsedal", "aal"):
        municipality = Municipality.objects.filter(slug=slug).first()
        if municipality is None:
            continue
        if Decision.objects.filter(person__municipality=municipality).exists():
            out.write(f"{municipality.name}: har allerede introduksjonsprogram, lager ikke mer.")
            continue
        actor = _actor(municipality)
        if actor is None:
            continue
        active = _active(municipality, actor, today, rng)
        earlier = _earlier(municipality, actor, today, rng)
        exported = _payroll(municipality, actor, today)
        out.write(
            f"{municipality.name}: {active} deltakere i program, {earlier} tidligere deltakere, "
            f"{exported} måneder eksportert til lønn."
        )


def _adults(municipality, settled_from: dt.date, settled_to: dt.date, exclude=()) -> list[Person]:
    return list(
        Person.objects.filter(
            municipality=municipality,
            moved_out_on__isnull=True,
            settlement__settled_on__gte=settled_from,
            settlement__settled_on__lte=settled_to,
            settlement__category__in=[
                "resettlement_refugee",
                "asylum_reception_centre",
                "temporary_collective_protection",
                "family_reunification",
            ],
        )
        .exclude(pk__in=exclude)
        .select_related("municipality", "settlement", "household")
        .order_by("pk")
    )


def _eligible(person: Person, book) -> bool:
    facts = rules.EligibilityFacts.from_register(
        birth_date=person.birth_date,
        settled_on=person.settlement.settled_on,
        category=person.settlement.category,
    )
    return rules.eligibility(book, facts, person.settlement.settled_on).status in rules.Status.TARGET


def _grant(actor, person, *, start: dt.date, months: int, language: str, book) -> bool:
    settled = person.settlement.settled_on
    assessed = settled + dt.timedelta(days=20)
    services.assessment_save(
        actor=actor,
        person=person,
        data={**ASSESSMENT, "assessed_on": assessed, "career_guidance_on": assessed + dt.timedelta(days=10)},
        today=assessed + dt.timedelta(days=10),
    )
    decided = assessed + dt.timedelta(days=14)
    try:
        services.decision_make(
            actor=actor,
            person=person,
            kind="programme",
            data=dict(
                decided_on=decided,
                starts_on=max(start, decided),
                months=months,
                final_goal="work",
                language=language,
                grounds=GROUNDS[language],
            ),
            confirmed=True,
            book=book,
            today=decided,
        )
    except ValidationError:
        return False
    return True


def _active(municipality, actor, today: dt.date, rng: random.Random) -> int:
    """Participants in the programme now, started six to eleven months ago, with everything recorded."""
    book = selectors.rulebook()
    profile = profile_for(municipality.number)
    language = profile.language
    count = 0
    candidates = _adults(municipality, today - dt.timedelta(days=400), today - dt.timedelta(days=200))
    for person in candidates:
        if count >= ACTIVE_PER_MUNICIPALITY:
            break
        if not _eligible(person, book):
            continue
        settled = person.settlement.settled_on
        start = _monday(settled + dt.timedelta(days=60))
        if not _grant(actor, person, start=start, months=24, language=language, book=book):
            continue
        count += 1
        services.plan_save(
            actor=actor,
            person=person,
            data={
                "made_on": start,
                "final_goal": "work",
                "norwegian_goal": "B1",
                "norwegian_hours": 550,
                "civics_hours": 75,
                "contract_signed_on": start,
                "language": language,
                **PLAN[language],
            },
            today=start,
        )
        _ladder_and_activities(actor, person, profile, start, today)
        holidays = _holidays(actor, person, start, today)
        _attendance(actor, person, start, today, holidays, rng, book)
    return count


def _ladder_and_activities(actor, person, profile, start: dt.date, today: dt.date) -> None:
    phases = profile.phases
    if not phases:
        return
    # A phase every three months, the first two at once; each phase's first activities with their hours.
    day, steps = start, []
    for i, phase in enumerate(phases):
        if day > today:
            break
        steps.append((phase, day))
        day = day + dt.timedelta(weeks=13 if i else 2)
    norwegian_until = None
    for i, (phase, entered) in enumerate(steps):
        services.ladder_step_save(actor=actor, person=person, phase=phase.key, entered_on=entered)
        ends = steps[i + 1][1] - dt.timedelta(days=1) if i + 1 < len(steps) else None
        for kind in phase.activities[:2]:
            if kind == "norwegian":
                if norwegian_until is not None:
                    continue
                norwegian_until = True
                ends_kind = None
            else:
                ends_kind = ends
            hours = HOURS.get(kind, Decimal("10"))
            services.activity_add(
                actor=actor,
                person=person,
                data={
                    "kind": kind,
                    "description": f"{phase.name} {NOTE}",
                    "phase": phase.key,
                    "starts_on": entered,
                    "ends_on": ends_kind,
                    "hours_per_week": hours,
                    "self_study": kind == "norwegian",
                },
            )


def _holidays(actor, person, start: dt.date, today: dt.date) -> set[dt.date]:
    """Five holiday weeks a programme year: three in summer, Christmas and the winter holiday."""
    weeks = set()
    for year in (start.year, start.year + 1, start.year + 2):
        for iso_week in (8, 28, 29, 30, 52):
            monday = dt.date.fromisocalendar(year, iso_week, 1)
            if start <= monday <= today + dt.timedelta(days=365):
                weeks.add(monday)
    for monday in sorted(weeks):
        services.holiday_week_set(actor=actor, person=person, monday=monday, holiday=True)
    return weeks


def _attendance(actor, person, start: dt.date, today: dt.date, holidays, rng: random.Random, book) -> None:
    """Every week from the start to last week: mostly present, now and then ill or a few hours away."""
    has_child = person.relations.filter(kind="child").exists()
    self_certifications: list[dt.date] = []
    child_days: list[dt.date] = []
    monday = _monday(start)
    last = _monday(today) - dt.timedelta(days=7)
    while monday <= last:
        days = {}
        for i in range(5):
            day = monday + dt.timedelta(days=i)
            status, hours = "present", Decimal(0)
            if monday in holidays:
                status = "holiday"
            days[day] = (status, hours)
        if monday not in holidays:
            draw = rng.random()
            weekday = monday + dt.timedelta(days=rng.randint(0, 3))
            recent = [d for d in self_certifications if d > rules.twelve_months_before(weekday)]
            if draw < 0.08 and weekday >= start + dt.timedelta(weeks=8) and len(recent) < 4:
                days[weekday] = ("self_certified", Decimal(0))
                days[weekday + dt.timedelta(days=1)] = ("self_certified", Decimal(0))
                self_certifications.append(weekday)
            elif (
                draw < 0.12
                and has_child
                and len([d for d in child_days if d > rules.twelve_months_before(weekday)]) < 8
            ):
                days[weekday] = ("child_illness", Decimal(0))
                child_days.append(weekday)
            elif draw < 0.17:
                days[weekday] = ("present", Decimal(rng.choice(["1.5", "3", "4"])))
            elif draw < 0.19:
                days[weekday] = ("unexcused", Decimal(0))
            elif draw < 0.22:
                days[weekday] = ("doctor_certified", Decimal(0))
        try:
            services.attendance_register(
                actor=actor, person=person, monday=monday, days=days, book=book, today=today
            )
        except ValidationError:
            services.attendance_register(
                actor=actor,
                person=person,
                monday=monday,
                days={d: ("present", Decimal(0)) for d in days},
                book=book,
                today=today,
            )
        monday += dt.timedelta(days=7)


def _earlier(municipality, actor, today: dt.date, rng: random.Random) -> int:
    """Participants whose programme ended one to three years ago, with their status then and a year later."""
    book = selectors.rulebook()
    language = profile_for(municipality.number).language
    taken = set(
        Decision.objects.filter(person__municipality=municipality).values_list("person_id", flat=True)
    )
    # Settled from autumn 2021 (under integreringsloven); G before May 2023 is not in the fact file, so
    # the oldest of them show months whose G is not recorded: as the product shows it.
    candidates = _adults(municipality, dt.date(2021, 9, 1), today - dt.timedelta(days=500), exclude=taken)
    count = 0
    # A plausible spread: about two in three in work or education, at the end and a year later.
    at_end = ["work", "nav", "education", "work", "other", "work", "nav"]
    later = ["work", "both", "nav", "work", "education", "other", "work", "nav", "work"]
    for person in candidates:
        if count >= EARLIER_PER_MUNICIPALITY:
            break
        if not _eligible(person, book):
            continue
        settled = person.settlement.settled_on
        start = _monday(settled + dt.timedelta(days=60))
        months = rng.choice([6, 9, 12])
        if not _grant(actor, person, start=start, months=months, language=language, book=book):
            continue
        ended = rules.programme_end(start, months)
        if ended >= today:
            continue
        status = at_end[count % len(at_end)]
        one_year = rules.Offset(years=1).after(ended)
        data = {"ended_on": ended, "reason": "time_expired", "status_at_end": status}
        if one_year + dt.timedelta(days=30) <= today:
            data |= {
                "status_after_one_year": later[(count + rng.randint(0, 1)) % len(later)],
                "status_checked_on": one_year + dt.timedelta(days=30),
            }
        services.programme_end_save(actor=actor, person=person, data=data, today=today)
        count += 1
    return count


def _payroll(municipality, actor, today: dt.date) -> int:
    """Export the months that are over, oldest first, except the last one: the demo's user can do that."""
    from .models import PayrollExport

    book = selectors.rulebook()
    persons = list(
        Person.objects.filter(
            municipality=municipality, programme_decisions__kind="programme", programme_end__isnull=True
        )
        .distinct()
        .select_related(*selectors.PERSON_RELATED)
    )
    if not persons:
        return 0
    records = selectors.load_records(persons, today=today, book=book)
    first = min(r.timeline.start for r in records.values() if r.timeline.start).replace(day=1)
    last = rules.Offset(months=-2).after(today.replace(day=1))
    month, exported = first, 0
    while month <= last:
        if not PayrollExport.objects.filter(municipality=municipality, month=month).exists():
            _deduction_decisions(actor, book, records, month, today)
            try:
                services.payroll_export(
                    actor=actor,
                    user_persons=persons,
                    municipality=municipality,
                    month=month,
                    today=today,
                    book=book,
                )
            except ValidationError:
                break
            exported += 1
        month = rules.Offset(months=1).after(month)
    return exported


def _deduction_decisions(actor, book, records, month: dt.date, today: dt.date) -> None:
    """A month whose deduction crosses the threshold gets its decision, as the case worker must make."""
    for record in records.values():
        rows = selectors.benefit_months(book, record, through=rules.pay_period(month)[1], today=today)
        row = next((r for r in rows if r.month == month), None)
        if row and row.benefit and row.benefit.decision_required and row.decision is None:
            services.decision_make(
                actor=actor,
                person=record.person,
                kind="deduction",
                data=dict(
                    decided_on=row.last + dt.timedelta(days=2),
                    period=month,
                    language=record.profile.language,
                    grounds="Ugyldig fravær (demo).",
                ),
                book=book,
                today=today,
            )
            record.decisions[:] = list(
                Decision.objects.filter(person=record.person).order_by("decided_on", "pk")
            )
