"""The introduction benefit paid, per municipality and year, for the economy pages (finance app).

What was exported to the payroll system is what was paid: the sum of the exported months'
payments (corrections included), in whole kroner. A year counts only the months exported so far.
"""

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Sum
from django.db.models.functions import ExtractYear

from lagrundt.core.plugins import CostLine

from .models import BenefitPayment

INTRODUCTION_BENEFIT = "introduction_benefit"  # the economy's kind of cost (finance checks it)


def costs(*, municipality_ids: frozenset[int], years: range) -> Iterable:
    rows = (
        BenefitPayment.objects.filter(
            export__municipality_id__in=sorted(municipality_ids),
            month__year__gte=years.start,
            month__year__lt=years.stop,
        )
        .annotate(year=ExtractYear("month"))
        .values("export__municipality_id", "year")
        .annotate(total=Sum("amount"))
        .order_by("export__municipality_id", "year")
    )
    return [
        CostLine(
            municipality_id=row["export__municipality_id"],
            year=row["year"],
            kind=INTRODUCTION_BENEFIT,
            amount=row["total"].quantize(Decimal("1"), rounding=ROUND_HALF_UP),
        )
        for row in rows
    ]
