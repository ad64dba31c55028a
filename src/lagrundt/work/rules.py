"""Pure rules of the work module: CEFR levels, organisation numbers, placement states, and the matching.

No database access. The matching works on plain data (``Candidate``, ``OpeningData``) loaded once by
``selectors``, so that ranking thousands of candidates is a loop over tuples.

The matching
------------
Every criterion gives a status (met, partly met, missing), a fraction from 0 to 1 and the facts a
case worker needs to act on it (``presenters`` turn them into sentences). A requirement marked
*required* that is not met excludes the candidate; everything else weighs. The score is the
weighted mean of the fractions of the criteria that apply, with the weights of the opening's
municipality (``profiles/matching.yaml``). Travel is a gate, not a weight: with no car and no bus
(and no transport from the employer) there is no match at all.

``Candidate`` has no field for sex, religion, country, birth date or age, so no rule can read them:
the matching is blind to them by construction, and tests hold it to that.
"""

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import InvalidChecksum, InvalidFormat, InvalidLength
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.no import orgnr

from .vocabulary import CEFR_RANK, LIMIT_FOR_DEMAND, OpeningKind, PlacementState, RequirementKind

# ---------------------------------------------------------------------------- levels and numbers
MSG_CEFR_RANGE = _("«%(value)s» is not a level here: use A1, A2, B1, B2 or C1.")
MSG_ORG_FORMAT = _("An organisation number has exactly nine digits.")
MSG_ORG_CHECKSUM = _("This organisation number has a wrong check digit. Check for typing errors.")


def cefr_rank(level: str) -> int:
    """0 for no level (not assessed), 1 for A1 … 5 for C1; anything else is an error."""
    if not level:
        return 0
    try:
        return CEFR_RANK[level]
    except KeyError:
        raise ValidationError(MSG_CEFR_RANGE, code="cefr_range", params={"value": level}) from None


def normalise_org_number(value: str) -> str:
    """The number as often printed, with spaces ("123 456 785"), to its nine digits."""
    try:
        return orgnr.compact(value)
    except StdnumError:
        return value


def validate_org_number(value: str) -> None:
    if not value:
        return
    try:
        orgnr.validate(value)
    except (InvalidLength, InvalidFormat):
        raise ValidationError(MSG_ORG_FORMAT, code="org_format") from None
    except (InvalidChecksum, StdnumError):
        raise ValidationError(MSG_ORG_CHECKSUM, code="org_checksum") from None


# ---------------------------------------------------------------------------- licences
# A class that entitles to others as well: B is required before C1, C, D1 and D, and a class with a
# trailer (E) includes the class without one.
_LICENCE_INCLUDES = {
    "BE": {"B"},
    "C1": {"B"},
    "C1E": {"B", "BE", "C1"},
    "C": {"B", "C1"},
    "CE": {"B", "BE", "C", "C1", "C1E"},
    "D1": {"B"},
    "D1E": {"B", "BE", "D1"},
    "D": {"B", "D1"},
    "DE": {"B", "BE", "D", "D1", "D1E"},
    "A2": {"A1"},
    "A": {"A1", "A2"},
}


def licences_entitled(held: Iterable[str]) -> frozenset[str]:
    """The classes a person may drive with the licences they hold."""
    entitled = set(held)
    for cls in list(entitled):
        entitled |= _LICENCE_INCLUDES.get(cls, set())
    return frozenset(entitled)


# ---------------------------------------------------------------------------- placements
NEXT_STATES = {
    PlacementState.PROPOSED: (PlacementState.AGREED, PlacementState.WITHDRAWN),
    PlacementState.AGREED: (PlacementState.STARTED, PlacementState.WITHDRAWN),
    PlacementState.STARTED: (PlacementState.ENDED,),
    PlacementState.ENDED: (),
    PlacementState.WITHDRAWN: (),
}
ONGOING = (PlacementState.PROPOSED, PlacementState.AGREED, PlacementState.STARTED)


def can_move(state: str, to: str) -> bool:
    return to in NEXT_STATES.get(state, ())


def conversion(job_offers: int, ended: int) -> float | None:
    """Share of ended placements that ended with a job offer, or None when none ended."""
    return job_offers / ended if ended else None


# ---------------------------------------------------------------------------- the matching: data
MET, PARTIAL, MISSING = "met", "partial", "missing"
WEIGHT_KEYS = (
    "occupation",
    "experience",
    "norwegian",
    "licences",
    "certificates",
    "physical",
    "availability",
    "hours",
    "season",
    "wishes",
)
SOON_DAYS = 30
DEFAULT_EXPERIENCE_YEARS = 1.0


@dataclass(frozen=True, slots=True)
class Candidate:
    """What the matching may know about a person. There is no sex, religion, country, birth date or
    age here on purpose: a rule cannot use what it is not given."""

    person_id: int
    experience: tuple[tuple[str, float], ...] = ()  # (STYRK-08 unit group, years)
    wished_occupations: frozenset[str] = frozenset()
    norwegian_oral: int = 0  # cefr_rank
    norwegian_written: int = 0
    licences: frozenset[str] = frozenset()  # classes the person may drive (licences_entitled)
    certificates: frozenset[str] = frozenset()
    limits: frozenset[str] = frozenset()
    max_hours: int | None = None
    available_from: dt.date | None = None
    seasonal_work: bool = True
    has_car: bool = False
    takes_bus: bool = True
    # Derived once, so that the loop over openings does dictionary look-ups instead of comparing codes:
    # each STYRK-08 prefix (9112, 911, 91, 9) → the code of the experience or wish it comes from.
    experience_index: dict[str, str] = field(init=False, repr=False, compare=False)
    wish_index: dict[str, str] = field(init=False, repr=False, compare=False)
    years_by_minor_group: dict[str, float] = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        years: dict[str, float] = {}
        for code, y in self.experience:
            years[code[:3]] = years.get(code[:3], 0.0) + y
        set_ = object.__setattr__
        set_(
            self,
            "experience_index",
            _prefix_index([c for c, _y in self.experience]) if self.experience else _EMPTY,
        )
        set_(
            self,
            "wish_index",
            _prefix_index(sorted(self.wished_occupations)) if self.wished_occupations else _EMPTY,
        )
        set_(self, "years_by_minor_group", years)


_EMPTY: dict[str, str] = {}  # shared by every candidate without experience or wishes; never written to


def _prefix_index(codes: list[str]) -> dict[str, str]:
    index: dict[str, str] = {}
    for code in codes:
        for prefix in (code, code[:3], code[:2], code[:1]):
            if prefix not in index:
                index[prefix] = code
    return index


@dataclass(frozen=True, slots=True)
class Requirement:
    kind: str  # RequirementKind
    value: str  # a CEFR level, a licence class, a certificate, years or a physical demand
    required: bool  # False: preferred


class Threshold(NamedTuple):
    """A level or a number of years: the highest asked for, and the highest required (0: none)."""

    target: float
    required: float


@dataclass(frozen=True)
class OpeningData:
    opening_id: int
    occupation: str
    kind: str
    hours_per_week: float  # 37.5 is a full-time week
    starts_on: dt.date
    weights: Mapping[str, float]
    bus_connection: bool = True
    transport_provided: bool = False
    requirements: tuple[Requirement, ...] = ()
    # Grouped once from ``requirements``: the loop over candidates reads these. For a level or a
    # number of years, the highest asked for is the target, and the highest *required* one excludes.
    oral: "Threshold | None" = field(init=False, default=None)
    written: "Threshold | None" = field(init=False, default=None)
    experience: "Threshold | None" = field(init=False, default=None)
    licences: tuple[Requirement, ...] = field(init=False, default=())
    certificates: tuple[Requirement, ...] = field(init=False, default=())
    physical: tuple[Requirement, ...] = field(init=False, default=())

    prefixes: tuple[str, ...] = field(init=False, default=())
    _scorers: dict = field(init=False, default_factory=dict, repr=False, compare=False)

    def __post_init__(self):
        def threshold(kind, number):
            found = [(number(r.value), r.required) for r in self.requirements if r.kind == kind]
            if not found:
                return None
            return Threshold(max(n for n, _r in found), max((n for n, r in found if r), default=0))

        def items(kind):
            return tuple(r for r in self.requirements if r.kind == kind)

        set_ = object.__setattr__
        set_(self, "prefixes", tuple(self.occupation[:n] for n in (4, 3, 2, 1)))
        set_(self, "oral", threshold(RequirementKind.NORWEGIAN_ORAL, cefr_rank))
        set_(self, "written", threshold(RequirementKind.NORWEGIAN_WRITTEN, cefr_rank))
        set_(self, "experience", threshold(RequirementKind.EXPERIENCE, float))
        set_(self, "licences", items(RequirementKind.LICENCE))
        set_(self, "certificates", items(RequirementKind.CERTIFICATE))
        set_(self, "physical", items(RequirementKind.PHYSICAL))

    @property
    def seasonal(self) -> bool:
        return self.kind == OpeningKind.SEASONAL

    def scorer(self, today: dt.date):
        """``scorer(self, today)``, made once per day and kept: a candidate's page ranks every opening."""
        cached = self._scorers.get(today)
        if cached is None:
            cached = self._scorers[today] = scorer(self, today)
        return cached


class Criterion(NamedTuple):
    key: str
    status: str  # MET, PARTIAL, MISSING
    fraction: float  # 0 … 1
    weight: float  # 0 for a gate (travel) and for what does not apply
    required: bool  # not met and required: the candidate is excluded
    facts: tuple  # what the presenters need to say why and what to do

    @property
    def excludes(self) -> bool:
        return self.required and self.status != MET


class Match(NamedTuple):
    person_id: int
    opening_id: int
    score: float  # 0 … 100; meaningless when excluded
    excluded: bool
    criteria: tuple[Criterion, ...]


# ---------------------------------------------------------------------------- the matching: rules
def _closeness(index: dict[str, str], prefixes: tuple[str, ...]) -> tuple[int, str]:
    """The most leading digits a code in ``index`` shares with the opening's, and that code."""
    for digits, prefix in zip((4, 3, 2, 1), prefixes, strict=False):
        code = index.get(prefix)
        if code is not None:
            return digits, code
    return 0, ""


def _level(key: str, has: int, threshold: Threshold | None, weight: float) -> Criterion | None:
    if threshold is None:
        return None
    needs = int(threshold.target)
    hard = has < threshold.required
    if has >= needs:
        return Criterion(key, MET, 1.0, weight, False, (has, needs))
    return Criterion(key, PARTIAL if has else MISSING, has / needs, weight, hard, (has, needs))


def _items(key: str, held: frozenset[str], requirements: tuple[Requirement, ...], weight: float):
    if not requirements:
        return None
    missing = tuple(r.value for r in requirements if r.value not in held)
    required_missing = any(r.required and r.value not in held for r in requirements)
    met = tuple(r.value for r in requirements if r.value in held)
    fraction = len(met) / len(requirements)
    status = MET if not missing else (PARTIAL if met else MISSING)
    return Criterion(key, status, fraction, weight, required_missing, (met, missing))


def evaluate(candidate: Candidate, opening: OpeningData, today: dt.date) -> Match:
    """How well a candidate fits an opening, criterion by criterion."""
    w = opening.weights
    criteria: list[Criterion] = []
    add = criteria.append

    # Travel: a gate. Without a way to get there, nothing else matters.
    if opening.transport_provided:
        add(Criterion("travel", MET, 1.0, 0.0, True, ("transport",)))
    elif opening.bus_connection and candidate.takes_bus:
        add(Criterion("travel", MET, 1.0, 0.0, True, ("bus",)))
    elif candidate.has_car and "B" in candidate.licences:
        add(Criterion("travel", MET, 1.0, 0.0, True, ("car",)))
    else:
        add(Criterion("travel", MISSING, 0.0, 0.0, True, (opening.bus_connection, candidate.has_car)))

    # Occupation: how close the closest experience is, by shared STYRK-08 digits.
    digits, code = _closeness(candidate.experience_index, opening.prefixes)
    status = MET if digits == 4 else (PARTIAL if digits else MISSING)
    add(Criterion("occupation", status, digits / 4, w["occupation"], False, (digits, code)))

    # Experience: years in the same minor group (three digits); the requirement, or a year, is full.
    years = candidate.years_by_minor_group.get(opening.prefixes[1], 0.0)
    threshold = opening.experience
    asked = threshold is not None
    target = threshold.target if asked else DEFAULT_EXPERIENCE_YEARS
    facts = (years, target, asked)
    if years >= target:
        add(Criterion("experience", MET, 1.0, w["experience"], False, facts))
    else:
        hard = asked and years < threshold.required
        status = PARTIAL if years else MISSING
        add(Criterion("experience", status, years / target, w["experience"], hard, facts))

    # Norwegian, oral and written, each against the level the language requirement analysis set.
    for criterion in (
        _level("norwegian_oral", candidate.norwegian_oral, opening.oral, w["norwegian"]),
        _level("norwegian_written", candidate.norwegian_written, opening.written, w["norwegian"]),
        _items("licences", candidate.licences, opening.licences, w["licences"]),
        _items("certificates", candidate.certificates, opening.certificates, w["certificates"]),
    ):
        if criterion is not None:
            add(criterion)

    # Physical demands against the person's limits (limits only, never why).
    if opening.physical:
        clashes = tuple(
            r.value for r in opening.physical if LIMIT_FOR_DEMAND.get(r.value) in candidate.limits
        )
        hard = any(r.required and r.value in clashes for r in opening.physical)
        fraction = 1 - len(clashes) / len(opening.physical)
        status = MET if not clashes else (PARTIAL if fraction else MISSING)
        add(Criterion("physical", status, fraction, w["physical"], hard, clashes))

    # Availability: from when, how many hours, and the season.
    start = max(opening.starts_on, today)
    available = candidate.available_from
    if available is None or available <= start:
        add(Criterion("availability", MET, 1.0, w["availability"], False, (available, start)))
    elif (available - start).days <= SOON_DAYS:
        add(Criterion("availability", PARTIAL, 0.5, w["availability"], False, (available, start)))
    else:
        add(Criterion("availability", MISSING, 0.0, w["availability"], False, (available, start)))
    hours = opening.hours_per_week
    if candidate.max_hours is None or candidate.max_hours >= hours:
        add(Criterion("hours", MET, 1.0, w["hours"], False, (candidate.max_hours, hours)))
    else:
        add(
            Criterion(
                "hours", PARTIAL, candidate.max_hours / hours, w["hours"], False, (candidate.max_hours, hours)
            )
        )
    if opening.seasonal:
        if candidate.seasonal_work:
            add(Criterion("season", MET, 1.0, w["season"], False, ()))
        else:
            add(Criterion("season", MISSING, 0.0, w["season"], False, ()))

    # Wishes: what the person wants to work with, when they have said.
    if candidate.wished_occupations:
        digits, code = _closeness(candidate.wish_index, opening.prefixes)
        status = MET if digits == 4 else (PARTIAL if digits else MISSING)
        add(Criterion("wishes", status, digits / 4, w["wishes"], False, (digits, code)))

    excluded = False
    total = weighted = 0.0
    for c in criteria:
        if c.required and c.status != MET:
            excluded = True
        total += c.weight
        weighted += c.weight * c.fraction
    score = 100.0 * weighted / total if total else 100.0
    return Match(candidate.person_id, opening.opening_id, score, excluded, tuple(criteria))


# ---------------------------------------------------------------------------- the matching: ranking
# Ranking thousands scores each pair with a function made once per opening (``scorer``): the same
# rules as ``evaluate``, as arithmetic on what the opening asks, with no explanation built. A page then
# explains only what it shows, with ``evaluate``. A property test holds the two to the same score and
# the same exclusion for every candidate and opening.
class Scored(NamedTuple):
    person_id: int
    opening_id: int
    score: float
    excluded: bool


class Ranking(NamedTuple):
    matches: list[Scored]  # best first
    excluded: list[Scored]


def scorer(opening: OpeningData, today: dt.date):
    """A function candidate → (score, excluded) for this opening, equal to ``evaluate``'s."""
    w = opening.weights
    w_occupation, w_experience, w_norwegian = w["occupation"], w["experience"], w["norwegian"]
    w_availability, w_hours, w_wishes = w["availability"], w["hours"], w["wishes"]
    p4, p3, p2, p1 = opening.prefixes
    transport, bus = opening.transport_provided, opening.bus_connection
    start = max(opening.starts_on, today)
    hours = opening.hours_per_week
    oral, written = opening.oral, opening.written
    experience = opening.experience
    target = experience.target if experience else DEFAULT_EXPERIENCE_YEARS
    hard_years = experience.required if experience else 0.0
    fixed = w_occupation + w_experience + w_availability + w_hours
    if oral:
        fixed += w_norwegian
    if written:
        fixed += w_norwegian
    item_groups = []
    for requirements, weight, held_of in (
        (opening.licences, w["licences"], lambda c: c.licences),
        (opening.certificates, w["certificates"], lambda c: c.certificates),
    ):
        if requirements:
            fixed += weight
            values = [r.value for r in requirements]
            required = frozenset(r.value for r in requirements if r.required)
            item_groups.append((held_of, values, required, weight))
    physical = [(LIMIT_FOR_DEMAND.get(r.value), r.required) for r in opening.physical]
    w_physical = w["physical"]
    if physical:
        fixed += w_physical
    seasonal = opening.seasonal
    w_season = w["season"]
    if seasonal:
        fixed += w_season

    def score(c: Candidate) -> tuple[float, bool]:
        excluded = not (transport or (bus and c.takes_bus) or (c.has_car and "B" in c.licences))
        index = c.experience_index
        if p4 in index:
            weighted = w_occupation
        elif p3 in index:
            weighted = 0.75 * w_occupation
        elif p2 in index:
            weighted = 0.5 * w_occupation
        elif p1 in index:
            weighted = 0.25 * w_occupation
        else:
            weighted = 0.0
        years = c.years_by_minor_group.get(p3, 0.0)
        if years >= target:
            weighted += w_experience
        else:
            weighted += w_experience * years / target
            if years < hard_years:
                excluded = True
        if oral:
            has, needs = c.norwegian_oral, int(oral.target)
            if has >= needs:
                weighted += w_norwegian
            else:
                weighted += w_norwegian * has / needs
                if has < oral.required:
                    excluded = True
        if written:
            has, needs = c.norwegian_written, int(written.target)
            if has >= needs:
                weighted += w_norwegian
            else:
                weighted += w_norwegian * has / needs
                if has < written.required:
                    excluded = True
        for held_of, values, required, weight in item_groups:
            held = held_of(c)
            met = 0
            for value in values:
                if value in held:
                    met += 1
            weighted += weight * met / len(values)
            if not required <= held:
                excluded = True
        if physical:
            limits = c.limits
            clashes = 0
            for limit, hard in physical:
                if limit in limits:
                    clashes += 1
                    if hard:
                        excluded = True
            weighted += w_physical * (1 - clashes / len(physical))
        available = c.available_from
        if available is None or available <= start:
            weighted += w_availability
        elif (available - start).days <= SOON_DAYS:
            weighted += 0.5 * w_availability
        most = c.max_hours
        weighted += w_hours if most is None or most >= hours else w_hours * most / hours
        if seasonal and c.seasonal_work:
            weighted += w_season
        total = fixed
        wishes = c.wish_index
        if wishes:
            total += w_wishes
            if p4 in wishes:
                weighted += w_wishes
            elif p3 in wishes:
                weighted += 0.75 * w_wishes
            elif p2 in wishes:
                weighted += 0.5 * w_wishes
            elif p1 in wishes:
                weighted += 0.25 * w_wishes
        return (100.0 * weighted / total if total else 100.0), excluded

    return score


def _split(scored: Iterable[Scored]) -> Ranking:
    kept, excluded = [], []
    for s in scored:
        (excluded if s.excluded else kept).append(s)
    return Ranking(kept, excluded)


def rank_candidates(candidates: Iterable[Candidate], opening: OpeningData, today: dt.date) -> Ranking:
    """The candidates for an opening, best first (ties by person id, so the order is stable)."""
    score = scorer(opening, today)
    oid = opening.opening_id
    ranking = _split(Scored(c.person_id, oid, *score(c)) for c in candidates)
    ranking.matches.sort(key=lambda s: (-s.score, s.person_id))
    return ranking


def rank_openings(candidate: Candidate, openings: Iterable[OpeningData], today: dt.date) -> Ranking:
    """The openings for a candidate, best first (ties by opening id)."""
    pid = candidate.person_id
    ranking = _split(Scored(pid, o.opening_id, *o.scorer(today)(candidate)) for o in openings)
    ranking.matches.sort(key=lambda s: (-s.score, s.opening_id))
    return ranking
