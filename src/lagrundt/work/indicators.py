"""«Settled adults in work or education» (Hemsedal's quantified goal), computed instead of typed by hand.

For each year, on its last day (or today for the year now running): the settled adults, 18 to 66 years
old, living in the municipality and settled by that day, in the group asked for. Each is counted

* in work or education when Nav's record gives a status of work or education on that day;
* as another known status when Nav's record gives another status (job seeker, measure, benefit);
* otherwise by what other apps know of the day (the ``work_status`` plug-in: the programme's outcome,
  the status one year later once known), in work or education or not;
* as not known when nothing is recorded.

The key, label, series and groups are those of the entered definition in ``plans.indicators``, which
this one replaces. Counted from the register as it is now; the plans app protects small counts.
"""

import datetime as dt

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lagrundt.core.dates import add_years
from lagrundt.core.measurement import Indicator, Kind, Query
from lagrundt.core.plugins import app_modules
from lagrundt.people import rules as people_rules
from lagrundt.people.indicators import SHARE_SERIES, person_group_q
from lagrundt.people.models import Person

from .models import NavStatus
from .vocabulary import NavStatusKind

OLDEST = 66  # counted up to and including the year a person is 66


def settled_adults(query: Query, on: dt.date):
    """The settled adults of working age living in the municipality on the day, in the query's group."""
    return (
        Person.objects.filter(
            municipality_id__in=query.municipality_ids,
            settlement__settled_on__lte=on,
            birth_date__lte=people_rules.adult_birth_cutoff(on),
            birth_date__gt=add_years(on, -(OLDEST + 1)),
        )
        .filter(Q(moved_out_on__isnull=True) | Q(moved_out_on__gt=on))
        .filter(person_group_q(query.group, on))
    )


def statuses_on(persons, on: dt.date) -> tuple[int, int, int]:
    """In work or education, other known status, and not known, among ``persons`` on the day."""
    ids = persons.values("pk")
    total = persons.count()
    good = set(NavStatusKind.in_work_or_education())
    nav = dict(
        NavStatus.objects.filter(person_id__in=ids, from_date__lte=on)
        .filter(Q(to_date__isnull=True) | Q(to_date__gte=on))
        .values_list("person_id", "status")
    )
    known = {person_id: status in good for person_id, status in nav.items()}
    for module in app_modules("work_status"):
        for person_id, in_work in module.statuses(person_ids=ids, on=on).items():
            known.setdefault(person_id, bool(in_work))
    part = sum(1 for value in known.values() if value)
    rest = len(known) - part
    return part, rest, total - part - rest


def work_or_education(query: Query) -> dict[int, list[int]]:
    result = {}
    for year in query.years:
        on = query.measured_on(year)
        result[year] = list(statuses_on(settled_adults(query, on), on))
    return result


def definitions() -> list[Indicator]:
    return [
        Indicator(
            key="work_or_education",
            label=_("Settled adults in work or education"),
            description=_(
                "Share of settled adults (18–66) in work or education at the end of each year, from Nav's "
                "status records and, where Nav has none, how the introduction programme ended; for all or "
                "for those settled at least a number of years ago."
            ),
            kind=Kind.SHARE,
            series=SHARE_SERIES,
            compute=work_or_education,
            groups=frozenset({"settled_years_min", "sex", "category", "country"}),
            source=_("Nav's status records and the introduction programme's outcomes, read now."),
        )
    ]
