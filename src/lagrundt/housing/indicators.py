"""Housing's indicators for the action plans: settled households in central locations, households
that moved to a home of their own within five years, and dwellings let to refugees.

Counts of households and dwellings, read from the tenancies as they are recorded; the plans app
protects every count before anything is shown.
"""

import datetime as dt
from collections import defaultdict

from django.db.models import Min, Q
from django.utils.translation import gettext_lazy as _

from lagrundt.core.dates import add_years
from lagrundt.core.measurement import Indicator, Kind, Query, Role, Series
from lagrundt.people.models import Person

from .models import OWN_HOME, Dwelling, Tenancy

OWN_HOME_YEARS = 5
SOURCE = _("The housing pages: dwellings and their tenancies, with how each tenancy ended.")


def _running_on(day: dt.date) -> Q:
    return Q(starts_on__lte=day) & (Q(ends_on__isnull=True) | Q(ends_on__gte=day))


def central_location(query: Query) -> dict[int, list[int]]:
    """Per year: households living on the day measured in a dwelling of central location, and the others."""
    result = {}
    for year in query.years:
        day = query.measured_on(year)
        if day < dt.date(year, 1, 1):
            result[year] = [0, 0]
            continue
        central: dict[int, bool] = {}
        for household, is_central in Tenancy.objects.filter(
            _running_on(day), municipality_id__in=query.municipality_ids, household__isnull=False
        ).values_list("household_id", "dwelling__central"):
            central[household] = central.get(household, False) or is_central
        part = sum(central.values())
        result[year] = [part, len(central) - part]
    return result


def own_home(query: Query) -> dict[int, list[int]]:
    """Per year of settlement: households that moved to a home of their own (rented privately or bought)
    within five years of it, the others with a tenancy recorded, and those with none recorded."""
    if not query.years:
        return {}
    # Each household's first settlement, whatever the year (a member reunified later does not make the
    # household newer); one grouped read of the register, then the years are picked in Python.
    first_settled = dict(
        Person.objects.filter(
            municipality_id__in=query.municipality_ids, household__isnull=False, settlement__isnull=False
        )
        .values_list("household_id")
        .annotate(first=Min("settlement__settled_on"))
        .order_by()
    )
    tenancies: dict[int, list[tuple[dt.date | None, str]]] = defaultdict(list)
    for household, ends_on, reason in Tenancy.objects.filter(
        municipality_id__in=query.municipality_ids, household__isnull=False
    ).values_list("household_id", "ends_on", "end_reason"):
        tenancies[household].append((ends_on, reason))
    result = {year: [0, 0, 0] for year in query.years}
    for household, first in first_settled.items():
        if first.year not in result:
            continue
        row = result[first.year]
        if household not in tenancies:
            row[2] += 1
            continue
        limit = min(add_years(first, OWN_HOME_YEARS), query.today)
        moved = any(
            ends_on is not None and reason in OWN_HOME and ends_on <= limit
            for ends_on, reason in tenancies[household]
        )
        row[0 if moved else 1] += 1
    return result


def dwellings_let(query: Query) -> dict[int, list[int]]:
    """Per year: dwellings of the stock for refugees let on the day measured, and those not let."""
    result = {}
    for year in query.years:
        day = query.measured_on(year)
        stock = Dwelling.objects.filter(municipality_id__in=query.municipality_ids, for_refugees=True).filter(
            Q(retired_on__isnull=True) | Q(retired_on__gt=day)
        )
        if day < dt.date(year, 1, 1):
            result[year] = [0, 0]
            continue
        total = stock.count()
        let = stock.filter(pk__in=Tenancy.objects.filter(_running_on(day)).values("dwelling_id")).count()
        result[year] = [let, total - let]
    return result


def definitions() -> list[Indicator]:
    return [
        Indicator(
            key="housing_central_location",
            label=_("Settled households in central locations"),
            description=_(
                "Households living in a dwelling of the municipality's stock at the end of each year (or "
                "today): in a central location, and elsewhere. The share is of those in central locations."
            ),
            kind=Kind.SHARE,
            series=(
                Series("central", _("Central location"), Role.PART),
                Series("elsewhere", _("Elsewhere"), Role.REST),
            ),
            compute=central_location,
            source=SOURCE,
        ),
        Indicator(
            key="housing_own_home",
            label=_("Moved to a home of their own within five years"),
            description=_(
                "Of the households settled each year, those that moved to a home they rent privately or "
                "bought (with startlån, the first-time buyer grant or otherwise) within five years, up to "
                "today."
            ),
            kind=Kind.SHARE,
            series=(
                Series("own_home", _("Home of their own"), Role.PART),
                Series("not_yet", _("Not (yet)"), Role.REST),
                Series("no_tenancy", _("No tenancy recorded"), Role.UNKNOWN),
            ),
            compute=own_home,
            source=SOURCE,
            rows="cohort",
        ),
        Indicator(
            key="housing_dwellings_let",
            label=_("Dwellings let to refugees"),
            description=_(
                "Dwellings in the stock for settling refugees, let and not let at the end of each year (or "
                "today). The stock is as it is recorded now: a dwelling taken out of it counts until then."
            ),
            kind=Kind.COUNT,
            series=(Series("let", _("Let to refugees")), Series("not_let", _("Not let"))),
            compute=dwellings_let,
            source=SOURCE,
        ),
    ]
