"""Guide and buddy suggestions: which volunteers fit a refugee person or household, and why.

Pure functions on small frozen facts, so that what the matching may use is fixed by its types:

* ``Seeker`` (the person or household): the languages they speak, their interests (keys of the
  municipality's interest list), their address, when they would like to meet, and the ages of the
  children among them. Nothing else can be passed: no country, sex, religion or adult's age.
* ``Candidate`` (a volunteer): the same kinds of facts, and whether they may work with children (they
  said they will, and a police certificate was seen).

A household or person with children is never suggested a volunteer who is not cleared for children.
Every other fact only adds to the score, and each one that does is a ``Reason``: a code (stored with
a pair) and a label the page shows.
"""

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import NamedTuple

from django.utils.translation import gettext as _

from lagrundt.community.models import Availability
from lagrundt.people.languages import language_name

ADULT_AGE = 18
# Own children within this many years of a seeker's child count as "of similar ages".
SIMILAR_AGES = 2
TOP = 10

# What each kind of reason adds to a volunteer's score.
WEIGHT = {"language": 4, "interest": 2, "area": 3, "availability": 1, "children": 2}


@dataclass(frozen=True)
class Seeker:
    """What the matching may know of a refugee person or household."""

    languages: frozenset[str] = frozenset()
    interests: frozenset[str] = frozenset()  # interest keys
    address: str = ""
    availability: frozenset[str] = frozenset()  # ``Availability`` values they would like
    children_ages: tuple[int, ...] = ()  # whole years, each under 18

    def __post_init__(self):
        if any(not 0 <= age < ADULT_AGE for age in self.children_ages):
            raise ValueError("children_ages holds the ages of children only")

    @property
    def has_children(self) -> bool:
        return bool(self.children_ages)


class Candidate(NamedTuple):
    """What the matching may know of a volunteer (a named tuple: thousands are made for one page)."""

    pk: int
    languages: frozenset[str] = frozenset()
    interests: frozenset[str] = frozenset()
    area: str = ""
    availability: frozenset[str] = frozenset()
    children_ages: tuple[int, ...] = ()  # their own children's ages
    cleared_for_children: bool = False


@dataclass(frozen=True)
class Reason:
    code: str  # "language:ti", "interest:football", "area", "availability:weekend", "children"
    label: str


@dataclass(frozen=True)
class Suggestion:
    pk: int
    score: int
    reasons: tuple[Reason, ...]

    @property
    def codes(self) -> list[str]:
        return [r.code for r in self.reasons]


# ---------------------------------------------------------------------------- facts
def age_on(birth: dt.date, on: dt.date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def child_ages(birth_dates: Iterable[dt.date], on: dt.date) -> tuple[int, ...]:
    """The ages of those born on ``birth_dates`` who are children on ``on``; adults give nothing."""
    ages = (age_on(b, on) for b in birth_dates)
    return tuple(sorted(a for a in ages if 0 <= a < ADULT_AGE))


def seeker_of(
    members: Iterable,
    *,
    interests: Iterable[str] = (),
    availability: Iterable[str] = (),
    on: dt.date,
    children: Iterable[dt.date] = (),
) -> Seeker:
    """The facts of a person or household: ``members`` are the persons whose languages and address
    count (those who consented), ``children`` the birth dates of everyone in the household. Only the
    languages, interpreter language, address and the ages of children are read; an adult's birth
    date, country or sex never is."""
    languages: set[str] = set()
    address = ""
    births = list(children)
    for m in members:
        languages.update(code for code in (m.languages or []) if code)
        if m.interpreter_language:
            languages.add(m.interpreter_language)
        address = address or (m.address or "")
        births.append(m.birth_date)
    return Seeker(
        languages=frozenset(languages),
        interests=frozenset(interests),
        address=address,
        availability=frozenset(availability),
        children_ages=child_ages(births, on),
    )


def own_children_ages(birth_years: Iterable[int], on: dt.date) -> tuple[int, ...]:
    """A volunteer's children's ages from their birth years (the age they turn this year)."""
    return tuple(sorted(on.year - y for y in birth_years if 0 <= on.year - y < ADULT_AGE))


# ---------------------------------------------------------------------------- labels
def _availability_name(code: str) -> str:
    try:
        return str(Availability(code).label)
    except ValueError:
        return code


def label(code: str, interest_names: Mapping[str, str] | None = None) -> str:
    """The label of one reason code, in the user's language."""
    kind, _sep, value = code.partition(":")
    if kind == "language":
        return _("Speaks %(language)s") % {"language": language_name(value)}
    if kind == "interests":
        names = [(interest_names or {}).get(k, k) for k in value.split(",") if k]
        return _("Shares interests: %(interests)s") % {"interests": ", ".join(names)}
    if kind == "area":
        return _("Lives in %(area)s") % {"area": value}
    if kind == "availability":
        return _("Available: %(when)s") % {"when": _availability_name(value)}
    if kind == "children":
        return _("Has children of similar ages")
    return code


def labels(codes: Iterable[str], interest_names: Mapping[str, str] | None = None) -> list[str]:
    return [label(c, interest_names) for c in codes]


# ---------------------------------------------------------------------------- matching
def cleared_for(seeker: Seeker, candidate: Candidate) -> bool:
    """A household or person with children is only suggested volunteers cleared to work with children."""
    return candidate.cleared_for_children or not seeker.has_children


def _codes(seeker: Seeker, candidate: Candidate) -> tuple[int, list[str]] | None:
    """The volunteer's points and reason codes for the seeker, or None when they may not be suggested."""
    if not cleared_for(seeker, candidate):
        return None
    codes: list[str] = []
    points = 0
    for code in sorted(seeker.languages & candidate.languages):
        codes.append(f"language:{code}")
        points += WEIGHT["language"]
    shared = sorted(seeker.interests & candidate.interests)
    if shared:
        codes.append("interests:" + ",".join(shared))
        points += WEIGHT["interest"] * len(shared)
    area = candidate.area.strip()
    if area and area.casefold() in seeker.address.casefold():
        codes.append(f"area:{area}")
        points += WEIGHT["area"]
    for code in sorted(seeker.availability & candidate.availability):
        codes.append(f"availability:{code}")
        points += WEIGHT["availability"]
    if seeker.children_ages and any(
        abs(mine - theirs) <= SIMILAR_AGES
        for mine in candidate.children_ages
        for theirs in seeker.children_ages
    ):
        codes.append("children")
        points += WEIGHT["children"]
    return (points, codes) if codes else None


def _suggestion(pk: int, points: int, codes: list[str], interest_names) -> Suggestion:
    return Suggestion(pk, points, tuple(Reason(c, label(c, interest_names)) for c in codes))


def score(
    seeker: Seeker, candidate: Candidate, interest_names: Mapping[str, str] | None = None
) -> Suggestion | None:
    """The volunteer's reasons and score for the seeker, or None when they may not be suggested."""
    found = _codes(seeker, candidate)
    return _suggestion(candidate.pk, *found, interest_names) if found else None


def suggest(
    seeker: Seeker,
    candidates: Iterable[Candidate],
    *,
    top: int = TOP,
    interest_names: Mapping[str, str] | None = None,
) -> list[Suggestion]:
    """The best ``top`` volunteers for the seeker, best first (ties in the candidates' order)."""
    found = [(f[0], c.pk, f[1]) for c in candidates if (f := _codes(seeker, c)) is not None]
    found.sort(key=lambda f: -f[0])
    return [_suggestion(pk, points, codes, interest_names) for points, pk, codes in found[:top]]
