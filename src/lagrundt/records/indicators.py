"""The records' indicators for the action plans: how long from settlement until a child starts school
and kindergarten, on average in days, per year of the start.

Each is an average over children (``Kind.AVERAGE``): per year the number of children who started and
the sum of their days from settlement. The plans app protects the number of children like any count
and shows the average only where that number is shown, so no average rests on a child or two. A
child counts once, at the first start recorded after settlement (a change of school is not a start).
"""

from collections import defaultdict

from django.db.models import Min
from django.utils.translation import gettext_lazy as _

from lagrundt.core.measurement import Indicator, Kind, Query, Series
from lagrundt.people.models import Settlement

from .models import KindergartenPlacement, SchoolPlacement

SOURCE = _(
    "The school's and the kindergarten's records: the start dates, and the register's settlement dates."
)


def _first_starts(model, query: Query) -> dict[int, object]:
    starts = model.objects.filter(person__municipality_id__in=query.municipality_ids, starts_on__isnull=False)
    if query.group.category:
        starts = starts.filter(person__settlement__category=query.group.category)
    if query.group.sex:
        starts = starts.filter(person__sex=query.group.sex)
    return dict(starts.values("person_id").annotate(first=Min("starts_on")).values_list("person_id", "first"))


def _averages(model, query: Query) -> dict[int, list[int]]:
    if not query.years:
        return {}
    starts = _first_starts(model, query)
    settled = dict(
        Settlement.objects.filter(person_id__in=list(starts)).values_list("person_id", "settled_on")
    )
    sums: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for person_id, start in starts.items():
        since = settled.get(person_id)
        if since is None or start < since or start.year not in query.years:
            continue
        if start > query.measured_on(start.year):
            continue
        sums[start.year][0] += 1
        sums[start.year][1] += (start - since).days
    return {year: list(sums.get(year, [0, 0])) for year in query.years}


def school_start_days(query: Query) -> dict[int, list[int]]:
    """Days from settlement to the first school start, by the year of the start."""
    return _averages(SchoolPlacement, query)


def kindergarten_start_days(query: Query) -> dict[int, list[int]]:
    """Days from settlement to the first kindergarten start, by the year of the start."""
    return _averages(KindergartenPlacement, query)


def definitions() -> list[Indicator]:
    return [
        Indicator(
            key="school_start_days",
            label=_("From settlement to school start, average days"),
            description=_(
                "Days from a child is settled until the child starts school, on average, by the year of "
                "the start."
            ),
            kind=Kind.AVERAGE,
            series=(Series("children", _("Children who started school")), Series("days", _("Average days"))),
            compute=school_start_days,
            groups=frozenset({"category", "sex"}),
            source=SOURCE,
        ),
        Indicator(
            key="kindergarten_start_days",
            label=_("From settlement to kindergarten start, average days"),
            description=_(
                "Days from a child is settled until the child starts kindergarten, on average, by the "
                "year of the start."
            ),
            kind=Kind.AVERAGE,
            series=(
                Series("children", _("Children who started kindergarten")),
                Series("days", _("Average days")),
            ),
            compute=kindergarten_start_days,
            groups=frozenset({"category", "sex"}),
            source=SOURCE,
        ),
    ]
