"""Leisure's indicators for the action plans: the share of settled children (6–17) and of settled adults
(18 and over) who took part in an organised leisure activity.

Each is a share (``Kind.SHARE``) per year, read on the year's measuring day (its last day, or today for
the year now running) among the settled persons living in the municipality that day and of that age:

* yes: a participation recorded in the year up to the measuring day (started on or before it, and not
  stopped before the year began) — taking part at some time during the year counts, as the plans ask
  whether children "get to take part", not whether they did so on one particular day;
* no: no such participation, but the person's interests have been mapped (leisure was followed up);
* not recorded: neither: nobody has asked, so the answer is not known and stays out of the share.

The plans app protects small counts before anything is shown (the share only where its counts are).
"""

import datetime as dt

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lagrundt.core.dates import add_years
from lagrundt.core.measurement import Indicator, Kind, Query
from lagrundt.people.indicators import SHARE_SERIES, person_group_q
from lagrundt.people.models import Person

from .models import InterestMapping, Participation

CHILD_FROM = 6
ADULT_FROM = 18

SOURCE = _("Leisure's records: activities taken part in and interest mappings, and the register, read now.")


def _residents(query: Query, on: dt.date, youngest: int, oldest: int | None):
    """Settled persons living in the municipality on the day, aged ``youngest`` to ``oldest`` then."""
    persons = Person.objects.filter(
        municipality_id__in=query.municipality_ids,
        settlement__settled_on__lte=on,
        birth_date__lte=add_years(on, -youngest),
    ).filter(Q(moved_out_on__isnull=True) | Q(moved_out_on__gt=on))
    if oldest is not None:
        persons = persons.filter(birth_date__gt=add_years(on, -(oldest + 1)))
    return persons.filter(person_group_q(query.group, on))


def counts_on(persons, year_start: dt.date, on: dt.date) -> tuple[int, int, int]:
    """Took part, mapped without taking part, and not recorded, among ``persons`` in the year to ``on``."""
    ids = set(persons.values_list("pk", flat=True))
    took_part = set(
        Participation.objects.filter(person_id__in=ids, started_on__lte=on)
        .filter(Q(stopped_on__isnull=True) | Q(stopped_on__gte=year_start))
        .values_list("person_id", flat=True)
    )
    mapped = set(
        InterestMapping.objects.filter(person_id__in=ids, mapped_on__lte=on).values_list(
            "person_id", flat=True
        )
    )
    yes = len(took_part)
    no = len(mapped - took_part)
    return yes, no, len(ids) - yes - no


def _share(query: Query, youngest: int, oldest: int | None) -> dict[int, list[int]]:
    result = {}
    for year in query.years:
        on = query.measured_on(year)
        if on < dt.date(year, 1, 1):
            result[year] = [0, 0, 0]
            continue
        result[year] = list(counts_on(_residents(query, on, youngest, oldest), dt.date(year, 1, 1), on))
    return result


def children_leisure(query: Query) -> dict[int, list[int]]:
    """Settled children 6–17 who took part in an organised activity during the year."""
    return _share(query, CHILD_FROM, ADULT_FROM - 1)


def adult_leisure(query: Query) -> dict[int, list[int]]:
    """Settled adults 18 and over who took part in an organised activity during the year."""
    return _share(query, ADULT_FROM, None)


def definitions() -> list[Indicator]:
    return [
        Indicator(
            key="children_leisure",
            label=_("Settled children who take part in an organised leisure activity"),
            description=_(
                "Share of settled children aged 6–17 who took part in an organised leisure activity during "
                "the year; children whose leisure has neither been mapped nor recorded are shown as not "
                "recorded."
            ),
            kind=Kind.SHARE,
            series=SHARE_SERIES,
            compute=children_leisure,
            groups=frozenset({"category", "sex", "country", "settled_years_min"}),
            source=SOURCE,
        ),
        Indicator(
            key="adult_leisure",
            label=_("Settled adults who take part in an organised leisure activity"),
            description=_(
                "Share of settled adults (18 and over) who took part in an organised leisure activity during "
                "the year; adults whose leisure has neither been mapped nor recorded are shown as not "
                "recorded."
            ),
            kind=Kind.SHARE,
            series=SHARE_SERIES,
            compute=adult_leisure,
            groups=frozenset({"category", "sex", "country", "settled_years_min"}),
            source=SOURCE,
        ),
    ]
