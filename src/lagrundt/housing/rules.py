"""Pure rules of housing: the bedrooms a household needs, and which vacant dwellings fit it, with reasons.

No database access. The selectors load plain data (``Needs``, ``DwellingFacts``) once, after the
database has filtered the stock to what can fit at all (the municipality, vacant on the day, enough
bedrooms); the rules score what is left. The numbers (who shares a room, the share of income rent
may take, how far is far) are each municipality's data in ``profiles/*.yaml``.

Every suggestion carries its reasons in words, good and bad, as the work matching does: a case worker
sees *why* a dwelling is first, and what to look at before choosing it.
"""

import datetime as dt
import math
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lagrundt.core.formats import kroner

SCHOOL_AGES = (6, 15)  # grades 1–10, as a rule of thumb for the distance to school

MSG_ROOMS = gettext_lazy("A dwelling has at least one room.")
MSG_BEDROOMS = gettext_lazy("A dwelling cannot have more bedrooms (%(bedrooms)s) than rooms (%(rooms)s).")
MSG_NEGATIVE = gettext_lazy("An amount cannot be below 0 kroner.")
MSG_PERIOD = gettext_lazy("The end cannot be before the start.")


@dataclass(frozen=True)
class BedroomRule:
    """Who shares a bedroom: the couple, children up to an age, so many to a room."""

    couple_shares: bool = True
    adult_from_age: int = 18
    children_share_to_age: int = 12
    children_per_room: int = 2


def bedrooms_needed(ages: list[int] | tuple[int, ...], couple: bool, rule: BedroomRule) -> int:
    """The bedrooms a household of these ages needs (at least one)."""
    adults = sum(1 for a in ages if a >= rule.adult_from_age)
    sharing = sum(1 for a in ages if a <= rule.children_share_to_age)
    older = len(ages) - adults - sharing
    adult_rooms = adults - 1 if couple and rule.couple_shares and adults >= 2 else adults
    child_rooms = math.ceil(sharing / rule.children_per_room) + older
    return max(1, adult_rooms + child_rooms)


def check_dwelling(rooms: int | None, bedrooms: int | None, amounts: dict[str, Decimal | None]) -> None:
    """A dwelling's numbers that cannot be: raises one ``ValidationError`` naming every field wrong."""
    errors: dict[str, list] = {}
    if rooms is not None and rooms < 1:
        errors["rooms"] = [ValidationError(MSG_ROOMS, code="rooms")]
    if rooms is not None and bedrooms is not None and rooms >= 1 and bedrooms > rooms:
        errors["bedrooms"] = [
            ValidationError(MSG_BEDROOMS, code="bedrooms", params={"bedrooms": bedrooms, "rooms": rooms})
        ]
    for name, value in amounts.items():
        if value is not None and value < 0:
            errors[name] = [ValidationError(MSG_NEGATIVE, code="negative")]
    if errors:
        raise ValidationError(errors)


def overlaps(start: dt.date, end: dt.date | None, other_start: dt.date, other_end: dt.date | None) -> bool:
    """Whether two periods (an open end runs on) share a day."""
    return (other_end is None or start <= other_end) and (end is None or other_start <= end)


# ---------------------------------------------------------------------------- suggestions
@dataclass(frozen=True)
class Needs:
    """What the suggestions know of a household: ages on the day, a couple or not, and its needs."""

    ages: tuple[int, ...]
    couple: bool
    accessible: bool = False
    has_car: bool | None = None  # None: not known; few who come have one (Ål 3.4)
    income: Decimal | None = None  # expected per month, whole kroner
    income_assumed: bool = False

    @property
    def school_children(self) -> int:
        return sum(1 for a in self.ages if SCHOOL_AGES[0] <= a <= SCHOOL_AGES[1])


@dataclass(frozen=True)
class Limits:
    """A municipality's numbers for the suggestions (from its profile)."""

    bedrooms: BedroomRule
    max_rent_share_percent: int
    school_minutes: int
    bus_minutes: int


@dataclass(frozen=True)
class DwellingFacts:
    pk: int
    address: str
    bedrooms: int
    accessible: bool
    floor: int
    has_lift: bool
    rent: Decimal
    charges: Decimal
    central: bool
    minutes_to_school: int | None
    minutes_to_bus: int | None
    minutes_to_centre: int | None

    @property
    def monthly(self) -> Decimal:
        return self.rent + self.charges


@dataclass(frozen=True)
class Reason:
    good: bool  # True: speaks for the dwelling; False: something to look at
    text: str


@dataclass(frozen=True)
class Suggestion:
    dwelling: DwellingFacts
    score: int
    reasons: tuple[Reason, ...]


def evaluate(
    d: DwellingFacts, needs: Needs, limits: Limits, *, wanted: int | None = None, explain: bool = True
) -> Suggestion | None:
    """A dwelling scored for a household, with its reasons; None when it cannot fit at all.

    Without ``explain`` only the score is computed (no sentences): ``rank`` scores every candidate so,
    and explains the ones it shows.
    """
    if wanted is None:
        wanted = bedrooms_needed(needs.ages, needs.couple, limits.bedrooms)
    if d.bedrooms < wanted or (needs.accessible and not d.accessible):
        return None
    reasons: list[Reason] = []

    def say(good: bool, text) -> None:
        if explain:
            reasons.append(Reason(good, text()))

    score = 0
    extra = d.bedrooms - wanted
    if extra == 0:
        score += 30
        say(True, lambda: _("%(n)s bedrooms, as the household needs") % {"n": d.bedrooms})
    else:
        score += 20 if extra == 1 else 10
        say(
            extra == 1,
            lambda: (
                _("%(n)s bedrooms, %(extra)s more than the household needs (%(wanted)s)")
                % {"n": d.bedrooms, "extra": extra, "wanted": wanted}
            ),
        )
    if needs.accessible:
        score += 20
        say(True, lambda: _("Suited for wheelchair users"))
    elif d.floor > 1 and not d.has_lift:
        say(False, lambda: _("Floor %(floor)s without a lift") % {"floor": d.floor})
    if needs.school_children:
        if d.minutes_to_school is None:
            say(False, lambda: _("Travel time to school not entered"))
        elif d.minutes_to_school <= limits.school_minutes:
            score += 15
            say(True, lambda: _("%(n)s minutes to school") % {"n": d.minutes_to_school})
        else:
            score -= 10
            say(
                False,
                lambda: (
                    _("%(n)s minutes to school, more than %(limit)s")
                    % {"n": d.minutes_to_school, "limit": limits.school_minutes}
                ),
            )
    if d.central:
        score += 15
        say(True, lambda: _("Central location"))
    elif not needs.has_car:
        if d.minutes_to_bus is not None and d.minutes_to_bus <= limits.bus_minutes:
            score += 5
            say(True, lambda: _("Not central, but %(n)s minutes to the bus") % {"n": d.minutes_to_bus})
        elif d.minutes_to_bus is None:
            score -= 10
            say(False, lambda: _("Not central, and the way to the bus is not entered"))
        else:
            score -= 15
            say(
                False,
                lambda: (
                    _("Not central and %(n)s minutes to the bus, without a car") % {"n": d.minutes_to_bus}
                ),
            )
    score += _rent(d, needs, limits, say)
    return Suggestion(d, score, tuple(reasons))


def _rent(d: DwellingFacts, needs: Needs, limits: Limits, say) -> int:
    if not needs.income:
        say(
            False,
            lambda: (
                _("Rent and charges %(monthly)s; expected income not known") % {"monthly": kroner(d.monthly)}
            ),
        )
        return 0
    percent = int(d.monthly * 100 / needs.income)

    def params():
        return {"monthly": kroner(d.monthly), "percent": percent, "income": kroner(needs.income)}

    def assumed():
        return " " + _("(a rate in it is assumed)") if needs.income_assumed else ""

    if percent <= limits.max_rent_share_percent:
        say(
            True,
            lambda: (
                _("Rent and charges %(monthly)s, %(percent)s %% of the expected %(income)s") % params()
                + assumed()
            ),
        )
        return 20 - percent // 10
    say(
        False,
        lambda: (
            _(
                "Rent and charges %(monthly)s, %(percent)s %% of the expected %(income)s: "
                "more than %(limit)s %%"
            )
            % {**params(), "limit": limits.max_rent_share_percent}
            + assumed()
        ),
    )
    return -20


def rank(dwellings, needs: Needs, limits: Limits, limit: int = 20) -> list[Suggestion]:
    """The dwellings that fit, best first (score, then the lower rent, then the dwelling's number);
    every one is scored, and the ``limit`` shown are explained."""
    wanted = bedrooms_needed(needs.ages, needs.couple, limits.bedrooms)
    scored = [s for d in dwellings if (s := evaluate(d, needs, limits, wanted=wanted, explain=False))]
    scored.sort(key=lambda s: (-s.score, s.dwelling.monthly, s.dwelling.pk))
    return [evaluate(s.dwelling, needs, limits, wanted=wanted) for s in scored[:limit]]
