"""Which grant amounts of a municipality may be shown to who sees small numbers hidden (leadership).

The one place the economy page, its export and its charts, and the scenario pages ask. An expected
amount is made of grant lines: a count of persons times a published rate, per grant, year and (for
grants paid at once) quarter. With the rates known, an amount can be split back into those counts,
so ``access.disclosure.protect_derived`` decides on them: a figure is shown only when none of the
counts it is made of is from 1 to 4. Per figure, the counts it is made of:

- a grant group in a year (and the actual receipt entered beside it): that group's grants that year;
- a year's total (and every figure over all of a year's grants: the income beside the costs, the
  register's line in the scenarios, each scenario built on it): every grant that year;
- a year's quarters, all four together (they add up to the year): every grant that year, and the
  grants paid at once per quarter.

So a year whose total is hidden has its quarters hidden, and a hidden amount is never a total less
the amounts shown. The persons per year are a count of their own (``protect_count``).

A scenario whose planned households take the shapes of those settled in the last five years shows
those shapes in its amounts; where the shapes rest on small counts, its amounts are hidden too.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from lagrundt.access.disclosure import protect_count, protect_derived, rests_on_small

from .models import GrantGroup, group_of
from .rules import Receipts
from .scenarios import Shapes


@dataclass(frozen=True)
class HiddenAmounts:
    """What to hide: amounts per (year, grant group), years' totals, years' quarters."""

    suppress: bool = False
    groups: frozenset = field(default_factory=frozenset)
    years: frozenset = field(default_factory=frozenset)
    quarters: frozenset = field(default_factory=frozenset)

    def group(self, year: int, group: str) -> bool:
        return (year, group) in self.groups

    def year(self, year: int) -> bool:
        return year in self.years

    def quarter(self, year: int) -> bool:
        return year in self.quarters


NOTHING_HIDDEN = HiddenAmounts()


def hidden_amounts(receipts: Iterable[Receipts], municipality_id: int, *, suppress: bool) -> HiddenAmounts:
    """The amounts to hide of the municipality's expected receipts (one or more tallies of the same
    register over different years)."""
    if not suppress:
        return NOTHING_HIDDEN
    counts: dict[tuple, int] = {}
    for tally in receipts:
        per_year: dict[tuple, int] = {}
        for (recipient, code, year, quarter), n in tally.lines.items():
            if recipient != municipality_id:
                continue
            per_year[(code, year)] = per_year.get((code, year), 0) + n
            if quarter:
                counts[(code, year, quarter)] = n
        counts.update(per_year)  # two tallies agree on a year they share
    years = {key[1] for key in counts}
    figures: dict[tuple, list] = {}
    for year in years:
        grants = [key for key in counts if len(key) == 2 and key[1] == year]
        figures[("year", year)] = grants
        figures[("quarters", year)] = grants + [key for key in counts if len(key) == 3 and key[1] == year]
        for group in GrantGroup.values:
            figures[("group", year, group)] = [key for key in grants if group_of(key[0]) == group]
    hidden = protect_derived(counts, figures)
    return HiddenAmounts(
        suppress=True,
        groups=frozenset((f[1], f[2]) for f in hidden if f[0] == "group"),
        years=frozenset(f[1] for f in hidden if f[0] == "year"),
        quarters=frozenset(f[1] for f in hidden if f[0] == "quarters"),
    )


def shapes_hidden(history: Shapes, *, suppress: bool) -> bool:
    """Whether the household shapes of the last five years rest on small counts, for who sees them
    hidden: then neither they nor what a scenario builds on them (its planned shapes, its amounts) is
    shown."""
    if not suppress:
        return False
    return rests_on_small(
        [
            history.single_adults,
            history.adults_in_families,
            history.children_under_6,
            history.children_6_to_17,
            history.elderly,
            history.adults - history.elderly,
        ]
    )


def shown_shapes(history: Shapes, *, suppress: bool) -> dict[str, int | None]:
    """The counts of the household shapes as a page may show them (None: hidden)."""
    names = ("single_adults", "adults_in_families", "children_under_6", "children_6_to_17")
    values = {name: getattr(history, name) for name in names}
    if not suppress:
        return values
    return {name: protect_count(value).value for name, value in values.items()}
