"""Capacity planning: how many dwellings of which size a year's settlement decision needs.

For a year's decision (the council's number, or IMDi's request while nothing is decided), the
persons to house are spread over the expected household mix: the compositions (adults, children)
of the households the municipality itself settled in the last years, read from the register, or,
where the register has too few of them, an entered mix. Each composition needs a number of
bedrooms (the housing rule ``rules.bedrooms_needed`` with the municipality's profile); the
dwellings needed per size are set against the stock: dwellings vacant now, dwellings whose
tenancies all end by the end of the year, and dwellings leaving the stock in that time (a lease
with the landlord that ends, or taken out of the stock).

Unaccompanied minors are left out: they are settled in care arrangements, not in the dwellings of
the stock, so the persons to house are the decided number less the unaccompanied minors in it.

Pure functions first (the split of persons over the mix, the sums per size), then the selectors
that read the register and the stock. Nothing here shows anything by itself: the page protects
the register's counts for those who see aggregates only.
"""

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from django.db.models import BooleanField, Case, Count, Exists, OuterRef, Q, Subquery, Value, When

from lagrundt.access.disclosure import Cell, protect_table
from lagrundt.core.dates import age_on
from lagrundt.people.models import Settlement, SettlementCategory
from lagrundt.settlement.models import SettlementRequest
from lagrundt.settlement.progress import year_progress

from . import rules as housing_rules
from .models import Dwelling, LeaseAgreement, Ownership, Tenancy
from .profiles import profile_for
from .rules import BedroomRule

MIX_YEARS = 5  # the household mix is read from the households settled in these last years
MIN_HOUSEHOLDS = 5  # fewer settled households than this: the register's mix says too little
MAX_BEDROOMS_SHOWN = 5  # larger needs are shown as "5 or more"


# ---------------------------------------------------------------------------- the rule
@dataclass(frozen=True, order=True)
class Composition:
    """A household by who sleeps where: adults, children who share a room, and older children."""

    adults: int
    children: int  # up to the age the municipality's rule lets share a bedroom
    older_children: int = 0

    @property
    def size(self) -> int:
        return self.adults + self.children + self.older_children

    def ages(self, rule: BedroomRule) -> list[int]:
        """Representative ages for the housing rule, which reads a household by its members' ages."""
        return (
            [rule.adult_from_age] * self.adults
            + [0] * self.children
            + [rule.children_share_to_age + 1] * self.older_children
        )


def bedrooms_needed(composition: Composition, rule: BedroomRule) -> int:
    """The bedrooms a household of this composition needs, by the municipality's rule (the one rule
    the allocation suggestions use too): two adults are taken as a couple."""
    return housing_rules.bedrooms_needed(composition.ages(rule), composition.adults >= 2, rule)


# A starting mix for a municipality whose register has too few settled households (and no entered
# one): households per composition, in proportion. Assumed, not from a source; shown as such.
DEFAULT_MIX: dict[Composition, int] = {
    Composition(1, 0): 4,
    Composition(2, 0): 1,
    Composition(1, 2): 2,
    Composition(2, 2): 2,
    Composition(2, 4): 1,
}


def households_for(persons: int, mix: Mapping[Composition, int]) -> dict[Composition, int]:
    """Households of each composition that ``persons`` make up when they come in the mix's proportions.

    The mix gives households per composition (weights). With the mix's average household size the
    persons make ``persons / average`` households, split over the compositions by their weights and
    rounded so the households add up to the rounded whole (largest remainders first).
    """
    weights = {c: w for c, w in mix.items() if w > 0 and c.size > 0}
    if persons <= 0 or not weights:
        return {}
    persons_in_mix = sum(c.size * w for c, w in weights.items())
    exact = {c: Fraction(persons * w, persons_in_mix) for c, w in weights.items()}
    total = round(sum(exact.values()))
    counts = {c: int(v) for c, v in exact.items()}
    by_remainder = sorted(exact, key=lambda c: (-(exact[c] - counts[c]), c))
    for c in by_remainder[: max(total - sum(counts.values()), 0)]:
        counts[c] += 1
    return {c: n for c, n in sorted(counts.items()) if n}


def size_key(bedrooms: int) -> int:
    return min(max(bedrooms, 1), MAX_BEDROOMS_SHOWN)


def needed_by_size(households: Mapping[Composition, int], rule: BedroomRule) -> dict[int, int]:
    needed: dict[int, int] = defaultdict(int)
    for composition, n in households.items():
        needed[size_key(bedrooms_needed(composition, rule))] += n
    return dict(needed)


# ---------------------------------------------------------------------------- the stock
@dataclass(frozen=True)
class StockState:
    """One dwelling of the stock as the plan reads it, for the period from today to the year's end."""

    bedrooms: int
    vacant: bool  # no tenancy now nor held for later
    freed: bool  # let now, but every tenancy ends within the period
    leaving: bool  # its lease ends, or it leaves the stock, within the period

    @property
    def available(self) -> bool:
        return (self.vacant or self.freed) and not self.leaving


@dataclass(frozen=True)
class SizeRow:
    bedrooms: int  # MAX_BEDROOMS_SHOWN means that many or more
    needed: int
    vacant: int
    freed: int
    leaving: int  # of the dwellings that are vacant or freed: a vacant dwelling whose lease ends is lost
    available: int

    @property
    def to_find(self) -> int:
        return max(self.needed - self.available, 0)

    @property
    def spare(self) -> int:
        return max(self.available - self.needed, 0)


def size_rows(needed: Mapping[int, int], stock: Mapping[StockState, int]) -> list[SizeRow]:
    """Per size: dwellings needed against vacant, freed and leaving, and what is still to find.

    ``stock``: how many dwellings are in each state."""
    counts: dict[int, Counter] = defaultdict(Counter)
    for d, n in stock.items():
        c = counts[size_key(d.bedrooms)]
        c["vacant"] += n * d.vacant
        c["freed"] += n * d.freed
        c["leaving"] += n * (d.leaving and (d.vacant or d.freed))
        c["available"] += n * d.available
    sizes = sorted(set(needed) | set(counts))
    return [
        SizeRow(
            bedrooms=b,
            needed=needed.get(b, 0),
            vacant=counts[b]["vacant"],
            freed=counts[b]["freed"],
            leaving=counts[b]["leaving"],
            available=counts[b]["available"],
        )
        for b in sizes
    ]


def stock_states(municipality_id: int, today: dt.date, until: dt.date) -> Counter:
    """The municipality's dwellings for refugees in the stock today, counted by their state to
    ``until``: one grouped query, whatever the size of the stock."""
    running = Tenancy.objects.filter(dwelling=OuterRef("pk")).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=today)
    )
    latest_lease = (
        LeaseAgreement.objects.filter(dwelling=OuterRef("pk"))
        .order_by("-starts_on", "-pk")
        .values("ends_on")[:1]
    )
    rows = (
        Dwelling.objects.filter(municipality_id=municipality_id, for_refugees=True)
        .filter(Q(retired_on__isnull=True) | Q(retired_on__gt=today))
        .annotate(
            let=Exists(running),
            stays=Exists(running.filter(Q(ends_on__isnull=True) | Q(ends_on__gt=until))),
            lease_ends=Subquery(latest_lease),
        )
        .annotate(
            leaving=Case(
                When(retired_on__lte=until, then=Value(True)),
                When(
                    ownership__in=[Ownership.MUNICIPAL_LEASED, Ownership.PRIVATE],
                    lease_ends__gte=today,
                    lease_ends__lte=until,
                    then=Value(True),
                ),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        .values("bedrooms", "let", "stays", "leaving")
        .annotate(n=Count("pk"))
        .order_by()
    )
    states: Counter = Counter()
    for r in rows:
        vacant = not r["let"]
        freed = bool(r["let"]) and not r["stays"]
        states[StockState(r["bedrooms"], vacant, freed, bool(r["leaving"]))] += r["n"]
    return states


# ---------------------------------------------------------------------------- the mix
def register_mix(municipality_id: int, today: dt.date, rule: BedroomRule) -> dict[Composition, int]:
    """Households settled in the municipality in the last ``MIX_YEARS`` years, by composition.

    A household is the persons of one register household settled in those years (a person without
    a household is one alone); adults and children (sharing or not, by the rule's ages) are counted
    by age on the household's first settlement day. Unaccompanied minors are left out, as from the
    persons to house.
    """
    first = dt.date(today.year - MIX_YEARS + 1, 1, 1)
    rows = (
        Settlement.objects.filter(
            municipality_id=municipality_id, settled_on__gte=first, settled_on__lte=today
        )
        .exclude(category=SettlementCategory.UNACCOMPANIED_MINOR)
        .values_list("person_id", "person__household_id", "person__birth_date", "settled_on")
    )
    groups: dict[tuple, list[tuple[dt.date, dt.date]]] = defaultdict(list)
    for person_id, household_id, birth, settled_on in rows:
        key = ("household", household_id) if household_id else ("person", person_id)
        groups[key].append((birth, settled_on))
    mix: Counter = Counter()
    for members in groups.values():
        day = min(settled for _birth, settled in members)
        ages = [age_on(birth, day) for birth, _settled in members]
        adults = sum(1 for a in ages if a >= rule.adult_from_age)
        sharing = sum(1 for a in ages if a < rule.adult_from_age and a <= rule.children_share_to_age)
        mix[Composition(adults, sharing, len(ages) - adults - sharing)] += 1
    return dict(mix)


# ---------------------------------------------------------------------------- the plan for a year
class Basis:
    DECIDED = "decided"
    REQUESTED = "requested"


class MixSource:
    REGISTER = "register"
    ENTERED = "entered"
    DEFAULT = "default"


@dataclass(frozen=True)
class CapacityPlan:
    municipality_id: int
    municipality_name: str
    year: int
    request: SettlementRequest | None
    basis: str  # Basis, or "" without a request
    persons: int  # persons to house: the number less the unaccompanied minors and those arrived
    unaccompanied: int
    arrived: int  # in the year now running: persons (not unaccompanied minors) arrived already
    mix_source: str
    mix: dict[Composition, int]  # households per composition the mix is read from
    rule: BedroomRule
    register_households: int  # settled households the register gives (shown, protected)
    households: dict[Composition, int]  # households expected of each composition
    rows: list[SizeRow]
    until: dt.date

    @property
    def households_total(self) -> int:
        return sum(self.households.values())

    @property
    def needed_total(self) -> int:
        return sum(r.needed for r in self.rows)

    @property
    def available_total(self) -> int:
        return sum(r.available for r in self.rows)

    @property
    def to_find_total(self) -> int:
        return sum(r.to_find for r in self.rows)


def persons_to_house(request: SettlementRequest | None) -> tuple[str, int, int]:
    """(basis, persons to house, unaccompanied minors left out) of a year's request or decision."""
    if request is None:
        return "", 0, 0
    if request.decided is not None:
        unaccompanied = min(request.decided_unaccompanied or 0, request.decided)
        return Basis.DECIDED, request.decided - unaccompanied, unaccompanied
    unaccompanied = min(request.requested_unaccompanied, request.requested)
    return Basis.REQUESTED, request.requested - unaccompanied, unaccompanied


def capacity_plan(
    municipality, year: int, today: dt.date, *, entered_mix: Mapping[Composition, int] | None = None
) -> CapacityPlan:
    """The dwellings a municipality's decision for ``year`` needs, per size, against its stock.

    ``entered_mix`` is used where the register has fewer than ``MIN_HOUSEHOLDS`` settled households;
    without one, the assumed ``DEFAULT_MIX``.
    """
    request = SettlementRequest.objects.filter(municipality=municipality, year=year).first()
    basis, persons, unaccompanied = persons_to_house(request)
    arrived = 0
    if request is not None and year <= today.year:
        # The year now running: those who arrived already have their homes.
        (progress,) = year_progress(municipality_ids=[municipality.pk], year=year)
        arrived = min(progress.arrived - progress.unaccompanied_arrived, persons)
        persons -= arrived
    rule = profile_for(municipality).bedrooms
    found = register_mix(municipality.pk, today, rule)
    register_households = sum(found.values())
    if register_households >= MIN_HOUSEHOLDS:
        source, mix = MixSource.REGISTER, found
    elif entered_mix and any(w > 0 for w in entered_mix.values()):
        source, mix = MixSource.ENTERED, {c: w for c, w in entered_mix.items() if w > 0}
    else:
        source, mix = MixSource.DEFAULT, dict(DEFAULT_MIX)
    households = households_for(persons, mix)
    until = max(dt.date(year, 12, 31), today)
    rows = size_rows(needed_by_size(households, rule), stock_states(municipality.pk, today, until))
    return CapacityPlan(
        municipality_id=municipality.pk,
        municipality_name=municipality.name,
        year=year,
        request=request,
        basis=basis,
        persons=persons,
        unaccompanied=unaccompanied,
        arrived=arrived,
        mix_source=source,
        mix=dict(sorted(mix.items())),
        rule=rule,
        register_households=register_households,
        households=households,
        rows=rows,
        until=until,
    )


def dwellings_per_year(persons_per_year: Mapping[int, int], mix: Mapping[Composition, int]) -> dict[int, int]:
    """Dwellings needed for each year's planned persons in the mix (for the forecast scenarios)."""
    return {
        year: sum(households_for(persons, mix).values()) for year, persons in sorted(persons_per_year.items())
    }


# ---------------------------------------------------------------------------- what a reader may see
@dataclass(frozen=True)
class ShownPlan:
    """A capacity plan as its reader may see it: the register's counts protected where they must be."""

    plan: CapacityPlan
    mix: list[tuple[Composition, Cell]]  # the mix's households per composition
    freed: list[Cell]  # per size row
    freed_total: Cell
    available: list[Cell]
    available_total: Cell
    to_find: list[Cell]
    to_find_total: Cell

    @property
    def hidden(self) -> bool:
        cells = [c for _c, c in self.mix] + [*self.freed, self.freed_total]
        return any(c.suppressed for c in cells)


def shown(plan: CapacityPlan, *, aggregates_only: bool) -> ShownPlan:
    """What of the plan a reader sees. Who reads only aggregates (leadership) sees the register's
    household mix and the tenancies that end (households of refugees) through ``protect_table``;
    a figure that adds to a hidden one is hidden with it. Dwellings needed and vacant are not counts
    of persons and are shown."""
    mix_items = list(plan.mix.items())
    if aggregates_only and plan.mix_source == MixSource.REGISTER:
        # No total beside them: with it, the hidden would add up to a known number.
        table = protect_table([[w] for _c, w in mix_items])
        mix = [(c, table.cells[i][0]) for i, (c, _w) in enumerate(mix_items)]
    else:
        mix = [(c, Cell(w)) for c, w in mix_items]
    rows = plan.rows
    if aggregates_only and rows:
        table = protect_table([[r.freed] for r in rows], column_totals=True)
        freed = [table.cells[i][0] for i in range(len(rows))]
        freed_total = table.column_totals[0]
    else:
        freed = [Cell(r.freed) for r in rows]
        freed_total = Cell(sum(r.freed for r in rows))
    # Available and still to find are worked out from the freed: hidden where a freed count is.
    available = [Cell(None if f.suppressed else r.available) for r, f in zip(rows, freed, strict=True)]
    to_find = [Cell(None if f.suppressed else r.to_find) for r, f in zip(rows, freed, strict=True)]
    return ShownPlan(
        plan=plan,
        mix=mix,
        freed=freed,
        freed_total=freed_total,
        available=available,
        available_total=Cell(None if freed_total.suppressed else plan.available_total),
        to_find=to_find,
        # max(needed − available, 0) summed over the sizes could tell a hidden row: hidden with any.
        to_find_total=Cell(None if any(f.suppressed for f in freed) else plan.to_find_total),
    )
