"""A year's settlement against the council's decision: decided, accepted and arrived, per category.

Counts of persons (case members), read by the year page, the leaders' overview and the council
report. Persons count in the year of their case's expected arrival (or of arrival, once arrived);
a case without either counts in the year it was received. Declined cases count nowhere.
Small-number protection is the caller's: it knows whether the reader sees aggregates only.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, F, Q
from django.db.models.functions import Coalesce, ExtractYear

from lagrundt.people.models import SettlementCategory
from lagrundt.tenancy.models import Municipality

from .models import CaseMember, Reply, SettlementRequest, Stage


@dataclass(frozen=True)
class CategoryProgress:
    category: str
    label: str
    accepted: int  # persons in accepted cases (arrived or not)
    arrived: int


@dataclass(frozen=True)
class YearProgress:
    municipality_id: int
    municipality_name: str
    year: int
    requested: int | None
    requested_unaccompanied: int | None
    decided: int | None
    decided_unaccompanied: int | None
    decided_on: dt.date | None
    council_case_number: str
    proposed: int  # persons in cases not yet answered
    accepted: int
    arrived: int
    categories: tuple[CategoryProgress, ...] = field(default_factory=tuple)

    @property
    def gap(self) -> int | None:
        """Persons still to arrive to reach the decision; None without a decision."""
        return None if self.decided is None else self.decided - self.arrived

    @property
    def unaccompanied_arrived(self) -> int:
        return sum(c.arrived for c in self.categories if c.category == SettlementCategory.UNACCOMPANIED_MINOR)


def year_progress(*, municipality_ids: Iterable[int], year: int) -> list[YearProgress]:
    """One row per municipality (by name) with its request, decision and the persons so far."""
    ids = sorted(set(municipality_ids))
    requests = {
        r.municipality_id: r for r in SettlementRequest.objects.filter(municipality_id__in=ids, year=year)
    }
    counts: dict[int, dict[str, dict[str, int]]] = defaultdict(lambda: defaultdict(lambda: defaultdict(int)))
    rows = (
        CaseMember.objects.filter(case__municipality_id__in=ids)
        .exclude(case__reply=Reply.DECLINED)
        .exclude(case__stage=Stage.CLOSED)
        .annotate(
            counted_year=ExtractYear(
                Coalesce("case__arrived_on", "case__expected_arrival", "case__received_on")
            )
        )
        .filter(counted_year=year)
        .values(municipality=F("case__municipality_id"), category=F("case__category"))
        .annotate(
            proposed=Count("pk", filter=Q(case__reply=Reply.PENDING)),
            accepted=Count("pk", filter=Q(case__reply=Reply.ACCEPTED)),
            arrived=Count("pk", filter=Q(case__arrived_on__isnull=False)),
        )
        .order_by()
    )
    for r in rows:
        for key in ("proposed", "accepted", "arrived"):
            counts[r["municipality"]][r["category"]][key] += r[key]
    labels = dict(SettlementCategory.choices)
    result = []
    for municipality in Municipality.objects.filter(pk__in=ids).order_by("name"):
        request = requests.get(municipality.pk)
        per_category = counts.get(municipality.pk, {})
        categories = tuple(
            CategoryProgress(c, str(labels[c]), per_category[c]["accepted"], per_category[c]["arrived"])
            for c in SettlementCategory.values
            if c in per_category
        )
        result.append(
            YearProgress(
                municipality_id=municipality.pk,
                municipality_name=municipality.name,
                year=year,
                requested=request.requested if request else None,
                requested_unaccompanied=request.requested_unaccompanied if request else None,
                decided=request.decided if request else None,
                decided_unaccompanied=request.decided_unaccompanied if request else None,
                decided_on=request.decided_on if request else None,
                council_case_number=request.council_case_number if request else "",
                proposed=sum(v["proposed"] for v in per_category.values()),
                accepted=sum(v["accepted"] for v in per_category.values()),
                arrived=sum(v["arrived"] for v in per_category.values()),
                categories=categories,
            )
        )
    return result
