"""The register's indicators for the action plans: settled and moved out per year (the plans' figure
3), residents and their country background (figure 2), and how many of each year's settled still
live here. Computed from the register on every request (no cache to go stale).

Each is one query over the municipality's persons with a conditional count per year, so that a page
of indicators costs a handful of queries at any size. ``person_group_q`` is how every app's indicator
narrows its persons to a group (sex, category, age, country, years since settlement).
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import CharField, Count, Q
from django.db.models.functions import Cast, Coalesce, Substr
from django.utils.translation import gettext_lazy as _

from lagrundt.core.dates import add_years
from lagrundt.core.measurement import Group, Indicator, Kind, Query, Role, Series

from . import rules as people_rules
from .models import Person

OTHER_COUNTRIES = "other"
TOP_COUNTRIES = 8


def person_group_q(group: Group, on: dt.date, prefix: str = "") -> Q:
    """Persons in the group on a day; ``prefix`` leads from the counted model to the person."""
    q = Q()
    if group.category:
        q &= Q(**{f"{prefix}settlement__category": group.category})
    if group.sex:
        q &= Q(**{f"{prefix}sex": group.sex})
    if group.country:
        q &= Q(**{f"{prefix}country_background": group.country})
    if group.age == "adults":
        q &= Q(**{f"{prefix}birth_date__lte": people_rules.adult_birth_cutoff(on)})
    elif group.age == "children":
        q &= Q(**{f"{prefix}birth_date__gt": people_rules.adult_birth_cutoff(on)})
    if group.settled_years_min is not None:
        q &= Q(**{f"{prefix}settlement__settled_on__lte": add_years(on, -group.settled_years_min)})
    return q


def _living_here_q(on: dt.date) -> Q:
    """Living in the municipality on the day: arrived (settled, or born here) and not moved out."""
    arrived = Q(settlement__settled_on__lte=on) | Q(settlement__isnull=True, birth_date__lte=on)
    return arrived & (Q(moved_out_on__isnull=True) | Q(moved_out_on__gt=on))


def _by_year(query: Query, aggregates: dict[str, Count], series: list[str]) -> dict[int, list[int]]:
    return {year: [aggregates.get(f"{key}_{year}", 0) for key in series] for year in query.years}


# ---------------------------------------------------------------------------- one read of the persons
# Settled, moved out, living here and country background all follow from a person's year of arrival
# (settlement, or birth for those born here) and year of moving out, because a year is read at its
# last day. One grouped query gives those years for everyone; the four indicators count from it.
# Groups that depend on the day measured (age, years since settlement) are counted in SQL instead.
DATE_GROUPS = frozenset({"age", "settled_years_min"})


@dataclass(frozen=True)
class YearGroup:
    arrived: int  # year of settlement, or of birth for those born here
    settled: bool  # has a settlement: counted as settled that year
    moved: int | None  # year of moving out
    arrives_later: bool  # settlement after today (only possible in this year)
    moves_later: bool  # moving out after today
    country: str
    count: int

    def lives_here_at_end_of(self, year: int) -> bool:
        arrived = self.arrived < year or (self.arrived == year and not self.arrives_later)
        gone = self.moved is not None and (self.moved < year or (self.moved == year and not self.moves_later))
        return arrived and not gone


def year_of(field: str):
    return Cast(Substr(Cast(field, CharField()), 1, 4), CharField())


def _year_groups(query: Query) -> list[YearGroup]:
    key = ("year_groups", query.municipality_ids, query.group, query.today)
    if key in query.memo:
        return query.memo[key]
    persons = Person.objects.filter(municipality_id__in=query.municipality_ids).filter(
        person_group_q(query.group, query.today)
    )
    rows = (
        persons.annotate(
            arrived=Coalesce(year_of("settlement__settled_on"), year_of("birth_date")),
            settled=Q(settlement__isnull=False),
            moved=year_of("moved_out_on"),
            arrives_later=Q(settlement__settled_on__gt=query.today),
            moves_later=Q(moved_out_on__gt=query.today),
        )
        .values("arrived", "settled", "moved", "arrives_later", "moves_later", "country_background")
        .annotate(n=Count("pk"))
        .order_by()
    )
    groups = [
        YearGroup(
            arrived=int(r["arrived"]),
            settled=bool(r["settled"]),
            moved=int(r["moved"]) if r["moved"] else None,
            arrives_later=bool(r["arrives_later"]),
            moves_later=bool(r["moves_later"]),
            country=r["country_background"],
            count=r["n"],
        )
        for r in rows
    ]
    query.memo[key] = groups
    return groups


def _by_years(query: Query) -> bool:
    """Whether the query can be counted from the years alone (no group that depends on the day)."""
    return not (query.group.used() & DATE_GROUPS)


# ---------------------------------------------------------------------------- settled and moved out
def settlement_flow(query: Query) -> dict[int, list[int]]:
    """Per year: persons settled in the municipality, and persons who moved out of it."""
    if _by_years(query):
        rows = {year: [0, 0] for year in query.years}
        for g in _year_groups(query):
            if g.settled and g.arrived in rows and not g.arrives_later:
                rows[g.arrived][0] += g.count
            if g.moved in rows and not g.moves_later:
                rows[g.moved][1] += g.count
        return rows
    persons = Person.objects.filter(municipality_id__in=query.municipality_ids)
    counts = {}
    for year in query.years:
        on = query.measured_on(year)
        group = person_group_q(query.group, on)
        counts[f"settled_{year}"] = Count(
            "pk", filter=group & Q(settlement__settled_on__year=year, settlement__settled_on__lte=on)
        )
        counts[f"moved_out_{year}"] = Count(
            "pk", filter=group & Q(moved_out_on__year=year, moved_out_on__lte=on)
        )
    result = persons.aggregate(**counts) if counts else {}
    return _by_year(query, result, ["settled", "moved_out"])


def residents(query: Query) -> dict[int, list[int]]:
    """Per year: persons living in the municipality at the end of the year (or today)."""
    if _by_years(query):
        groups = _year_groups(query)
        return {year: [sum(g.count for g in groups if g.lives_here_at_end_of(year))] for year in query.years}
    persons = Person.objects.filter(municipality_id__in=query.municipality_ids)
    counts = {
        f"residents_{year}": Count(
            "pk",
            filter=_living_here_q(query.measured_on(year))
            & person_group_q(query.group, query.measured_on(year)),
        )
        for year in query.years
    }
    result = persons.aggregate(**counts) if counts else {}
    return _by_year(query, result, ["residents"])


def still_living_here(query: Query) -> dict[int, list[int]]:
    """Per settlement year: of those settled that year, how many live here today and how many moved."""
    if _by_years(query):
        rows = {year: [0, 0] for year in query.years}
        for g in _year_groups(query):
            if g.settled and g.arrived in rows and not g.arrives_later:
                gone = g.moved is not None and not g.moves_later
                rows[g.arrived][1 if gone else 0] += g.count
        return rows
    persons = Person.objects.filter(
        municipality_id__in=query.municipality_ids, settlement__settled_on__lte=query.today
    ).filter(person_group_q(query.group, query.today))
    counts = {}
    for year in query.years:
        cohort = Q(settlement__settled_on__year=year)
        counts[f"here_{year}"] = Count(
            "pk", filter=cohort & (Q(moved_out_on__isnull=True) | Q(moved_out_on__gt=query.today))
        )
        counts[f"moved_{year}"] = Count("pk", filter=cohort & Q(moved_out_on__lte=query.today))
    result = persons.aggregate(**counts) if counts else {}
    return _by_year(query, result, ["here", "moved"])


# ---------------------------------------------------------------------------- country background
def _country_counts(query: Query) -> dict[str, list[int]]:
    """Per country background, those living here at the end of each year: one query for all years."""
    if _by_years(query):
        found: dict[str, list[int]] = defaultdict(lambda: [0] * len(query.years))
        for g in _year_groups(query):
            for i, year in enumerate(query.years):
                if g.lives_here_at_end_of(year):
                    found[g.country][i] += g.count
        return {code: values for code, values in found.items() if any(values)}
    counts = {
        f"y{year}": Count(
            "pk",
            filter=_living_here_q(query.measured_on(year))
            & person_group_q(query.group, query.measured_on(year)),
        )
        for year in query.years
    }
    if not counts:
        return {}
    rows = (
        Person.objects.filter(municipality_id__in=query.municipality_ids)
        .values("country_background")
        .annotate(**counts)
        .order_by()
    )
    found = {row["country_background"]: [row[f"y{year}"] for year in query.years] for row in rows}
    return {code: values for code, values in found.items() if any(values)}


def _named_countries(counts: dict[str, list[int]]) -> tuple[list[str], bool]:
    """The most common countries in the last year (then over the period), and whether others remain."""
    ordered = sorted(counts, key=lambda code: (-counts[code][-1], -sum(counts[code]), code))
    if len(ordered) <= TOP_COUNTRIES:
        return ordered, False
    return ordered[:TOP_COUNTRIES], True


def _series_of(named: list[str], others: bool) -> tuple[Series, ...]:
    from django_countries import countries

    series = [Series(code, countries.name(code) or str(_("Not known"))) for code in named]
    if others:
        series.append(Series(OTHER_COUNTRIES, str(_("Other countries"))))
    return tuple(series)


def _countries(query: Query) -> tuple[Series, ...]:
    return _series_of(*_named_countries(_country_counts(query)))


def country_background(query: Query) -> dict[int, list[int]]:
    """Per year: those living here at its end by country background (the largest, then the others)."""
    counts = _country_counts(query)
    named, others = _named_countries(counts)
    rows = {}
    for i, year in enumerate(query.years):
        values = [counts[code][i] for code in named]
        if others:
            values.append(sum(v[i] for code, v in counts.items() if code not in named))
        rows[year] = values
    return rows


PERSON_GROUPS = frozenset({"category", "sex", "age", "country", "settled_years_min"})
SHARE_SERIES = (
    Series("yes", _("Yes"), Role.PART),
    Series("no", _("No"), Role.REST),
    Series("unknown", _("Not recorded"), Role.UNKNOWN),
)
REGISTER = _("The register: settlements, move-outs and persons living here, read now.")


def definitions() -> list[Indicator]:
    return [
        Indicator(
            key="settlement_flow",
            label=_("Settled and moved out per year"),
            description=_("Persons settled in the municipality each year, and persons who moved out of it."),
            kind=Kind.COUNT,
            series=(Series("settled", _("Settled")), Series("moved_out", _("Moved out"))),
            compute=settlement_flow,
            groups=frozenset({"category", "sex", "country"}),
            source=REGISTER,
            column_totals=True,
        ),
        Indicator(
            key="residents",
            label=_("Settled refugees living here"),
            description=_(
                "Persons in the register living in the municipality at the end of each year (or today), "
                "children born here included."
            ),
            kind=Kind.COUNT,
            series=(Series("residents", _("Living here")),),
            compute=residents,
            groups=PERSON_GROUPS,
            source=REGISTER,
        ),
        Indicator(
            key="country_background",
            label=_("Living here by country background"),
            description=_(
                "Persons living in the municipality at the end of each year, by country background."
            ),
            kind=Kind.COUNT,
            series=(),
            dynamic_series=_countries,
            compute=country_background,
            groups=frozenset({"category", "sex", "age"}),
            source=REGISTER,
            row_totals=True,
        ),
        Indicator(
            key="still_living_here",
            label=_("Still living here, by year of settlement"),
            description=_(
                "Of the persons settled each year, the share who still live in the municipality today."
            ),
            kind=Kind.SHARE,
            series=(
                Series("here", _("Still living here"), Role.PART),
                Series("moved", _("Moved out"), Role.REST),
            ),
            compute=still_living_here,
            groups=frozenset({"category", "sex", "country"}),
            source=REGISTER,
            rows="cohort",
        ),
    ]
