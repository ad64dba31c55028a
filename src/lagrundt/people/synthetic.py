"""Synthetic settled refugees for demos, tests and load tests, at any scale.

The shapes follow the two municipal plans: mostly Ukrainians under collective protection since 2022,
then resettlement and asylum refugees from Eritrea, Syria, Congo, Turkey, Afghanistan and Somalia,
families reunited a year or two after the first member, unaccompanied minors, children born after
settlement and a share who moved on. Nobody is real: names are common names combined at random and
national IDs use NAV's synthetic convention (month + 40), which no real person's number uses.

Everything is built in memory and written with ``bulk_create`` in chunks; no audit entries are
written, because nobody accessed a person. The same seed on an empty register gives the same data.
"""

import datetime as dt
import time
import unicodedata
from bisect import bisect
from dataclasses import dataclass, field
from functools import cache
from itertools import accumulate
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction
from faker import Faker
from stdnum.no import fodselsnummer
from unidecode import unidecode

from lagrundt.core.dates import add_years
from lagrundt.tenancy.models import Municipality

from . import rules
from .models import (
    Household,
    MoveOut,
    MoveOutReason,
    Person,
    Relation,
    RelationKind,
    SearchToken,
    Settlement,
    SettlementCategory,
    Sex,
)
from .services import INVERSE_RELATION

ORIGIN_FILE = Path(__file__).resolve().parent / "data" / "origin_names.yaml"
# Ukrainians were settled under collective protection from spring 2022; none before in this data.
UKRAINE_FROM = dt.date(2022, 3, 15)
SETTLEMENT_YEARS = 6
CHUNK_PERSONS = 5000
BATCH_SIZE = 1000

# Household shapes and their weights; Ukrainian households are more often mothers with children.
SINGLE, COUPLE, COUPLE_CHILDREN, SINGLE_PARENT, UNACCOMPANIED = (
    "single_adult",
    "couple",
    "couple_with_children",
    "single_parent",
    "unaccompanied_minor",
)
SHAPES = {
    "UA": {SINGLE: 26, COUPLE: 10, COUPLE_CHILDREN: 22, SINGLE_PARENT: 42, UNACCOMPANIED: 0},
    "*": {SINGLE: 28, COUPLE: 8, COUPLE_CHILDREN: 38, SINGLE_PARENT: 16, UNACCOMPANIED: 10},
}
CHILD_COUNTS = {1: 30, 2: 33, 3: 22, 4: 15}
HOUSEHOLD_MOVE_OUT = 0.13
REUNIFICATION = {"UA": 0.08, "*": 0.35}
BORN_HERE = 0.3
SIBLING_GAP = 330


class _Weighted:
    """A fast weighted choice (random.choices recomputes the cumulative weights on every call)."""

    def __init__(self, weights: dict[Any, float]):
        self.items = list(weights)
        self.cumulative = list(accumulate(float(w) for w in weights.values()))
        self.total = self.cumulative[-1]

    def pick(self, rng):
        return self.items[bisect(self.cumulative, rng.random() * self.total)]


@cache
def _latin(name: str) -> str:
    """Latin-script form of a name: Cyrillic is transliterated, Latin letters (Gül, Honoré) are kept.

    unidecode marks soft signs with apostrophes, which the names do without.
    """
    if all(not ch.isalpha() or "LATIN" in unicodedata.name(ch, "") for ch in name):
        return name
    return " ".join(unidecode(name).replace("'", "").replace("`", "").split())


def _uk_feminine(name: str, male_only: frozenset[str]) -> str:
    """The woman's form of a gendered Ukrainian family name (-ський → -ська); others do not change."""
    if name in male_only and name.endswith("ий"):
        return name[:-2] + "а"
    return name


@dataclass(frozen=True)
class _Origin:
    code: str
    naming: str
    primary: _Weighted
    extra: dict[str, float]
    faker: Any = None
    faker_given: Any = None
    given_male: tuple[str, ...] = ()
    given_female: tuple[str, ...] = ()
    family: tuple[str, ...] = ()
    male_only: frozenset[str] = frozenset()

    def given(self, rng, sex: str, taken: set[str]) -> str:
        """A given name not yet used in the household (``taken``), which it is added to."""
        source = self.faker or self.faker_given
        for _ in range(6):
            if source is not None:
                name = _latin(source.first_name_male() if sex == Sex.MALE else source.first_name_female())
            else:
                name = rng.choice(self.given_male if sex == Sex.MALE else self.given_female)
            if name not in taken:
                break
        taken.add(name)
        return name

    def family_name(self, rng) -> tuple[str, str]:
        """A family name in its (male, female) forms."""
        if self.faker is not None:
            raw = self.faker.last_name_male() if self.male_only else self.faker.last_name()
            return _latin(raw), _latin(_uk_feminine(raw, self.male_only))
        name = rng.choice(self.family)
        return name, name


@dataclass(slots=True)
class _Member:
    role: str  # reference, spouse, child, born (child born after settlement)
    sex: str
    given: str
    family: str
    birth: dt.date
    settled: dt.date | None = None
    category: str = ""
    came_directly: bool = False
    languages: list[str] = field(default_factory=list)
    national_id: str | None = None
    interpreter: bool = False
    email: str = ""
    moved: dt.date | None = None


@dataclass(slots=True)
class _Plan:
    municipality: Municipality
    origin: str
    shape: str
    primary: str
    consents: bool
    members: list[_Member]
    move: tuple[str, str, str] | None = None  # destination municipality, country, reason


def synthetic_national_id(birth: dt.date, male: bool, rng, used: set[str] | None = None) -> str | None:
    """An 11-digit number that validates as a fødselsnummer but is synthetic (NAV: month + 40).

    The individual number is chosen from the range stdnum's century rule maps to the birth year, and
    its last digit is odd for men as in real numbers. Returns None if no free number was found.
    """
    if 1900 <= birth.year <= 1999:
        low, high = 0, 249
    elif 2000 <= birth.year <= 2039:
        low, high = 250, 499
    else:
        return None
    prefix = f"{birth.day:02d}{birth.month + 40:02d}{birth.year % 100:02d}"
    for _ in range(80):
        individual = 2 * rng.randint(low, high) + (1 if male else 0)
        nine = f"{prefix}{individual:03d}"
        k1 = fodselsnummer.calc_check_digit1(nine)
        if len(k1) != 1:
            continue
        k2 = fodselsnummer.calc_check_digit2(nine + k1)
        if len(k2) != 1:
            continue
        number = nine + k1 + k2
        if used is None or number not in used:
            if used is not None:
                used.add(number)
            return number
    return None


class SyntheticPopulation:
    """Plans households one at a time from a seeded random source, then writes them in bulk."""

    def __init__(self, today: dt.date, seed: int, used_national_ids: set[str] | None = None):
        self.today = today
        self.window_start = add_years(today, -SETTLEMENT_YEARS) + dt.timedelta(days=1)
        base = Faker()
        base.seed_instance(seed)
        self.rng = base.random  # every choice goes through Faker's seeded random: same seed, same data
        self.used_ids = used_national_ids if used_national_ids is not None else set()
        data = yaml.safe_load(ORIGIN_FILE.read_text(encoding="utf-8"))
        self.origins: dict[str, _Origin] = {}
        fakers: dict[str, Faker] = {}

        def faker_for(locale: str) -> Faker:
            if locale not in fakers:
                fake = Faker(locale)
                fake.seed_instance(seed + len(fakers) + 1)
                fakers[locale] = fake
            return fakers[locale]

        for code, spec in data["origins"].items():
            faker = faker_for(spec["faker"]) if "faker" in spec else None
            male_only: frozenset[str] = frozenset()
            if faker is not None and spec["faker"] == "uk_UA":
                from faker.providers.person.uk_UA import Provider as UkrainianNames

                male_only = frozenset(UkrainianNames.last_names_male_only)
            self.origins[code] = _Origin(
                code=code,
                naming=spec["naming"],
                primary=_Weighted(spec["languages"]["primary"]),
                extra=dict(spec["languages"].get("extra", {})),
                faker=faker,
                faker_given=faker_for(spec["faker_given"]) if "faker_given" in spec else None,
                given_male=tuple(spec.get("given_male", ())),
                given_female=tuple(spec.get("given_female", ())),
                family=tuple(spec.get("family", ())),
                male_only=male_only,
            )
        default_weights = {code: spec["weight"] for code, spec in data["origins"].items()}
        self.default_origin = _Weighted(default_weights)
        self.origin_by_slug = {
            slug: _Weighted(weights) for slug, weights in data.get("municipality_weights", {}).items()
        }
        self.destinations = _Weighted(data["move_out"]["destinations"])
        self.reasons = _Weighted(data["move_out"]["reasons"])
        self.shapes = {key: _Weighted(weights) for key, weights in SHAPES.items()}
        self.child_counts = _Weighted(CHILD_COUNTS)

    # ------------------------------------------------------------------ small helpers
    def _date_between(self, low: dt.date, high: dt.date) -> dt.date:
        return dt.date.fromordinal(self.rng.randint(low.toordinal(), high.toordinal()))

    def _birth_for_age(self, on: dt.date, youngest: int, oldest: int) -> dt.date:
        """A birth date giving an age between ``youngest`` and ``oldest`` (inclusive) on ``on``."""
        return self._date_between(
            add_years(on, -(oldest + 1)) + dt.timedelta(days=1), add_years(on, -youngest)
        )

    def _earliest(self, origin: str) -> dt.date:
        return max(self.window_start, UKRAINE_FROM) if origin == "UA" else self.window_start

    def _settlement_date(self, origin: str, latest: dt.date) -> dt.date:
        start = min(self._earliest(origin), latest)  # min: only if ``today`` is before spring 2022
        if origin == "UA":
            # Most Ukrainians came in 2022 and 2023: bias toward the start of their window.
            span = (latest - start).days
            return start + dt.timedelta(days=int(span * self.rng.random() ** 1.6))
        return self._date_between(start, latest)

    # ------------------------------------------------------------------ planning one household
    def plan(self, municipality: Municipality, room: int) -> _Plan:
        rng = self.rng
        origin_code = self.origin_by_slug.get(municipality.slug, self.default_origin).pick(rng)
        origin = self.origins[origin_code]
        shape = self.shapes.get(origin_code, self.shapes["*"]).pick(rng)
        if room == 1 and shape not in (SINGLE, UNACCOMPANIED):
            shape = SINGLE
        primary = origin.primary.pick(rng)
        members = self._members(origin, shape)
        members = self._trim(members, room)
        plan = _Plan(
            municipality=municipality,
            origin=origin_code,
            shape=shape if len(members) > 1 or shape == UNACCOMPANIED else SINGLE,
            primary=primary,
            consents=rng.random() < 0.5,
            members=members,
        )
        self._move_out(plan)
        for member in members:
            self._details(plan, origin, member)
        return plan

    def _members(self, origin: _Origin, shape: str) -> list[_Member]:
        rng = self.rng
        today = self.today
        taken: set[str] = set()
        if shape == UNACCOMPANIED:
            settled = self._settlement_date(origin.code, today)
            sex = Sex.MALE if rng.random() < 0.85 else Sex.FEMALE
            male, female = origin.family_name(rng)
            return [
                _Member(
                    role="reference",
                    sex=sex,
                    given=origin.given(rng, sex, taken),
                    family=male if sex == Sex.MALE else female,
                    birth=self._birth_for_age(settled, 15, 17),
                    settled=settled,
                    category=SettlementCategory.UNACCOMPANIED_MINOR,
                    came_directly=rng.random() < 0.15,
                )
            ]
        if shape == SINGLE:
            settled = self._settlement_date(origin.code, today)
            ukrainian = origin.code == "UA"
            sex = Sex.MALE if rng.random() < (0.4 if ukrainian else 0.7) else Sex.FEMALE
            elderly = rng.random() < (0.2 if ukrainian else 0.05)
            birth = self._birth_for_age(settled, 60, 80) if elderly else self._birth_for_age(settled, 18, 50)
            male, female = origin.family_name(rng)
            member = _Member(
                "reference", sex, origin.given(rng, sex, taken), male if sex == Sex.MALE else female, birth
            )
            self._arrive([member], settled, *self._first_category(origin))
            return [member]

        with_children = shape in (COUPLE_CHILDREN, SINGLE_PARENT)
        couple = shape in (COUPLE, COUPLE_CHILDREN)
        # First arrival; with family reunification the others follow one or two years later.
        reunification = REUNIFICATION.get(origin.code, REUNIFICATION["*"])
        delay = rng.randint(365, 730) if couple and rng.random() < reunification else 0
        if today - dt.timedelta(days=delay) < self._earliest(origin.code):  # no room for a later arrival
            delay = 0
        first = self._settlement_date(origin.code, today - dt.timedelta(days=delay))
        later = first + dt.timedelta(days=delay)

        mother_age = rng.randint(20, 46) if with_children else rng.randint(20, 68)
        mother_birth = self._birth_for_age(first, mother_age, mother_age)
        father_birth = mother_birth - dt.timedelta(days=int(365.25 * rng.triangular(-3, 12, 3)))
        father_birth = min(father_birth, add_years(first, -18))

        family_male, family_female = origin.family_name(rng)
        father_given = origin.given(rng, Sex.MALE, taken)
        if couple:
            mother_family = family_female if origin.naming == "shared" else origin.family_name(rng)[1]
            father = _Member("reference", Sex.MALE, father_given, family_male, father_birth)
            mother = _Member(
                "spouse", Sex.FEMALE, origin.given(rng, Sex.FEMALE, taken), mother_family, mother_birth
            )
            members = [father, mother]
            # Ukrainian men mostly came later; otherwise the father usually came first.
            if delay and (origin.code == "UA" or rng.random() < 0.1):
                first_group, later_group = [mother], [father]
            elif delay:
                first_group, later_group = [father], [mother]
            else:
                first_group, later_group = [father, mother], []
        else:
            if origin.naming == "shared":
                mother_family = family_female
            else:
                mother_family = origin.family_name(rng)[1]
                if rng.random() < 0.5:  # the children carry the mother's family name
                    family_male = family_female = mother_family
            mother = _Member(
                "reference", Sex.FEMALE, origin.given(rng, Sex.FEMALE, taken), mother_family, mother_birth
            )
            members = [mother]
            first_group, later_group = [mother], []

        category = self._first_category(origin)
        self._arrive(first_group, first, *category)
        self._arrive(later_group, later, SettlementCategory.FAMILY_REUNIFICATION, True)

        # Children come with their mother and share her settlement.
        children: list[_Member] = []
        if with_children:
            arrive = mother.settled
            low = max(add_years(mother_birth, 18), add_years(arrive, -18) + dt.timedelta(days=1))
            high = min(add_years(mother_birth, 44), arrive - dt.timedelta(days=1))
            for _ in range(self.child_counts.pick(rng) if low <= high else 0):
                birth = self._sibling_birth(low, high, children)
                if birth is None:
                    break
                sex = Sex.MALE if rng.random() < 0.5 else Sex.FEMALE
                children.append(_Member("child", sex, origin.given(rng, sex, taken), "", birth))
            self._arrive(children, arrive, mother.category, mother.came_directly)

        # Children born here once the parents live together in the municipality.
        if couple:
            low = max(m.settled for m in members) + dt.timedelta(days=270)
            high = min(today, add_years(mother_birth, 45))
            for _ in range(2 if rng.random() < 0.15 else 1):
                if low > high or rng.random() >= BORN_HERE:
                    break
                birth = self._sibling_birth(low, high, children)
                if birth is None:
                    break
                sex = Sex.MALE if rng.random() < 0.5 else Sex.FEMALE
                children.append(_Member("born", sex, origin.given(rng, sex, taken), "", birth))

        children.sort(key=lambda c: c.birth)
        for child in children:
            if origin.naming == "patronymic":
                child.family = father_given
            else:
                child.family = family_female if child.sex == Sex.FEMALE else family_male
        return members + children

    def _sibling_birth(self, low: dt.date, high: dt.date, siblings: list[_Member]) -> dt.date | None:
        """A birth date at least SIBLING_GAP days from every sibling's, or None if none was found."""
        for _ in range(8):
            birth = self._date_between(low, high)
            if all(abs((birth - s.birth).days) >= SIBLING_GAP for s in siblings):
                return birth
        return None

    def _first_category(self, origin: _Origin) -> tuple[str, bool]:
        """The category of a household's first arrival, and whether it came directly from abroad."""
        rng = self.rng
        if origin.code == "UA":
            return SettlementCategory.TEMPORARY_COLLECTIVE_PROTECTION, rng.random() < 0.35
        if rng.random() < 0.4:
            return SettlementCategory.RESETTLEMENT_REFUGEE, True
        return SettlementCategory.ASYLUM_FROM_RECEPTION_CENTRE, False

    @staticmethod
    def _arrive(members: list[_Member], settled: dt.date, category: str, came_directly: bool) -> None:
        for member in members:
            member.settled, member.category, member.came_directly = settled, category, came_directly

    @staticmethod
    def _trim(members: list[_Member], room: int) -> list[_Member]:
        """Drop the youngest children first so that a household fits the persons still to generate."""
        if len(members) <= room:
            return members
        adults = [m for m in members if m.role in ("reference", "spouse")]
        children = [m for m in members if m.role not in ("reference", "spouse")]
        kept = (adults + sorted(children, key=lambda c: c.birth))[:room]
        return kept

    def _move_out(self, plan: _Plan) -> None:
        rng = self.rng
        chance = 0.2 if plan.shape == UNACCOMPANIED else HOUSEHOLD_MOVE_OUT
        if rng.random() >= chance:
            return
        latest = max(max(m.birth for m in plan.members), max(m.settled for m in plan.members if m.settled))
        low = latest + dt.timedelta(days=30)
        if low > self.today:
            return
        moved = self._date_between(low, self.today)
        if plan.origin == "UA" and rng.random() < 0.15:
            plan.move = ("", "UA", MoveOutReason.EMIGRATED)
        else:
            reason = MoveOutReason.EDUCATION if plan.shape == UNACCOMPANIED else self.reasons.pick(rng)
            plan.move = (self.destinations.pick(rng), "NO", reason)
        for member in plan.members:
            member.moved = moved

    def _details(self, plan: _Plan, origin: _Origin, member: _Member) -> None:
        """Languages, interpreter, e-mail and national ID, which depend on age and time in Norway."""
        rng = self.rng
        today = self.today
        adult = rules.is_adult(member.birth, today)
        languages = [plan.primary]
        for code, chance in origin.extra.items():
            if code != plan.primary and rng.random() < (chance if adult else chance / 3):
                languages.append(code)
        since = member.settled or member.birth
        years_here = (today - since).days / 365.25
        if (
            member.role == "born"
            or (not adult and years_here > 1)
            or (adult and years_here > 2 and rng.random() < 0.6)
        ):
            languages.append("no")
        member.languages = languages
        if adult:
            need = 0.9 if years_here < 2 else 0.55 if years_here < 4 else 0.25
            member.interpreter = rng.random() < need
            if rng.random() < 0.35:
                local = "".join(
                    ch
                    for ch in unidecode(f"{member.given}.{member.family}").lower()
                    if ch.isalnum() or ch == "."
                )
                member.email = f"{local}{rng.randint(1, 99)}@example.org"
        if member.role == "born":
            has_id = True
        elif member.settled is not None and (today - member.settled).days < 120:
            has_id = rng.random() < 0.5
        else:
            has_id = rng.random() < 0.88
        if has_id:
            member.national_id = synthetic_national_id(
                member.birth, member.sex == Sex.MALE, rng, self.used_ids
            )


def _relations(plan: _Plan) -> list[tuple[int, int, str]]:
    """(index, index, kind) pairs in one direction; the writer adds the inverse."""
    adults = [i for i, m in enumerate(plan.members) if m.role in ("reference", "spouse")]
    children = [i for i, m in enumerate(plan.members) if m.role in ("child", "born")]
    pairs: list[tuple[int, int, str]] = []
    if len(adults) == 2:
        pairs.append((adults[0], adults[1], RelationKind.SPOUSE))
    if plan.shape != UNACCOMPANIED:
        for child in children:
            pairs.extend((child, adult, RelationKind.PARENT) for adult in adults)
    for n, child in enumerate(children):
        pairs.extend((child, other, RelationKind.SIBLING) for other in children[n + 1 :])
    return pairs


def _household_name(plan: _Plan) -> str:
    head = plan.members[0]
    return f"Familien {head.family}" if len(plan.members) > 1 else f"{head.given} {head.family}"


def _write(plans: list[_Plan], counts: dict[str, int]) -> None:
    """Write planned households with one bulk insert per table."""
    households = {
        id(plan): Household(name=_household_name(plan)[:120], municipality_id=plan.municipality.pk)
        for plan in plans
        if plan.shape != UNACCOMPANIED
    }
    Household.objects.bulk_create(households.values(), batch_size=BATCH_SIZE)
    persons: list[Person] = []
    for plan in plans:
        household = households.get(id(plan))
        for m in plan.members:
            persons.append(
                Person(
                    given_name=m.given,
                    family_name=m.family,
                    birth_date=m.birth,
                    sex=m.sex,
                    national_id=m.national_id,
                    country_background=plan.origin,
                    languages=m.languages,
                    interpreter_needed=m.interpreter,
                    interpreter_language=m.languages[0] if m.interpreter else "",
                    email=m.email,
                    consents_to_leisure_contact=plan.consents,
                    # Consent is asked at the first talk after settlement (synthetic: that day).
                    leisure_consent_on=(m.settled or m.birth) if plan.consents else None,
                    household_id=household.pk if household else None,
                    municipality_id=plan.municipality.pk,
                    moved_out_on=m.moved,
                )
            )
    Person.objects.bulk_create(persons, batch_size=BATCH_SIZE)
    household_names = {h.pk: h.name for h in households.values()}
    SearchToken.objects.bulk_create(
        (
            SearchToken(person_id=p.pk, token=token)
            for p in persons
            for token in rules.name_tokens(
                p.given_name, p.family_name, household_names.get(p.household_id, "")
            )
        ),
        batch_size=BATCH_SIZE,
    )
    settlements: list[Settlement] = []
    move_outs: list[MoveOut] = []
    relations: list[Relation] = []
    position = 0
    for plan in plans:
        ids = [p.pk for p in persons[position : position + len(plan.members)]]
        position += len(plan.members)
        for pk, m in zip(ids, plan.members, strict=True):
            if m.settled is not None:
                settlements.append(
                    Settlement(
                        person_id=pk,
                        settled_on=m.settled,
                        municipality_id=plan.municipality.pk,
                        category=m.category,
                        came_directly=m.came_directly,
                    )
                )
            if plan.move is not None:
                destination, country, reason = plan.move
                move_outs.append(
                    MoveOut(
                        person_id=pk,
                        moved_on=m.moved,
                        destination_municipality=destination,
                        destination_country=country,
                        reason=reason,
                    )
                )
        for a, b, kind in _relations(plan):
            relations.append(Relation(person_id=ids[a], relative_id=ids[b], kind=kind))
            relations.append(Relation(person_id=ids[b], relative_id=ids[a], kind=INVERSE_RELATION[kind]))
    Settlement.objects.bulk_create(settlements, batch_size=BATCH_SIZE)
    MoveOut.objects.bulk_create(move_outs, batch_size=BATCH_SIZE)
    Relation.objects.bulk_create(relations, batch_size=BATCH_SIZE)
    counts["persons"] += len(persons)
    counts["households"] += len(households)
    counts["settlements"] += len(settlements)
    counts["move_outs"] += len(move_outs)
    counts["relations"] += len(relations)
    counts["national_ids"] += sum(1 for p in persons if p.national_id)
    counts["born_in_norway"] += sum(1 for plan in plans for m in plan.members if m.settled is None)
    counts["unaccompanied_minors"] += sum(1 for plan in plans if plan.shape == UNACCOMPANIED)


def generate_people(
    municipalities, count: int, today: dt.date, seed: int = 1, *, chunk: int = CHUNK_PERSONS
) -> dict[str, Any]:
    """Generate ``count`` persons spread evenly over ``municipalities``; returns counts and seconds."""
    started = time.monotonic()
    municipalities = sorted(municipalities, key=lambda m: m.number)
    if not municipalities:
        raise ValueError("At least one municipality is needed.")
    if count < 0:
        raise ValueError("The count cannot be negative.")
    used = set(
        Person.objects.exclude(national_id__isnull=True)
        .exclude(national_id="")
        .values_list("national_id", flat=True)
    )
    population = SyntheticPopulation(today, seed, used)
    counts = dict.fromkeys(
        (
            "persons",
            "households",
            "settlements",
            "move_outs",
            "relations",
            "national_ids",
            "born_in_norway",
            "unaccompanied_minors",
        ),
        0,
    )
    share, extra = divmod(count, len(municipalities))
    with transaction.atomic():
        pending: list[_Plan] = []
        pending_persons = 0
        for index, municipality in enumerate(municipalities):
            remaining = share + (1 if index < extra else 0)
            while remaining > 0:
                plan = population.plan(municipality, remaining)
                remaining -= len(plan.members)
                pending.append(plan)
                pending_persons += len(plan.members)
                if pending_persons >= chunk:
                    _write(pending, counts)
                    pending, pending_persons = [], 0
        if pending:
            _write(pending, counts)
    counts["seconds"] = round(time.monotonic() - started, 2)
    return counts
