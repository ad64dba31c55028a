"""The programme indicator for the action plans: completers in work or education one year later."""

from dataclasses import dataclass

from django.db.models import Q

from ..models import (
    Outcome,
    ProgrammeEnd,
)


@dataclass(frozen=True)
class IndicatorRow:
    """Persons whose programme ended in ``year`` in a municipality, and their status one year later.

    ``share`` is in work or education (or both) of those whose status one year later is known.
    """

    municipality_id: int
    municipality: str
    year: int
    ended: int
    known: int
    in_work_or_education: int
    in_work_or_education_at_end: int

    @property
    def share(self) -> float | None:
        return self.in_work_or_education / self.known if self.known else None

    @property
    def share_at_end(self) -> float | None:
        return self.in_work_or_education_at_end / self.ended if self.ended else None


def programme_indicators(municipality_ids: set[int], years: list[int]) -> list[IndicatorRow]:
    """The programme indicators per municipality and year of completion, from the register.

    Counts, not persons: for the action plans and for leaders (suppress small numbers before showing
    them to anyone who may not see the persons, with ``access.disclosure``).
    """
    from django.db.models import Count
    from django.db.models.functions import ExtractYear

    from lagrundt.tenancy.models import Municipality

    good = list(Outcome.in_work_or_education())
    counts = {
        (row["municipality_id"], row["year"]): row
        for row in ProgrammeEnd.objects.filter(municipality_id__in=municipality_ids, ended_on__year__in=years)
        .annotate(year=ExtractYear("ended_on"))
        .values("municipality_id", "year")
        .annotate(
            ended=Count("pk"),
            known=Count("pk", filter=~Q(status_after_one_year__in=["", Outcome.UNKNOWN])),
            good=Count("pk", filter=Q(status_after_one_year__in=good)),
            good_at_end=Count("pk", filter=Q(status_at_end__in=good)),
        )
    }
    rows = []
    for municipality in Municipality.objects.filter(pk__in=municipality_ids).order_by("name"):
        for year in years:
            row = counts.get((municipality.pk, year), {})
            rows.append(
                IndicatorRow(
                    municipality_id=municipality.pk,
                    municipality=municipality.name,
                    year=year,
                    ended=row.get("ended", 0),
                    known=row.get("known", 0),
                    in_work_or_education=row.get("good", 0),
                    in_work_or_education_at_end=row.get("good_at_end", 0),
                )
            )
    return rows
