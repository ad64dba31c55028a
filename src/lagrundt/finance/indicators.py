"""Grants received per year, for the action plans: what the municipality entered from its accounts
(the economy pages' actual receipts), per grant. Amounts in kroner, of no person: never hidden."""

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from lagrundt.core.measurement import Indicator, Kind, Query, Series

from .models import ActualReceipt, GrantGroup


def grants_received(query: Query) -> dict[int, list[int]]:
    totals = {
        (row["year"], row["grant"]): row["total"]
        for row in ActualReceipt.objects.filter(
            municipality_id__in=query.municipality_ids, year__in=query.years
        )
        .values("year", "grant")
        .annotate(total=Sum("amount"))
        .order_by()
    }
    return {
        year: [
            int(totals.get((year, group), Decimal(0)).quantize(Decimal("1"), rounding=ROUND_HALF_UP))
            for group in GrantGroup.values
        ]
        for year in query.years
    }


def definitions() -> list[Indicator]:
    return [
        Indicator(
            key="grants_received",
            label=_("Grants received per year"),
            description=_("Grants from the state received by the municipality, per year and grant."),
            kind=Kind.AMOUNT,
            series=tuple(Series(value, label) for value, label in GrantGroup.choices),
            compute=grants_received,
            source=_("The economy pages: actual receipts entered from the municipality's accounts."),
            row_totals=True,
        )
    ]
