"""The programme's figure for the action plans: those who ended the programme in a year, and how
many of them were in work or education one year later (Hemsedal's and Ål's goals, IMDi's 70 %).

Counted from the register as it is now; the plans app protects small counts before showing them.
"""

from django.db.models import Count, Q
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _

from lagrundt.core.measurement import Indicator, Kind, Query
from lagrundt.people.indicators import SHARE_SERIES, person_group_q

from .models import Outcome, ProgrammeEnd


def completers_in_work(query: Query) -> dict[int, list[int]]:
    """Per year the programme ended: in work or education one year later, not, and not yet known."""
    good = list(Outcome.in_work_or_education())
    known = ~Q(status_after_one_year__in=["", Outcome.UNKNOWN])
    rows = (
        ProgrammeEnd.objects.filter(
            municipality_id__in=query.municipality_ids, ended_on__year__in=query.years
        )
        .filter(person_group_q(query.group, query.today, prefix="person__"))
        .annotate(year=ExtractYear("ended_on"))
        .values("year")
        .annotate(
            ended=Count("pk"),
            known=Count("pk", filter=known),
            good=Count("pk", filter=Q(status_after_one_year__in=good)),
        )
        .order_by()
    )
    counts = {row["year"]: row for row in rows}
    result = {}
    for year in query.years:
        row = counts.get(year, {"ended": 0, "known": 0, "good": 0})
        result[year] = [row["good"], row["known"] - row["good"], row["ended"] - row["known"]]
    return result


def definitions() -> list[Indicator]:
    return [
        Indicator(
            key="programme_completers_in_work",
            label=_("Programme completers in work or education after one year"),
            description=_(
                "Of those whose introduction programme ended in the year, the share in work or education "
                "one year later (where their status then is recorded)."
            ),
            kind=Kind.SHARE,
            series=SHARE_SERIES,
            compute=completers_in_work,
            groups=frozenset({"sex", "category", "country"}),
            source=_("The introduction programme: how each programme ended, and the status one year later."),
            rows="cohort",
            row_totals=True,
        )
    ]
