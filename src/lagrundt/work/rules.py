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
    hours_per_week: int
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

    def __post_init__(self):
        def threshold(kind, number):
            found = [(number(r.value), r.required) for r in self.requirements if r.kind == kind]
            if not found:
                return None
            return Threshold(max(n for n, _r in found), max((n for n, r in found if r), default=0))

        def items(kind):
            return tuple(r for r in self.requirements if r.kind == kind)

        set_ = object.__setattr__
        set_(self, "oral", threshold(RequirementKind.NORWEGIAN_ORAL, cefr_rank))
        set_(self, "written", threshold(RequirementKind.NORWEGIAN_WRITTEN, cefr_rank))
        set_(self, "experience", threshold(RequirementKind.EXPERIENCE, float))
        set_(self, "licences", items(RequirementKind.LICENCE))
        set_(self, "certificates", items(RequirementKind.CERTIFICATE))
        set_(self, "physical", items(RequirementKind.PHYSICAL))

    @property
    def seasonal(self) -> bool:
        return self.kind == OpeningKind.SEASONAL


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
def _closeness(codes: Iterable[str], target: str) -> tuple[int, str]:
    """The most leading digits any of ``codes`` shares with ``target``, and that code."""
    best, best_code = 0, ""
    for code in codes:
        n = 0
        for a, b in zip(code, target, strict=False):
            if a != b:
                break
            n += 1
        if n > best:
            best, best_code = n, code
            if n == 4:
                break
    return best, best_code


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
    digits, code = _closeness((o for o, _y in candidate.experience), opening.occupation)
    status = MET if digits == 4 else (PARTIAL if digits else MISSING)
    add(Criterion("occupation", status, digits / 4, w["occupation"], False, (digits, code)))

    # Experience: years in the same minor group (three digits); the requirement, or a year, is full.
    years = sum(y for o, y in candidate.experience if o[:3] == opening.occupation[:3])
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
        digits, code = _closeness(candidate.wished_occupations, opening.occupation)
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


class Ranking(NamedTuple):
    matches: list[Match]  # best first
    excluded: list[Match]


def _ranked(matches: Iterable[Match], key) -> Ranking:
    kept, excluded = [], []
    for m in matches:
        (excluded if m.excluded else kept).append(m)
    kept.sort(key=key)
    return Ranking(kept, excluded)


def rank_candidates(candidates: Iterable[Candidate], opening: OpeningData, today: dt.date) -> Ranking:
    """The candidates for an opening, best first (ties by person id, so the order is stable)."""
    return _ranked((evaluate(c, opening, today) for c in candidates), key=lambda m: (-m.score, m.person_id))


def rank_openings(candidate: Candidate, openings: Iterable[OpeningData], today: dt.date) -> Ranking:
    """The openings for a candidate, best first."""
    return _ranked((evaluate(candidate, o, today) for o in openings), key=lambda m: (-m.score, m.opening_id))
