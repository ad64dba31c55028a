"""Reads of housing: the stock and its figures (computed in SQL), vacancies, suggestions for a household
or a settlement case, a household's tenancies and inspections, and a user's open deviations.

Lists start from the queryset the resource policy allows (``access.resources.DWELLINGS``); the
figures are counted by the database, never typed and never summed row by row in Python.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from lagrundt.core.dates import add_years, age_on
from lagrundt.core.plugins import IncomeEstimate, app_modules
from lagrundt.people.models import Household, RelationKind

from . import rules
from .models import (
    ApprovalResult,
    Deviation,
    Dwelling,
    DwellingApproval,
    LeaseAgreement,
    Ownership,
    Tenancy,
)
from .profiles import profile_for

MAX_SUGGESTIONS = 20
ADULT_AGE = 18


def let_on(on: dt.date) -> Exists:
    """A dwelling has a tenancy (or a hold) covering the day."""
    return Exists(
        Tenancy.objects.filter(dwelling=OuterRef("pk"), starts_on__lte=on).filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=on)
        )
    )


def in_stock_q(on: dt.date) -> Q:
    return Q(retired_on__isnull=True) | Q(retired_on__gt=on)


def vacant_q(on: dt.date) -> Q:
    """In the stock, available, and not let on the day."""
    return in_stock_q(on) & (Q(available_from__isnull=True) | Q(available_from__lte=on)) & ~let_on(on)


@dataclass(frozen=True)
class OwnerFigures:
    ownership: str
    label: str
    in_stock: int
    let: int
    vacant: int

    @property
    def share_let(self) -> int | None:
        """Per cent of the stock let, or None without a stock."""
        return round(self.let * 100 / self.in_stock) if self.in_stock else None


@dataclass(frozen=True)
class StockFigures:
    on: dt.date
    rows: tuple[OwnerFigures, ...]
    total: OwnerFigures
    leases_ending: list


def stock_figures(dwellings: QuerySet, on: dt.date | None = None) -> StockFigures:
    """The stock on a day, per owner kind: in the stock, let (to refugees: the stock is theirs), vacant,
    and the share let (Hemsedal's "6 of 11"); the leases that end within the next 12 months."""
    on = on or timezone.localdate()
    stock = dwellings.filter(in_stock_q(on), for_refugees=True)
    later = Q(available_from__gt=on)
    counted = {
        row["ownership"]: row
        for row in stock.values("ownership")
        .annotate(in_stock=Count("pk"), later=Count("pk", filter=later))
        .order_by()
    }
    # The let ones counted from the tenancies of the day (a few thousand rows), not row by row.
    let = {
        row["dwelling__ownership"]: row
        for row in Tenancy.objects.filter(dwelling__in=stock.values("pk"), starts_on__lte=on)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))
        .values("dwelling__ownership")
        .annotate(
            let=Count("dwelling", distinct=True),
            later=Count("dwelling", distinct=True, filter=Q(dwelling__available_from__gt=on)),
        )
        .order_by()
    }
    by_kind = {
        code: {
            "in_stock": counted.get(code, {}).get("in_stock", 0),
            "let": let.get(code, {}).get("let", 0),
            "vacant": counted.get(code, {}).get("in_stock", 0)
            - let.get(code, {}).get("let", 0)
            - (counted.get(code, {}).get("later", 0) - let.get(code, {}).get("later", 0)),
        }
        for code in Ownership.values
    }
    rows = tuple(
        OwnerFigures(
            code,
            str(label),
            by_kind.get(code, {}).get("in_stock", 0),
            by_kind.get(code, {}).get("let", 0),
            by_kind.get(code, {}).get("vacant", 0),
        )
        for code, label in Ownership.choices
    )
    total = OwnerFigures(
        "", "", sum(r.in_stock for r in rows), sum(r.let for r in rows), sum(r.vacant for r in rows)
    )
    ending = list(
        LeaseAgreement.objects.filter(
            dwelling__in=dwellings.values("pk"), ends_on__gte=on, ends_on__lte=add_years(on, 1)
        )
        .select_related("dwelling", "landlord")
        .order_by("ends_on", "pk")[:50]
    )
    return StockFigures(on, rows, total, ending)


def filtered_stock(
    dwellings: QuerySet,
    *,
    municipality_id: int | None = None,
    vacant: bool = False,
    bedrooms: int | None = None,
    ownership: str = "",
    on: dt.date | None = None,
) -> QuerySet:
    on = on or timezone.localdate()
    if municipality_id:
        dwellings = dwellings.filter(municipality_id=municipality_id)
    if vacant:
        dwellings = dwellings.filter(vacant_q(on))
    if bedrooms:
        dwellings = dwellings.filter(bedrooms__gte=bedrooms)
    if ownership in Ownership.values:
        dwellings = dwellings.filter(ownership=ownership)
    return dwellings.order_by("address", "pk")


def current_tenancies(dwelling_ids, on: dt.date) -> dict[int, Tenancy]:
    """The tenancy covering the day for each dwelling (for a page of the stock)."""
    found = (
        Tenancy.objects.filter(dwelling_id__in=list(dwelling_ids), starts_on__lte=on)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))
        .select_related("household", "case")
    )
    return {t.dwelling_id: t for t in found}


# ---------------------------------------------------------------------------- suggestions
def expected_income(birth_dates: list[dt.date], on: dt.date) -> IncomeEstimate | None:
    """The household's expected monthly income from the app that knows it (the programme), if any."""
    for module in app_modules("household_income"):
        return module.expected_income(birth_dates=birth_dates, on=on)
    return None


def _approved() -> Exists:
    return Exists(
        DwellingApproval.objects.filter(dwelling=OuterRef("pk")).exclude(result=ApprovalResult.REJECTED)
    )


def candidates(municipality, needed_bedrooms: int, accessible: bool, on: dt.date) -> QuerySet:
    """What the database can rule out first: the municipality, vacant on the day, enough bedrooms."""
    qs = Dwelling.objects.filter(
        vacant_q(on), municipality=municipality, for_refugees=True, bedrooms__gte=needed_bedrooms
    )
    if accessible:
        qs = qs.filter(accessible=True)
    if profile_for(municipality).approval_required:
        qs = qs.filter(Q(ownership=Ownership.MUNICIPAL) | _approved())
    return qs


FACT_FIELDS = (
    "pk",
    "address",
    "bedrooms",
    "accessible",
    "floor",
    "has_lift",
    "rent",
    "charges",
    "central",
    "minutes_to_school",
    "minutes_to_bus",
    "minutes_to_centre",
)


def limits_for(municipality) -> rules.Limits:
    p = profile_for(municipality)
    return rules.Limits(p.bedrooms, p.max_rent_share_percent, p.school_minutes, p.bus_minutes)


@dataclass(frozen=True)
class SuggestionList:
    needs: rules.Needs
    needed_bedrooms: int
    income: IncomeEstimate | None
    suggestions: list[rules.Suggestion]
    limits: rules.Limits


def suggestions(
    municipality,
    birth_dates: list[dt.date],
    couple: bool,
    on: dt.date,
    *,
    accessible: bool = False,
    has_car: bool | None = None,
) -> SuggestionList:
    limits = limits_for(municipality)
    ages = tuple(age_on(b, on) for b in birth_dates)
    income = expected_income(birth_dates, on)
    needs = rules.Needs(
        ages=ages,
        couple=couple,
        accessible=accessible,
        has_car=has_car,
        income=income.monthly if income and income.monthly > 0 else None,
        income_assumed=bool(income and income.assumed),
    )
    wanted = rules.bedrooms_needed(ages, couple, limits.bedrooms)
    rows = candidates(municipality, wanted, accessible, on).values_list(*FACT_FIELDS)
    facts = [
        rules.DwellingFacts(*row[:6], Decimal(row[6]), Decimal(row[7]), *row[8:]) for row in rows.iterator()
    ]
    return SuggestionList(needs, wanted, income, rules.rank(facts, needs, limits, MAX_SUGGESTIONS), limits)


def household_facts(household: Household, on: dt.date | None = None) -> tuple[list[dt.date], bool]:
    """Birth dates of the members still living here, and whether two of them are a couple: a spouse
    relation says so; without one, two adults with children are taken to be the parents."""
    from lagrundt.people.models import Relation

    on = on or timezone.localdate()
    members = list(household.members.filter(moved_out_on__isnull=True))
    births = [m.birth_date for m in members if m.birth_date]
    ids = [m.pk for m in members]
    if Relation.objects.filter(person_id__in=ids, relative_id__in=ids, kind=RelationKind.SPOUSE).exists():
        return births, True
    adults = sum(1 for b in births if age_on(b, on) >= ADULT_AGE)
    return births, adults == 2 and len(births) > 2


def case_facts(case) -> tuple[list[dt.date], bool]:
    """Birth dates of a case's members as known (a year alone counts from 1 July), and a couple or not."""
    from lagrundt.settlement.models import MemberRole

    members = list(case.members.all())
    births = [m.birth_date or dt.date(m.birth_year, 7, 1) for m in members]
    roles = {m.role for m in members}
    return births, MemberRole.REFERENCE in roles and MemberRole.SPOUSE in roles


# ---------------------------------------------------------------------------- tenancies and follow-up
def household_tenancies(household: Household) -> list[Tenancy]:
    return list(
        Tenancy.objects.filter(household=household)
        .select_related("dwelling", "case")
        .prefetch_related("inspections__deviations")
        .order_by("-starts_on", "-pk")
    )


def open_deviations(user, municipality_ids) -> QuerySet:
    """The user's open deviations in the municipalities where they write housing."""
    return (
        Deviation.objects.filter(
            owner=user,
            done_on__isnull=True,
            inspection__tenancy__municipality_id__in=sorted(municipality_ids),
        )
        .select_related("inspection__tenancy__dwelling", "inspection__tenancy__household")
        .order_by("due_on", "pk")
    )


def moved_to_own_home(municipality_ids, since: dt.date) -> int:
    from .models import OWN_HOME

    return Tenancy.objects.filter(
        municipality_id__in=sorted(municipality_ids), end_reason__in=OWN_HOME, ends_on__gte=since
    ).count()


def settlement_year(settled_on: dt.date, on: dt.date) -> int:
    """Which year after settlement (1, 2 …) the day is in."""
    year = 1
    while add_years(settled_on, year) <= on:
        year += 1
    return year
