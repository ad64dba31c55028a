"""The indicators the plans follow that today's register can answer, and those entered by hand.

Computed from the register on every request (no cache to go stale): settled and moved out per year
(the plans' figure 3), residents and their country background (figure 2), how many of each year's
settled still live here, and routine duties done on time per sector. Entered by hand until an app
computes them: work or education, programme completers in work, children in organised leisure,
grants received, persistent low income, immigrants' share of the population.

Each computation is one query over the municipality's persons (or tasks) with a conditional count
per year, so that a page of indicators costs a handful of queries at any size.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import CharField, Count, F, Q
from django.db.models.functions import Cast, Coalesce, Substr
from django.utils.translation import gettext_lazy as _

from lagrundt.core.dates import add_years
from lagrundt.people import rules as people_rules
from lagrundt.people.models import Person, SettlementCategory

from .measurement import Group, Indicator, Kind, Query, Role, Series

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


def _year_of(field: str):
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
            arrived=Coalesce(_year_of("settlement__settled_on"), _year_of("birth_date")),
            settled=Q(settlement__isnull=False),
            moved=_year_of("moved_out_on"),
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


# ---------------------------------------------------------------------------- duties kept
def duties_on_time(query: Query) -> dict[int, list[int]]:
    """Per year: routine duties due in the year (to today) done on time, done late, and still open.

    Done and overdue are counted per year on the worklist index alone (municipality, sector, status,
    due date: naming every sector lets the database seek rather than scan); the late ones among the
    done need each done task's date and are counted in one grouped query.
    """
    from lagrundt.routines.models import Task, TaskStatus
    from lagrundt.tenancy.models import Sector

    if not query.years:
        return {}
    key = ("duties", query.municipality_ids, query.years, query.group.sector, query.today)
    if key in query.memo:
        return query.memo[key]
    sectors = [query.group.sector] if query.group.sector else Sector.values
    tasks = Task.objects.filter(municipality_id__in=query.municipality_ids, sector__in=sectors)
    rows = {}
    for year in query.years:
        first, last = dt.date(year, 1, 1), min(dt.date(year, 12, 31), query.today)
        if last < first:
            rows[year] = [0, 0, 0]
            continue
        done = tasks.filter(status=TaskStatus.DONE, due_on__gte=first, due_on__lte=last).count()
        overdue = tasks.filter(
            status=TaskStatus.OPEN,
            due_on__gte=first,
            due_on__lte=min(last, query.today - dt.timedelta(days=1)),
        ).count()
        rows[year] = [done, 0, overdue]
    late = (
        tasks.filter(
            status=TaskStatus.DONE,
            due_on__gte=dt.date(min(query.years), 1, 1),
            due_on__lte=min(query.today, dt.date(max(query.years), 12, 31)),
            closed_on__gt=F("due_on"),
        )
        .annotate(year=_year_of("due_on"))
        .values("year")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for r in late:
        year = int(r["year"])
        if year in rows:
            rows[year][0] -= r["n"]
            rows[year][1] += r["n"]
    query.memo[key] = rows
    return rows


# ---------------------------------------------------------------------------- the definitions
PERSON_GROUPS = frozenset({"category", "sex", "age", "country", "settled_years_min"})
SHARE_SERIES = (
    Series("yes", _("Yes"), Role.PART),
    Series("no", _("No"), Role.REST),
    Series("unknown", _("Not recorded"), Role.UNKNOWN),
)
GRANT_SERIES = (
    Series("integration_grant", _("Integration grant")),
    Series("language_training_grant", _("Grant for Norwegian and civics training")),
    Series(
        "language_training_grant_other_municipality",
        _("Grant for Norwegian training, for another municipality's pupils"),
    ),
    Series("unaccompanied_minor_grant", _("Grant for unaccompanied minors")),
    Series("kindergarten_grant", _("Kindergarten grant")),
    Series("other_grants", _("Other grants")),
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
        Indicator(
            key="duties_on_time",
            label=_("Duties done on time"),
            description=_(
                "Routine duties due in each year (up to today): done on time, done late or still open. "
                "The share is of those done or overdue."
            ),
            kind=Kind.SHARE,
            series=(
                Series("on_time", _("Done on time"), Role.PART),
                Series("late", _("Done late"), Role.REST),
                Series("overdue", _("Open, overdue"), Role.REST),
            ),
            compute=duties_on_time,
            groups=frozenset({"sector"}),
            source=_("The routines: every duty's deadline and when it was done."),
        ),
        # Entered by hand until an app computes them (the programme, competence and grants modules).
        Indicator(
            key="work_or_education",
            label=_("Settled adults in work or education"),
            description=_(
                "Share of settled adults in work or education, for all or for those settled at least a "
                "number of years ago."
            ),
            kind=Kind.SHARE,
            series=SHARE_SERIES,
            groups=frozenset({"settled_years_min", "sex", "category", "country"}),
        ),
        Indicator(
            key="programme_completers_in_work",
            label=_("Programme completers in work or education after one year"),
            description=_(
                "Share of those who completed the introduction programme who are in work or education one "
                "year later."
            ),
            kind=Kind.SHARE,
            series=SHARE_SERIES,
            groups=frozenset({"sex", "category", "country"}),
        ),
        Indicator(
            key="children_leisure",
            label=_("Children in organised leisure activity"),
            description=_("Share of settled children in organised leisure activity, where it is recorded."),
            kind=Kind.SHARE,
            series=SHARE_SERIES,
            groups=frozenset({"sex", "category", "country"}),
        ),
        Indicator(
            key="grants_received",
            label=_("Grants received per year"),
            description=_("Grants from the state received by the municipality, per year and grant."),
            kind=Kind.AMOUNT,
            series=GRANT_SERIES,
        ),
        Indicator(
            key="persistent_low_income_children",
            label=_("Children in persistent low income"),
            description=_(
                "Share of children 0–17 living in households with persistent low income over three years "
                "(Statistics Norway)."
            ),
            kind=Kind.SHARE,
            series=SHARE_SERIES,
        ),
        Indicator(
            key="immigrant_share",
            label=_("Immigrants' share of the population"),
            description=_(
                "Immigrants as a share of everyone living in the municipality (Statistics Norway)."
            ),
            kind=Kind.SHARE,
            series=SHARE_SERIES,
        ),
        Indicator(
            key="refugee_share_of_immigrants",
            label=_("Refugees' share of the immigrants"),
            description=_(
                "Immigrants with a refugee background, as a share of all immigrants (Statistics Norway)."
            ),
            kind=Kind.SHARE,
            series=SHARE_SERIES,
        ),
    ]


# For the group choice on the pages: the settlement categories as the register has them.
CATEGORIES = SettlementCategory
