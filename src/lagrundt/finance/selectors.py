"""Reads for grants and economics.

Who may see what: a person's grant schedule is the «finances» section of that person, opened only
through ``access.policy``. A municipality's totals (forecast, receipts, costs, scenarios) are for
those who read the finances of everyone settled there (the integration service) and for leadership,
who see them with small numbers hidden (``access.disclosure``).

The forecast reads the register as plain rows, once: ``load_entitled`` makes one ``rules.Entitled``
per person with a handful of queries whatever the number of persons, and the pure rules do the rest.
"""

import datetime as dt
from collections import defaultdict

from django.db.models import Q

from lagrundt.access import policy
from lagrundt.access.sections import Section
from lagrundt.people.models import Person, Relation, RelationKind, SettlementCategory, Sex
from lagrundt.tenancy.models import Municipality
from lagrundt.tenancy.selectors import memberships_for

from . import rules, scenarios
from .models import (
    OFFICIAL,
    DisabilityGrant,
    GrantFacts,
    GrantRate,
    PlannedSettlement,
    RuleParameter,
    Scenario,
)
from .parameters import Parameters

FORECAST_YEARS = 5
PAST_YEARS = 4


# ---------------------------------------------------------------------------- who sees what
def _reads_everyone_finances(scope) -> bool:
    rule = policy.rule_for(scope.sector)
    return Section.FINANCES in rule.read and rule.population == policy.Population.ALL


def economy_municipality_ids(user) -> set[int]:
    """Municipalities whose totals the user may see: leadership's and where the user reads the
    finances of everyone settled (the integration service)."""
    ids = set(policy.aggregate_municipality_ids(user))
    for scope in memberships_for(user):
        if _reads_everyone_finances(scope):
            ids |= scope.municipality_ids
    return ids


def sees_small_numbers(user, municipality_id: int) -> bool:
    """Whether the user may see a municipality's figures without small numbers hidden."""
    return any(
        _reads_everyone_finances(scope) and municipality_id in scope.municipality_ids
        for scope in memberships_for(user)
    )


def can_edit_economy(user, municipality_id: int) -> bool:
    """Receipts, costs and scenarios hold no personal data: who sees a municipality's totals enters them."""
    return municipality_id in economy_municipality_ids(user)


def reads_person_finances(user) -> bool:
    return any(Section.FINANCES in policy.rule_for(s.sector).read for s in memberships_for(user))


def can_manage_rates(user) -> bool:
    return bool(user.is_authenticated and user.has_perm("finance.manage_rates"))


def can_see_rates(user) -> bool:
    return can_manage_rates(user) or bool(economy_municipality_ids(user)) or reads_person_finances(user)


def economy_municipalities(user) -> list[Municipality]:
    return list(Municipality.objects.filter(pk__in=economy_municipality_ids(user)).order_by("name"))


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
    "move_out__destination_municipality",
    "move_out__destination_country",
)


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
    if municipalities is None:
        municipalities = {name.casefold(): pk for pk, name in Municipality.objects.values_list("pk", "name")}
    if municipality_ids is not None:
        ids = sorted(municipality_ids)
        names = [name for name, pk in municipalities.items() if pk in municipality_ids]
        scope = Q(municipality_id__in=ids) | Q(move_out__destination_municipality__in=_name_variants(names))
    else:
        scope = Q(pk__in=sorted(person_ids or ()))
    rows = list(Person.objects.filter(scope).values_list(*_ROW))
    by_pk = {row[0]: row for row in rows}
    # Household members not among the rows (a mover's household, a single person's family).
    loaded_households = {row[3] for row in rows if row[3]}
    if municipality_ids is not None:
        missing = {row[3] for row in rows if row[3] and row[1] not in municipality_ids}
    else:
        missing = loaded_households
    if missing:
        for row in Person.objects.filter(household_id__in=sorted(missing)).values_list(*_ROW):
            by_pk.setdefault(row[0], row)
    members: dict[int, list[tuple]] = defaultdict(list)
    for row in by_pk.values():
        if row[3]:
            members[row[3]].append(row)

    if municipality_ids is not None:
        person_scope = Q(person__municipality_id__in=ids) | Q(
            person_id__in=[r[0] for r in rows if r[1] not in municipality_ids]
        )
    else:
        person_scope = Q(person_id__in=sorted(by_pk))
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
    for g in DisabilityGrant.objects.filter(person_scope).values_list(
        "person_id", "kind", "decision", "decided_on", "amount_per_year", "first_year", "last_year"
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
    # Reference persons named in the facts but not loaded.
    wanted = {f[3] for f in facts.values() if f[3] and f[3] not in by_pk}
    references = (
        dict(Person.objects.filter(pk__in=sorted(wanted)).values_list("pk", "settlement__settled_on"))
        if wanted
        else {}
    )
    for pk, row in by_pk.items():
        references.setdefault(pk, row[6])

    def first_settled(pk):
        fact = facts.get(pk)
        return (fact[1] if fact and fact[1] else None) or references.get(pk)

    people = []
    for row in rows:
        (
            pk,
            municipality_id,
            birth,
            household,
            country,
            moved_out_on,
            settled,
            category,
            destination,
            dest_country,
        ) = row
        fact = facts.get(pk)
        settled_on = (fact[1] if fact and fact[1] else None) or settled
        others = [m for m in members.get(household, ()) if m[0] != pk] if household else []
        alone = settled_on is not None and not any(m[6] is not None and m[6] <= settled_on for m in others)
        reference_on, status = None, ""
        if category == SettlementCategory.FAMILY_REUNIFICATION:
            if fact and fact[4]:
                reference_on = fact[4]
            elif fact and fact[3]:
                reference_on = first_settled(fact[3])
            elif settled_on is not None:
                earlier = [
                    first_settled(m[0])
                    for m in others
                    if m[7] and m[7] != SettlementCategory.FAMILY_REUNIFICATION and m[6] and m[6] < settled_on
                ]
                reference_on = min((d for d in earlier if d), default=None)
            status = fact[5] if fact else ""
        moved_to = None
        if moved_out_on is not None and destination and (dest_country or "NO") == "NO":
            moved_to = municipalities.get(destination.strip().casefold().removesuffix(" kommune"))
        people.append(
            rules.Entitled(
                person_id=pk,
                municipality_id=municipality_id,
                birth_date=birth,
                category=category or "",
                settled_on=settled_on,
                country=str(country or ""),
                settled_alone=alone,
                mother_settled_on=mothers.get(pk),
                reference_settled_on=reference_on,
                reference_status=status or "",
                year_one_group=(fact[2] if fact else "") or "",
                norwegian_band=(fact[6] if fact else "") or "",
                moved_out_on=moved_out_on,
                moved_to=moved_to,
                disability=tuple(disability.get(pk, ())),
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


def planned_settlements(scenario: Scenario) -> list[PlannedSettlement]:
    return list(scenario.planned.order_by("year"))
