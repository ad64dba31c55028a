"""Reads for grants and economics.

Who may see what is decided in ``access``: a person's grant schedule is the «finances» section of that
person, opened only through ``access.policy``; a municipality's totals (forecast, receipts, costs,
scenarios) are the ``ECONOMY`` resource of ``access.resources``, and the rates the ``RATES`` one.

The forecast reads the register as plain rows, once: ``load_entitled`` makes one ``rules.Entitled``
per person with a handful of queries whatever the number of persons, and the pure rules do the rest.
"""

import datetime as dt
import gc
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Case, CharField, Q, When
from django.db.models.functions import Cast

from lagrundt.access import policy, resources
from lagrundt.access.sections import Section
from lagrundt.people.models import MoveOut, Person, Relation, RelationKind, SettlementCategory, Sex
from lagrundt.tenancy.models import Municipality, ServiceUnit

from . import costs, rules, scenarios
from .models import (
    OFFICIAL,
    ActualReceipt,
    CostEntry,
    DisabilityGrant,
    GrantFacts,
    GrantRate,
    RuleParameter,
    Scenario,
)
from .money import Amount
from .parameters import Parameters, ParametersMissing

FORECAST_YEARS = 5
PAST_YEARS = 4


# ---------------------------------------------------------------------------- where the pages open
def home_municipality(user, allowed: set[int]) -> Municipality:
    """The municipality a user's economy pages open on: where their unit is hosted, if they may see it."""
    units = [s.unit_id for s in resources.memberships(user)]
    hosts = ServiceUnit.objects.filter(pk__in=units, host_municipality_id__in=allowed).order_by("pk")
    host = hosts.values_list("host_municipality_id", flat=True).first()
    return (
        Municipality.objects.filter(pk__in=allowed)
        .order_by(Case(When(pk=host, then=0), default=1), "name")
        .first()
    )


# ---------------------------------------------------------------------------- rates and parameters
def parameter_rows() -> list[RuleParameter]:
    return list(RuleParameter.objects.order_by("key"))


def parameters() -> Parameters:
    """The rules' parameters; raises ``ParametersMissing`` when some are not set."""
    rows = parameter_rows()
    return Parameters.from_values(
        {r.key: r.value for r in rows}, assumed=[r.key for r in rows if r.confidence not in OFFICIAL]
    )


def rate_book() -> rules.RateBook:
    return rules.RateBook(
        (code, year, amount, confidence in OFFICIAL)
        for code, year, amount, confidence in GrantRate.objects.values_list(
            "code", "year", "amount", "confidence"
        )
    )


def rates() -> list[GrantRate]:
    return list(GrantRate.objects.select_related("source").order_by("code", "year"))


# ---------------------------------------------------------------------------- the register as facts
_ROW = (
    "pk",
    "municipality_id",
    "birth_date",
    "household_id",
    "country_background",
    "moved_out_on",
    "settlement__settled_on",
    "settlement__category",
)
PK, MUNICIPALITY, BIRTH, HOUSEHOLD, COUNTRY, MOVED, SETTLED, CATEGORY = range(len(_ROW))


@contextmanager
def bulk_objects():
    """Pause the cyclic garbage collector while a national register becomes plain objects.

    Reading 150 000 persons makes some hundred thousand tuples, none of them in a cycle; each
    collection the allocations set off walks every object the process holds, which cost a sixth of
    the forecast's time. The collector runs again, as before, when the block ends.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _plain_rows(qs, fields, dates=()) -> list[tuple]:
    """The rows of ``qs.values_list(*fields)`` as plain tuples, the ``dates`` columns as dates.

    The SQL is the queryset's own, run on a cursor and fetched at once, with dates read as ISO text
    and parsed by ``date.fromisoformat``: at national scale the ORM's row-by-row iteration and its
    per-value date converters cost more than the query itself.
    """
    names = [f"_date{i}" if i in dates else name for i, name in enumerate(fields)]
    annotations = {f"_date{i}": Cast(fields[i], output_field=CharField()) for i in dates}
    try:
        sql, params = qs.annotate(**annotations).values_list(*names).query.sql_with_params()
    except EmptyResultSet:
        return []  # a filter that can match nothing (no persons asked for) has no SQL to run
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if not dates or not rows:
        return rows
    iso = dt.date.fromisoformat
    columns = list(zip(*rows, strict=True))
    for i in dates:
        columns[i] = [iso(v[:10]) if v is not None else None for v in columns[i]]
    return list(zip(*columns, strict=True))


def _name_variants(names) -> set[str]:
    found = set()
    for name in names:
        for form in (name, f"{name} kommune"):
            found |= {form, form.lower(), form.upper(), form.title()}
    return found


def load_entitled(
    *, municipality_ids=None, person_ids=None, municipalities: dict[str, int] | None = None
) -> list[rules.Entitled]:
    """The grant facts of persons: every person of the municipalities (and those who moved there
    from another municipality in Lagrundt), or the given persons. A fixed number of queries."""
    with bulk_objects():
        return _load_entitled(municipality_ids, person_ids, municipalities)


def _load_entitled(municipality_ids, person_ids, municipalities) -> list[rules.Entitled]:
    if municipalities is None:
        municipalities = {name.casefold(): pk for pk, name in Municipality.objects.values_list("pk", "name")}
    date_columns = (BIRTH, MOVED, SETTLED)
    if municipality_ids is not None:
        ids = sorted(municipality_ids)
        names = [name for name, pk in municipalities.items() if pk in municipality_ids]
        movers_in = list(
            MoveOut.objects.filter(destination_municipality__in=_name_variants(names))
            .exclude(person__municipality_id__in=ids)
            .values_list("person_id", flat=True)
        )
        rows = _plain_rows(Person.objects.filter(municipality_id__in=ids), _ROW, date_columns)
        if movers_in:
            rows += _plain_rows(Person.objects.filter(pk__in=movers_in), _ROW, date_columns)
        person_scope = Q(person__municipality_id__in=ids) | Q(person_id__in=movers_in)
        households_outside = {
            row[HOUSEHOLD] for row in rows if row[HOUSEHOLD] and row[MUNICIPALITY] not in municipality_ids
        }
    else:
        rows = _plain_rows(Person.objects.filter(pk__in=sorted(person_ids or ())), _ROW, date_columns)
        person_scope = Q(person_id__in=[row[PK] for row in rows])
        households_outside = {row[HOUSEHOLD] for row in rows if row[HOUSEHOLD]}
    # Household members not among the rows (a mover's household, a single person's family).
    context = rows
    if households_outside:
        loaded = {row[PK] for row in rows}
        context = rows + [
            row
            for row in _plain_rows(
                Person.objects.filter(household_id__in=sorted(households_outside)), _ROW, date_columns
            )
            if row[PK] not in loaded
        ]
    # Per household the earliest settlement, who has it, and the next: did anyone come with or
    # before a person (then not settled alone)?
    earliest: dict[int, list] = {}
    family = SettlementCategory.FAMILY_REUNIFICATION
    family_households = set()
    for pk, _m, _b, household, _c, _mo, settled, category in context:
        if not household or settled is None:
            continue
        if category == family:
            family_households.add(household)
        first = earliest.get(household)
        if first is None:
            earliest[household] = [settled, pk, None]
        elif settled < first[0]:
            first[2], first[0], first[1] = first[0], settled, pk
        elif first[2] is None or settled < first[2]:
            first[2] = settled
    # Members of the households of family immigrants, to find whom they joined.
    members: dict[int, list[tuple]] = defaultdict(list)
    by_pk: dict[int, tuple] = {}
    if family_households:
        for row in context:
            if row[HOUSEHOLD] in family_households:
                members[row[HOUSEHOLD]].append(row)
                by_pk[row[PK]] = row

    destinations = {
        pk: (name, country)
        for pk, name, country in MoveOut.objects.filter(person_scope).values_list(
            "person_id", "destination_municipality", "destination_country"
        )
    }
    facts = {
        f[0]: f
        for f in GrantFacts.objects.filter(person_scope).values_list(
            "person_id",
            "first_settled_on",
            "year_one_group",
            "reference_person_id",
            "reference_first_settled_on",
            "reference_status",
            "norwegian_rate_band",
        )
    }
    disability: dict[int, list[rules.DisabilityDecision]] = defaultdict(list)
    for g in (
        DisabilityGrant.objects.filter(person_scope)
        .order_by("pk")
        .values_list(
            "person_id", "kind", "decision", "decided_on", "amount_per_year", "first_year", "last_year"
        )
    ):
        disability[g[0]].append(rules.DisabilityDecision(*g[1:]))
    # Children without a settlement of their own: their mother's settlement.
    mothers: dict[int, dt.date] = {}
    unsettled = Q(person__settlement__isnull=True)
    for child, sex, settled in Relation.objects.filter(
        person_scope & unsettled, kind=RelationKind.PARENT
    ).values_list("person_id", "relative__sex", "relative__settlement__settled_on"):
        if sex == Sex.FEMALE and settled is not None:
            mothers[child] = settled
    # Reference persons named in the facts: their settlement.
    wanted = {f[3] for f in facts.values() if f[3] and f[3] not in by_pk}
    outside = (
        dict(Person.objects.filter(pk__in=sorted(wanted)).values_list("pk", "settlement__settled_on"))
        if wanted
        else {}
    )

    def first_settled(pk):
        fact = facts.get(pk)
        if fact and fact[1]:
            return fact[1]
        row = by_pk.get(pk)
        return row[SETTLED] if row is not None else outside.get(pk)

    people = []
    append = people.append
    make = tuple.__new__  # Entitled(...) without the named tuple's Python-level constructor
    Entitled = rules.Entitled
    for pk, municipality_id, birth, household, country, moved, settled, category in rows:
        fact = facts.get(pk) if facts else None
        settled_on = fact[1] if fact is not None and fact[1] else settled
        mother = None
        if settled_on is None:
            alone = False
            mother = mothers.get(pk)
        else:
            first = earliest.get(household) if household else None
            if first is None:
                alone = True
            else:
                others = first[2] if first[1] == pk else first[0]
                alone = others is None or others > settled_on
        reference_on, status = None, ""
        if category == family:
            if fact and fact[4]:
                reference_on = fact[4]
            elif fact and fact[3]:
                reference_on = first_settled(fact[3])
            elif settled_on is not None:
                # The earliest member settled before the person, not as a family immigrant.
                earlier = [
                    first_settled(m[PK])
                    for m in members.get(household, ())
                    if m[PK] != pk
                    and m[CATEGORY]
                    and m[CATEGORY] != family
                    and m[SETTLED]
                    and m[SETTLED] < settled_on
                ]
                reference_on = min((d for d in earlier if d), default=None)
            status = (fact[5] if fact else "") or ""
        moved_to = None
        if moved is not None and pk in destinations:
            name, destination_country = destinations[pk]
            if name and (destination_country or "NO") == "NO":
                moved_to = municipalities.get(name.strip().casefold().removesuffix(" kommune"))
        append(
            make(
                Entitled,
                (
                    pk,
                    municipality_id,
                    birth,
                    category or "",
                    settled_on,
                    country or "",
                    alone,
                    mother,
                    reference_on,
                    status,
                    (fact[2] or "") if fact else "",
                    (fact[6] or "") if fact else "",
                    moved,
                    moved_to,
                    tuple(disability[pk]) if pk in disability else (),
                ),
            )
        )
    return people


# ---------------------------------------------------------------------------- schedules and forecasts
def years_around(today: dt.date) -> range:
    """The years a municipality's page shows: the last four, this one and the next five."""
    return range(today.year - PAST_YEARS, today.year + FORECAST_YEARS + 1)


def forecast_years(today: dt.date) -> range:
    """The next five years."""
    return range(today.year + 1, today.year + FORECAST_YEARS + 1)


def person_schedule(person: Person, *, params: Parameters | None = None, book=None):
    """A person's grant facts and grant lines with their amounts: (Entitled, [(GrantLine, Amount)]).
    The caller has been allowed to read the person's finances by ``access_person``."""
    params = params or parameters()
    book = book or rate_book()
    (entitled,) = load_entitled(person_ids=[person.pk])
    return entitled, [(line, book.price(line)) for line in rules.schedule(entitled, params)]


def register_receipts(
    municipality_ids, years: range, *, people=None, params=None, book=None
) -> rules.Receipts:
    """Expected receipts of the municipalities from the persons in the register."""
    params = params or parameters()
    book = book or rate_book()
    with bulk_objects():
        people = people if people is not None else load_entitled(municipality_ids=set(municipality_ids))
        return rules.price_tally(rules.tally(people, params, years, set(municipality_ids)), book)


def scenario_people(scenario: Scenario, history: scenarios.Shapes, params: Parameters) -> list[tuple]:
    """For each planned settlement of a scenario: (planned, shapes, taken from the register, persons)."""
    found = []
    next_id = -1
    for planned in scenario.planned.all():
        shapes, from_register = scenarios.planned_shapes(planned, history)
        people = scenarios.planned_people(
            planned, shapes, scenario.municipality_id, params.elderly_min_age, next_id
        )
        next_id -= len(people)
        found.append((planned, shapes, from_register, people))
    return found


def scenarios_of(municipality_id: int) -> list[Scenario]:
    return list(
        Scenario.objects.filter(municipality_id=municipality_id)
        .prefetch_related("planned")
        .order_by("name", "pk")
    )


# ---------------------------------------------------------------------------- what the pages read
def rules_ready() -> tuple[Parameters, rules.RateBook] | None:
    """The rules' parameters and the rates, or None while some parameters are not set."""
    try:
        return parameters(), rate_book()
    except ParametersMissing:
        return None


@dataclass(frozen=True)
class Economy:
    """A municipality's expected and actual receipts and its costs, as its economy page shows them."""

    years: range
    forecast: range
    receipts: rules.Receipts  # expected from the register, over ``years``
    actual: dict[tuple[str, int], Decimal]  # entered from the accounts: (grant, year) → amount
    actual_years: list[int]
    actual_receipts: rules.Receipts  # expected from the register, over the years with actual figures
    counted: list  # the cost lines counted (``costs.costs_for``)
    replaced: list  # entered costs that a computed line takes the place of


def economy(municipality_id: int, today: dt.date, params: Parameters, book: rules.RateBook) -> Economy:
    years = years_around(today)
    people = load_entitled(municipality_ids={municipality_id})
    receipts = register_receipts({municipality_id}, years, people=people, params=params, book=book)
    actual = {
        (r.grant, r.year): r.amount
        for r in ActualReceipt.objects.filter(municipality_id=municipality_id).order_by("year", "grant")
    }
    actual_years = sorted({y for _g, y in actual})
    actual_receipts = register_receipts(
        {municipality_id},
        range(min(actual_years), max(actual_years) + 1) if actual_years else range(0),
        people=people,
        params=params,
        book=book,
    )
    counted, replaced = cost_lines(municipality_id, years)
    return Economy(
        years=years,
        forecast=forecast_years(today),
        receipts=receipts,
        actual=actual,
        actual_years=actual_years,
        actual_receipts=actual_receipts,
        counted=counted,
        replaced=replaced,
    )


@dataclass(frozen=True)
class ScenarioComparison:
    """The register's expected receipts, alone and with each scenario's planned settlements added."""

    years: range
    base: rules.Receipts
    # (the scenario's name, the base with it, whether some of its households take the register's shapes)
    with_scenarios: list[tuple[str, rules.Receipts, bool]]
    planned: dict[int, list[tuple]]  # scenario pk → ``scenario_people``
    history: scenarios.Shapes  # the household shapes of the last five years


def scenario_comparison(
    municipality_id: int,
    scenario_list: list[Scenario],
    today: dt.date,
    params: Parameters,
    book: rules.RateBook,
) -> ScenarioComparison:
    years = range(today.year, today.year + FORECAST_YEARS + 1)
    people = load_entitled(municipality_ids={municipality_id})
    base = rules.price_tally(rules.tally(people, params, years, {municipality_id}), book)
    history = scenarios.register_shapes(people, municipality_id, today, params.elderly_min_age)
    with_scenarios, planned_of = [], {}
    for scenario in scenario_list:
        planned = scenario_people(scenario, history, params)
        extra = rules.tally([p for *_rest, group in planned for p in group], params, years, {municipality_id})
        with_scenarios.append(
            (
                scenario.name,
                rules.add_receipts(base, rules.price_tally(extra, book)),
                any(from_register for _p, _shapes, from_register, _people in planned),
            )
        )
        planned_of[scenario.pk] = planned
    return ScenarioComparison(
        years=years, base=base, with_scenarios=with_scenarios, planned=planned_of, history=history
    )


def cost_lines(municipality_id: int, years: range) -> tuple[list, list]:
    """The costs counted in the years (computed by the apps, or entered), and the entered ones replaced."""
    return costs.costs_for({municipality_id}, years)


def scenario_for(user, pk: int) -> Scenario | None:
    """A scenario of a municipality whose economy the user sees."""
    return Scenario.objects.filter(
        pk=pk, municipality_id__in=resources.ECONOMY.municipality_ids(user, resources.VIEW)
    ).first()


def receipts_entered(municipality_id: int) -> list[ActualReceipt]:
    return list(ActualReceipt.objects.filter(municipality_id=municipality_id).order_by("-year", "grant"))


def costs_entered(municipality_id: int) -> list[CostEntry]:
    return list(CostEntry.objects.filter(municipality_id=municipality_id).order_by("-year", "kind", "label"))


def person_grants(
    persons: list[Person], params: Parameters, book: rules.RateBook, today: dt.date
) -> list[dict]:
    """Per person: the grant lines in the next years and the total expected from this year on.

    Each row: ``person``, ``settled_on``, ``grant_years`` (the integration grant's first and last year,
    or None), ``this_year`` and ``ahead`` (the later years) as ``Amount``s.
    """
    entitled = {e.person_id: e for e in load_entitled(person_ids=[p.pk for p in persons])}
    rows = []
    for person in persons:
        e = entitled.get(person.pk)
        lines = rules.schedule(e, params) if e is not None else []
        own = [(line, book.price(line)) for line in lines]
        years = [line.year for line, _a in own if line.rule == "integration"]
        rows.append(
            {
                "person": person,
                "settled_on": e.settled_on if e else None,
                "grant_years": (min(years), max(years)) if years else None,
                "this_year": sum((a for line, a in own if line.year == today.year), Amount()),
                "ahead": sum((a for line, a in own if line.year > today.year), Amount()),
            }
        )
    return rows


@dataclass(frozen=True)
class Schedule:
    """A person's grants year by year (empty while the rules are not ready)."""

    entitled: rules.Entitled | None
    lines: list[tuple]  # (GrantLine, Amount)
    by_year: dict[int, Amount]

    @property
    def total(self) -> Amount:
        return sum(self.by_year.values(), Amount())


def schedule_of(person: Person, ready: tuple[Parameters, rules.RateBook] | None) -> Schedule:
    entitled, lines = person_schedule(person, params=ready[0], book=ready[1]) if ready else (None, [])
    by_year: dict[int, Amount] = {}
    for line, amount in lines:
        by_year[line.year] = by_year.get(line.year, Amount()) + amount
    return Schedule(entitled=entitled, lines=lines, by_year=by_year)


def grant_facts_of(person: Person) -> GrantFacts | None:
    return GrantFacts.objects.filter(person=person).select_related("reference_person").first()


def disability_grants_of(person: Person) -> list[DisabilityGrant]:
    return list(DisabilityGrant.objects.filter(person=person).order_by("applied_on", "pk"))


def reference_choices(user, person: Person) -> list[Person]:
    """Who in the person's household the user sees, to choose the reference person among."""
    if not person.household_id:
        return []
    return list(
        policy.visible_to(user, section=Section.FAMILY)
        .filter(household_id=person.household_id)
        .exclude(pk=person.pk)
        .order_by("birth_date", "pk")
    )


def municipality_names() -> dict[int, str]:
    return dict(Municipality.objects.values_list("pk", "name"))
