"""Planned settlements as persons the grant rules can count. Pure functions, no database.

A scenario says how many a municipality settles in a year, how many of them are unaccompanied
minors and, if it wants to, the household shapes (single adults, adults in families, children).
Without shapes, those of the persons the municipality settled in the last five years are used. Each
planned person gets a representative age and a settlement day spread over the year's quarters;
both are modelling choices, not rules, and the scenario page shows them. So is the number of
dwellings a year's planned persons need (``Shapes.dwellings``), shown beside each planned year.
"""

import datetime as dt
from dataclasses import dataclass

from lagrundt.core.dates import age_on
from lagrundt.people.models import SettlementCategory
from lagrundt.people.rules import ADULT_AGE

from .rules import Entitled

# Age at settlement of each kind of planned person (a modelling choice, shown on the scenario page).
REPRESENTATIVE_AGES = {
    "single_adult": 30,
    "adult_in_family": 35,
    "child_under_6": 2,
    "child_6_to_17": 10,
}
# Settlement days across the year: persons are spread evenly over the quarters.
SETTLEMENT_DAYS = ((2, 15), (5, 15), (8, 15), (11, 15))
SHAPE_YEARS = 5
ELDERLY_MARGIN = 5
KINDERGARTEN_AGE_LIMIT = 6
ADULTS_PER_FAMILY = 2  # for the dwellings a scenario needs: a family's adults (a modelling choice)


@dataclass(frozen=True)
class Shapes:
    """Counts among settled persons who are not unaccompanied minors (or planned ones)."""

    single_adults: int = 0
    adults_in_families: int = 0
    children_under_6: int = 0
    children_6_to_17: int = 0
    elderly: int = 0  # of the adults
    collective_protection: int = 0

    @property
    def adults(self) -> int:
        return self.single_adults + self.adults_in_families

    @property
    def children(self) -> int:
        return self.children_under_6 + self.children_6_to_17

    @property
    def total(self) -> int:
        return self.adults + self.children

    @property
    def dwellings(self) -> int:
        """Dwellings the persons need: one per single adult and one per family, a family taken as two
        adults with the children (``ADULTS_PER_FAMILY``; children without adults make one family).
        A modelling choice like the ages: the capacity page splits households finer, by bedrooms."""
        families = -(-self.adults_in_families // ADULTS_PER_FAMILY)
        if not families and self.children:
            families = 1
        return self.single_adults + families


def register_shapes(people, municipality_id: int, today: dt.date, elderly_age: int) -> Shapes:
    """The household shapes of the persons the municipality settled in the last five years
    (``elderly_age``: the elderly grant's age, a rule parameter)."""
    first = today.year - SHAPE_YEARS + 1
    counts = dict.fromkeys(
        (
            "single_adults",
            "adults_in_families",
            "children_under_6",
            "children_6_to_17",
            "elderly",
            "collective_protection",
        ),
        0,
    )
    for p in people:
        settled = p.settled_on
        if p.municipality_id != municipality_id or settled is None or not first <= settled.year <= today.year:
            continue
        if p.category == SettlementCategory.UNACCOMPANIED_MINOR:
            continue
        age = age_on(p.birth_date, settled)
        if age < ADULT_AGE:
            counts["children_under_6" if age < KINDERGARTEN_AGE_LIMIT else "children_6_to_17"] += 1
        else:
            counts["single_adults" if p.settled_alone else "adults_in_families"] += 1
            if age >= elderly_age:
                counts["elderly"] += 1
        if p.category == SettlementCategory.TEMPORARY_COLLECTIVE_PROTECTION:
            counts["collective_protection"] += 1
    return Shapes(**counts)


def apportion(total: int, weights: list[int]) -> list[int]:
    """Split ``total`` into whole parts in proportion to ``weights`` (largest remainder); they add up."""
    if total <= 0:
        return [0] * len(weights)
    whole = sum(weights)
    if whole <= 0:
        return [0] * len(weights)
    exact = [total * w / whole for w in weights]
    parts = [int(x) for x in exact]
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - parts[i]), i))
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return parts


def planned_shapes(planned, history: Shapes) -> tuple[Shapes, bool]:
    """The shapes of a planned settlement's persons who are not minors, and whether they were taken
    from the register (False when the scenario gave them, or when there was no history to take)."""
    others = max(planned.persons - planned.unaccompanied_minors, 0)
    if planned.single_adults is not None:
        children = planned.children or 0
        under_6 = min(planned.children_under_6 or 0, children)
        return (
            Shapes(
                single_adults=planned.single_adults or 0,
                adults_in_families=planned.adults_in_families or 0,
                children_under_6=under_6,
                children_6_to_17=children - under_6,
                elderly=planned.elderly or 0,
                collective_protection=planned.collective_protection,
            ),
            False,
        )
    if history.total == 0:
        return Shapes(adults_in_families=others, collective_protection=planned.collective_protection), False
    single, family, under_6, older = apportion(
        others,
        [
            history.single_adults,
            history.adults_in_families,
            history.children_under_6,
            history.children_6_to_17,
        ],
    )
    elderly = apportion(single + family, [history.elderly, max(history.adults - history.elderly, 0)])[0]
    return (
        Shapes(
            single_adults=single,
            adults_in_families=family,
            children_under_6=under_6,
            children_6_to_17=older,
            elderly=elderly,
            collective_protection=planned.collective_protection,
        ),
        True,
    )


def planned_people(
    planned, shapes: Shapes, municipality_id: int, elderly_age: int, first_id: int = -1
) -> list[Entitled]:
    """One ``Entitled`` per planned person (with negative ids, never a real person's). The elderly
    are given an age five years past ``elderly_age`` (the elderly grant's age, a rule parameter)."""
    year = planned.year
    old = elderly_age + ELDERLY_MARGIN
    kinds: list[tuple[str, int, str]] = []  # (kind, age, category)
    kinds += [
        ("minor", planned.minors_age, SettlementCategory.UNACCOMPANIED_MINOR)
    ] * planned.unaccompanied_minors
    elderly_single = min(shapes.elderly, shapes.single_adults)
    elderly_family = min(shapes.elderly - elderly_single, shapes.adults_in_families)
    adults = (
        [("single", old)] * elderly_single
        + [("single", REPRESENTATIVE_AGES["single_adult"])] * (shapes.single_adults - elderly_single)
        + [("family", old)] * elderly_family
        + [("family", REPRESENTATIVE_AGES["adult_in_family"])] * (shapes.adults_in_families - elderly_family)
    )
    children = [("child", REPRESENTATIVE_AGES["child_under_6"])] * shapes.children_under_6 + [
        ("child", REPRESENTATIVE_AGES["child_6_to_17"])
    ] * shapes.children_6_to_17
    others = adults + children
    collective = min(shapes.collective_protection, len(others))
    collective_adults = apportion(collective, [len(adults), len(children)])[0] if others else 0
    for index, (kind, age) in enumerate(others):
        is_adult = index < len(adults)
        position = index if is_adult else index - len(adults)
        limit = collective_adults if is_adult else collective - collective_adults
        category = (
            SettlementCategory.TEMPORARY_COLLECTIVE_PROTECTION
            if position < limit
            else SettlementCategory.RESETTLEMENT_REFUGEE
        )
        kinds.append((kind, age, category))
    people = []
    for index, (kind, age, category) in enumerate(kinds):
        month, day = SETTLEMENT_DAYS[index % len(SETTLEMENT_DAYS)]
        people.append(
            Entitled(
                person_id=first_id - index,
                municipality_id=municipality_id,
                birth_date=dt.date(year - age, 1, 1),
                category=category,
                settled_on=dt.date(year, month, day),
                settled_alone=kind == "single",
            )
        )
    return people
