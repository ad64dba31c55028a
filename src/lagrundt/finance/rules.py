"""Who the state pays which grant for, in which year, and at which rate. Pure functions, no database.

A person's facts come in as an ``Entitled`` (built by ``selectors`` from the register and this app's
own facts, or by ``scenarios`` for planned settlements); the rules' numbers come in as
``Parameters`` and the rates as a ``RateBook``. Out come ``GrantLine``s: one grant for one calendar
year, with the municipality that receives it and whether it rests on an assumption.

Grant years are calendar years: year 1 is the year of settlement. Each rule names its source; the
ids in brackets are the entries of the facts file (docs/finance.md lists them with their sources).
"""

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from lagrundt.core.dates import add_years, age_on
from lagrundt.people.models import SettlementCategory
from lagrundt.people.rules import ADULT_AGE
from lagrundt.routines.rules import Offset

from .models import Decision, DisabilityKind, GrantCode, ReferenceStatus, YearOneGroup, group_of
from .money import ZERO, Amount, split_quarters
from .parameters import MOVE_YEAR_OLD, PAYMENT_NEXT_QUARTER, Parameters

C = GrantCode
YEAR_ONE_CODE = {
    YearOneGroup.SINGLE_ADULT: C.INTEGRATION_Y1_SINGLE_ADULT.value,
    YearOneGroup.ADULT: C.INTEGRATION_Y1_ADULT.value,
    YearOneGroup.CHILD: C.INTEGRATION_Y1_CHILD.value,
    YearOneGroup.UNACCOMPANIED_MINOR: C.INTEGRATION_Y1_UNACCOMPANIED_MINOR.value,
}
LATER_YEAR_CODE = {
    2: C.INTEGRATION_Y2.value,
    3: C.INTEGRATION_Y3.value,
    4: C.INTEGRATION_Y4.value,
    5: C.INTEGRATION_Y5.value,
}
NORWEGIAN_CODE = {
    (1, "high"): C.NORWEGIAN_Y1_HIGH.value,
    (1, "low"): C.NORWEGIAN_Y1_LOW.value,
    (2, "high"): C.NORWEGIAN_Y2_HIGH.value,
    (2, "low"): C.NORWEGIAN_Y2_LOW.value,
    (3, "high"): C.NORWEGIAN_Y3_HIGH.value,
    (3, "low"): C.NORWEGIAN_Y3_LOW.value,
}
MAX_INTEGRATION_YEARS = len(LATER_YEAR_CODE) + 1
MAX_NORWEGIAN_YEARS = 3

# Which rule made a line, and its source: shown beside every line of a person's schedule. (The facts
# file's entries behind them: tilskudd.integrering.structure and .eligibility_extra, tilskudd.eldre,
# tilskudd.barnehage, tilskudd.enslige_mindrearige, tilskudd.nedsatt_funksjonsevne, tilskudd.norsk and
# intro.target_age_prop81; a page shows the source, not these ids.)
RULE_SOURCES = {
    "integration": "Statsbudsjettet kap. 671 post 61; imdi.no/tilskudd/integreringstilskudd",
    "elderly": "imdi.no/tilskudd/integreringstilskudd (eldretilskudd)",
    "kindergarten": "imdi.no/tilskudd/integreringstilskudd (barnehagetilskudd)",
    "unaccompanied_minor": "imdi.no, tilskudd enslige mindreårige; KS statsbudsjettet 2023",
    "disability": "imdi.no, særskilt tilskudd ved bosetting av personer med nedsatt funksjonsevne",
    "norwegian": "imdi.no, tilskudd til opplæring i norsk og samfunnskunnskap; Prop. 81 L (2024–2025) "
    "kap. 12.1",
}


@dataclass(frozen=True, slots=True)
class DisabilityDecision:
    kind: str
    decision: str
    decided_on: dt.date | None = None
    amount_per_year: Decimal | None = None
    first_year: int | None = None
    last_year: int | None = None


class Entitled(NamedTuple):
    """The facts about one person that the grants depend on.

    A named tuple rather than a dataclass: a national forecast makes one per person, and a frozen
    dataclass costs three times as much to build.
    """

    person_id: int
    municipality_id: int
    birth_date: dt.date
    category: str = ""
    # First settlement in Norway: the register's settlement, or an earlier one entered in this app.
    settled_on: dt.date | None = None
    country: str = ""
    # Settled with no spouse or child: the year-1 rate for single adults.
    settled_alone: bool = False
    # For a child with no settlement of its own (born here): the mother's settlement.
    mother_settled_on: dt.date | None = None
    # For a family immigrant: the reference person's first settlement (None: not known) and status.
    reference_settled_on: dt.date | None = None
    reference_status: str = ""
    year_one_group: str = ""
    norwegian_band: str = ""
    moved_out_on: dt.date | None = None
    moved_to: int | None = None  # a municipality in Lagrundt, or None: elsewhere
    disability: tuple[DisabilityDecision, ...] = ()


@dataclass(frozen=True, slots=True)
class GrantLine:
    """One grant for one person and calendar year."""

    code: str
    year: int
    grant_year: int
    recipient: int | None  # the municipality that receives it; None when the person moved elsewhere
    quarter: int  # 1–4: paid at once in that quarter; 0: spread over the year's four quarters
    rule: str
    assumed: bool = False  # rests on a fact the register does not hold, or an unverified parameter
    fixed: Decimal | None = None  # an amount decided for this person (disability grant 2)

    @property
    def group(self) -> str:
        return group_of(self.code)


# ---------------------------------------------------------------------------- the rules
def quarter_of(day: dt.date) -> int:
    return (day.month - 1) // 3 + 1


def grant_start(p: Entitled, params: Parameters) -> dt.date | None:
    """The day a person's grant years count from, or None if the person gives no grant.

    The first settlement; for a child born in Norway, its birth, if that is at most 6 months after
    the mother's settlement [tilskudd.integrering.eligibility_extra].
    """
    if p.settled_on is not None:
        return p.settled_on
    mother = p.mother_settled_on
    if mother is not None and mother <= p.birth_date <= Offset(
        months=params.born_after_settlement_months
    ).after(mother):
        return p.birth_date
    return None


def born_after_settlement(p: Entitled) -> bool:
    return p.settled_on is None


def integration_years(p: Entitled, start: dt.date, params: Parameters) -> tuple[int, int]:
    """How many grant years the integration grant runs, and from which grant year it is assumed.

    The settlement year and four more; three for a family immigrant of a person with humanitarian
    status; none when the family immigration came more than five years after the reference person's
    first settlement [tilskudd.integrering.structure, tilskudd.integrering.eligibility_extra].
    The second number is the first grant year that rests on an unknown fact (0: none does).
    """
    full = min(params.integration_years, MAX_INTEGRATION_YEARS)
    if p.category != SettlementCategory.FAMILY_REUNIFICATION:
        return full, 0
    assumed_from = 0
    reference = p.reference_settled_on
    if reference is None:
        assumed_from = 1  # whether the five-year limit is kept cannot be checked
    elif start > add_years(reference, params.family_immigration_limit_years):
        return 0, 0
    short = min(params.integration_years_family_of_humanitarian, full)
    if p.reference_status == ReferenceStatus.HUMANITARIAN:
        return short, assumed_from
    if not p.reference_status and full > short:
        # Unknown status: the full period is assumed, and the years past the short one rest on it.
        return full, assumed_from or short + 1
    return full, assumed_from


def year_one_group(p: Entitled, start: dt.date) -> str:
    """Which year-1 rate: unaccompanied minor, child (under 18 at settlement), single adult (settled
    without spouse or child) or adult [tilskudd.integrering.structure]."""
    if p.year_one_group:
        return p.year_one_group
    if p.category == SettlementCategory.UNACCOMPANIED_MINOR:
        return YearOneGroup.UNACCOMPANIED_MINOR
    if age_on(p.birth_date, start) < ADULT_AGE:
        return YearOneGroup.CHILD
    return YearOneGroup.SINGLE_ADULT if p.settled_alone else YearOneGroup.ADULT


def payment_quarter(start: dt.date, params: Parameters) -> int:
    """The quarter year-1 amounts are paid in (once, after settlement) [tilskudd.integrering.structure]."""
    quarter = quarter_of(start)
    if params.payment_year_one == PAYMENT_NEXT_QUARTER:
        return min(quarter + 1, 4)
    return quarter


def norwegian_band(p: Entitled, params: Parameters) -> tuple[str, bool]:
    """High or low rate by country background, and whether that rests on the unverified country list."""
    if p.norwegian_band:
        return p.norwegian_band, False
    band = "low" if p.country.upper() in params.norwegian_low_rate_countries else "high"
    return band, params.is_assumed("norwegian.low_rate_countries")


def recipient(p: Entitled, year: int, params: Parameters) -> tuple[int | None, bool]:
    """Who receives a year's grant: the person's municipality, and after a move the new one, which
    gets the remaining grant years. Whether the old or new one gets the year of the move is a
    parameter (and assumed while it is not verified)."""
    moved = p.moved_out_on
    if moved is None or year < moved.year:
        return p.municipality_id, False
    if year > moved.year:
        return p.moved_to, False
    to = p.municipality_id if params.move_year_to == MOVE_YEAR_OLD else p.moved_to
    return to, params.is_assumed("move_out.year_of_move")


def schedule(p: Entitled, params: Parameters) -> list[GrantLine]:
    """Every grant line of one person, in year order within each grant."""
    start = grant_start(p, params)
    if start is None:
        return []
    lines: list[GrantLine] = []
    first_year = start.year
    paid_at_once = payment_quarter(start, params)
    age = age_on(p.birth_date, start)

    def add(code, year, grant_year, quarter, rule, assumed=False, fixed=None):
        to, move_assumed = recipient(p, year, params)
        lines.append(GrantLine(code, year, grant_year, to, quarter, rule, assumed or move_assumed, fixed))

    years, assumed_from = integration_years(p, start, params)
    if years:
        group = year_one_group(p, start)
        for grant_year in range(1, years + 1):
            code = YEAR_ONE_CODE[group] if grant_year == 1 else LATER_YEAR_CODE[grant_year]
            assumed = bool(assumed_from) and grant_year >= assumed_from
            quarter = paid_at_once if grant_year == 1 else 0
            add(code, first_year + grant_year - 1, grant_year, quarter, "integration", assumed)
        once_assumed = assumed_from == 1
        # One-time grants with the first year [tilskudd.eldre, tilskudd.barnehage].
        if age >= params.elderly_min_age:
            add(C.ELDERLY.value, first_year, 1, paid_at_once, "elderly", once_assumed)
        if age <= params.kindergarten_max_age:
            add(C.KINDERGARTEN.value, first_year, 1, paid_at_once, "kindergarten", once_assumed)

    # Unaccompanied minors: every year until and including the year they turn 20, in two age
    # bands [tilskudd.enslige_mindrearige].
    if p.category == SettlementCategory.UNACCOMPANIED_MINOR and age < ADULT_AGE:
        birth_year = p.birth_date.year
        for year in range(first_year, birth_year + params.minor_last_age + 1):
            younger = year - birth_year <= params.minor_younger_band_last_age
            code = C.UNACCOMPANIED_MINOR_YOUNGER.value if younger else C.UNACCOMPANIED_MINOR_OLDER.value
            add(code, year, year - first_year + 1, 0, "unaccompanied_minor")

    # Disabilities: only what IMDi granted. Grant 1 once, decided in grant year 1 or 2; grant 2 the
    # amount decided per year, within the integration grant's years [tilskudd.nedsatt_funksjonsevne].
    for decision in p.disability:
        if decision.decision != Decision.GRANTED or decision.decided_on is None:
            continue
        if decision.kind == DisabilityKind.ONE_OFF:
            grant_year = decision.decided_on.year - first_year + 1
            if 1 <= grant_year <= params.disability_one_off_last_grant_year:
                add(
                    C.DISABILITY_ONE_OFF.value,
                    decision.decided_on.year,
                    grant_year,
                    quarter_of(decision.decided_on),
                    "disability",
                )
        elif years and decision.amount_per_year is not None and decision.first_year and decision.last_year:
            last = min(decision.last_year, first_year + years - 1)
            for year in range(max(decision.first_year, first_year), last + 1):
                add(
                    C.DISABILITY_ANNUAL.value,
                    year,
                    year - first_year + 1,
                    0,
                    "disability",
                    fixed=decision.amount_per_year,
                )

    # Norwegian and civics training: a per-person grant for adults with the right to training, for
    # three years at a high or low rate, one year under collective protection [tilskudd.norsk].
    if params.norwegian_min_age <= age <= params.norwegian_max_age and not born_after_settlement(p):
        if p.category == SettlementCategory.TEMPORARY_COLLECTIVE_PROTECTION:
            for grant_year in range(1, params.norwegian_years_collective_protection + 1):
                add(
                    C.NORWEGIAN_COLLECTIVE_PROTECTION.value,
                    first_year + grant_year - 1,
                    grant_year,
                    0,
                    "norwegian",
                )
        else:
            band, band_assumed = norwegian_band(p, params)
            for grant_year in range(1, min(params.norwegian_years, MAX_NORWEGIAN_YEARS) + 1):
                add(
                    NORWEGIAN_CODE[(grant_year, band)],
                    first_year + grant_year - 1,
                    grant_year,
                    0,
                    "norwegian",
                    band_assumed,
                )
    return lines


# ---------------------------------------------------------------------------- rates
@dataclass(frozen=True, slots=True)
class RateUse:
    """The rate used for a code in a year: its amount, the year it was set for and whether it is
    assumed (a rate of another year, or one that is not verified)."""

    amount: Decimal
    rate_year: int
    assumed: bool


class RateBook:
    """The known rates, looked up by code and year.

    A year without its own rate takes the latest earlier one (or, before the first known year, the
    earliest): that is a forecast, and marked as assumed, as is a rate that is not verified.
    """

    def __init__(self, rates: Iterable[tuple[str, int, Decimal, bool]]):
        self._by_code: dict[str, dict[int, tuple[Decimal, bool]]] = defaultdict(dict)
        for code, year, amount, official in rates:
            self._by_code[code][year] = (Decimal(amount), bool(official))
        self._cache: dict[tuple[str, int], RateUse | None] = {}

    def lookup(self, code: str, year: int) -> RateUse | None:
        key = (code, year)
        if key in self._cache:
            return self._cache[key]
        years = self._by_code.get(code)
        found = None
        if years:
            if year in years:
                amount, official = years[year]
                found = RateUse(amount, year, not official)
            else:
                earlier = [y for y in years if y < year]
                used = max(earlier) if earlier else min(years)
                found = RateUse(years[used][0], used, True)
        self._cache[key] = found
        return found

    def price(self, line: GrantLine) -> Amount:
        if line.fixed is not None:
            return Amount(line.fixed, line.assumed)
        rate = self.lookup(line.code, line.year)
        if rate is None:
            return Amount(ZERO, line.assumed, 1)
        return Amount(rate.amount, rate.assumed or line.assumed)


# ---------------------------------------------------------------------------- many persons at once
@dataclass
class Tally:
    """Grant lines of many persons counted by what prices them alike, and the persons behind them.

    ``lines[(recipient, code, year, quarter, assumed)]`` is a count; ``fixed`` holds the sums of
    decided amounts under the same key and ``fixed_lines`` how many lines they are;
    ``persons[(recipient, group, year)]`` and ``persons_by_year[(recipient, year)]`` count persons.
    """

    lines: Counter = field(default_factory=Counter)
    fixed: dict = field(default_factory=lambda: defaultdict(lambda: ZERO))
    fixed_lines: Counter = field(default_factory=Counter)
    persons: Counter = field(default_factory=Counter)
    persons_by_year: Counter = field(default_factory=Counter)


def schedule_key(p: Entitled, params: Parameters) -> tuple | None:
    """Everything ``schedule`` reads of a person, reduced to what changes its lines: persons with the
    same key have the same lines. None for a person who gives no grant.

    The settlement's year and quarter rather than its day, and the age only as the rules' thresholds
    see it (child or adult, kindergarten, elderly, Norwegian training), so that a national register
    falls into a few thousand groups.
    """
    start = p.settled_on
    if start is None:
        start = grant_start(p, params)
        if start is None:
            return None
    birth = p.birth_date
    age = age_on(birth, start)
    category = p.category
    reference = None
    if category == SettlementCategory.FAMILY_REUNIFICATION:
        ref = p.reference_settled_on
        late = None if ref is None else start > add_years(ref, params.family_immigration_limit_years)
        reference = (late, p.reference_status)
    norwegian = params.norwegian_min_age <= age <= params.norwegian_max_age
    moved = p.moved_out_on
    return (
        p.municipality_id,
        start.year,
        (start.month - 1) // 3,
        age < ADULT_AGE,
        age <= params.kindergarten_max_age,
        age >= params.elderly_min_age,
        norwegian,
        start.year - birth.year if category == SettlementCategory.UNACCOMPANIED_MINOR else 0,
        category,
        p.settled_alone,
        p.year_one_group,
        reference,
        (p.norwegian_band or p.country.upper() in params.norwegian_low_rate_countries) if norwegian else None,
        p.settled_on is None,
        (moved.year, p.moved_to) if moved is not None else None,
        p.disability,
    )


def tally(
    people: Iterable[Entitled],
    params: Parameters,
    years: range,
    recipients: set[int] | frozenset[int] | None = None,
    into: Tally | None = None,
) -> Tally:
    """Count the grant lines of many persons in ``years`` received by ``recipients`` (all if None).

    Persons are first grouped by ``schedule_key``: the rules run once per group (a few thousand at
    national scale rather than a hundred and fifty thousand times), and the group's lines count as
    many times as it has persons.
    """
    result = into if into is not None else Tally()
    lines, fixed, persons, by_year = result.lines, result.fixed, result.persons, result.persons_by_year
    fixed_lines = result.fixed_lines
    first, last = years.start, years.stop - 1
    groups: dict[tuple, list] = {}
    for p in people:
        key = schedule_key(p, params)
        if key is None:
            continue
        group = groups.get(key)
        if group is None:
            groups[key] = [1, p]
        else:
            group[0] += 1
    for count, p in groups.values():
        seen = set()
        for line in schedule(p, params):
            if not first <= line.year <= last or line.recipient is None:
                continue
            if recipients is not None and line.recipient not in recipients:
                continue
            key = (line.recipient, line.code, line.year, line.quarter, line.assumed)
            if line.fixed is not None:
                fixed[key] += line.fixed * count
                fixed_lines[key] += count
            else:
                lines[key] += count
            seen.add((line.recipient, group_of(line.code), line.year))
        for key in seen:
            persons[key] += count
        for key in {(recipient, year) for recipient, _group, year in seen}:
            by_year[key] += count
    return result


@dataclass
class Receipts:
    """Expected receipts: per (municipality, grant group, year) and per (municipality, year, quarter).

    ``lines[(municipality, code, year, quarter)]`` counts the grant lines the amounts are made of
    (quarter 0: spread over the year): what small-number protection of the amounts is decided on.
    """

    by_group: dict[tuple[int, str, int], Amount]
    by_quarter: dict[tuple[int, int, int], Amount]
    persons: Counter
    persons_by_year: Counter
    lines: Counter = field(default_factory=Counter)

    def year_total(self, municipality_id: int, year: int) -> Amount:
        return sum(
            (a for (m, _g, y), a in self.by_group.items() if m == municipality_id and y == year), Amount()
        )


def price_tally(t: Tally, book: RateBook) -> Receipts:
    """Price counted lines. A year's amount spread over quarters is split per unit first, so that the
    quarters add up to the year exactly."""
    by_group: dict[tuple[int, str, int], Amount] = defaultdict(Amount)
    by_quarter: dict[tuple[int, int, int], Amount] = defaultdict(Amount)

    def book_it(recipient, code, year, quarter, total: Amount, unit_kroner: Decimal, count: int):
        by_group[(recipient, group_of(code), year)] += total
        if quarter:
            by_quarter[(recipient, year, quarter)] += total
            return
        for q, part in enumerate(split_quarters(unit_kroner), start=1):
            # Grant years without a rate are counted once, in the first quarter.
            by_quarter[(recipient, year, q)] += Amount(
                part * count, total.assumed, total.missing if q == 1 else 0
            )

    lines: Counter = Counter()
    for (recipient, code, year, quarter, _assumed), count in [*t.lines.items(), *t.fixed_lines.items()]:
        lines[(recipient, code, year, quarter)] += count
    for (recipient, code, year, quarter, assumed), count in t.lines.items():
        rate = book.lookup(code, year)
        unit = Amount(ZERO, assumed, 1) if rate is None else Amount(rate.amount, rate.assumed or assumed)
        book_it(recipient, code, year, quarter, unit.times(count), unit.kroner, count)
    for (recipient, code, year, quarter, assumed), kroner in t.fixed.items():
        book_it(recipient, code, year, quarter, Amount(kroner, assumed), kroner, 1)
    return Receipts(dict(by_group), dict(by_quarter), t.persons, t.persons_by_year, lines)


def add_receipts(a: Receipts, b: Receipts) -> Receipts:
    """Two sets of receipts together (the register and a scenario's planned settlements)."""
    by_group = defaultdict(Amount, a.by_group)
    for key, amount in b.by_group.items():
        by_group[key] += amount
    by_quarter = defaultdict(Amount, a.by_quarter)
    for key, amount in b.by_quarter.items():
        by_quarter[key] += amount
    return Receipts(
        dict(by_group),
        dict(by_quarter),
        a.persons + b.persons,
        a.persons_by_year + b.persons_by_year,
        a.lines + b.lines,
    )
