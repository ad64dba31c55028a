"""The settlement process's indicators for the action plans: how long the municipality takes to answer
IMDi, and how long from its acceptance until the persons arrive. Averages in days, per year.

Each is an average over cases (``Kind.AVERAGE``): per year the number of cases and the sum of their
days. The plans app protects the number of cases like any count and shows the average only where that
number is shown, so no average rests on a case or two. Days are counted in Python from the dates: a
municipality has some dozens of cases a year, and day arithmetic differs between the databases.
"""

import datetime as dt
from collections import defaultdict

from django.utils.translation import gettext_lazy as _

from lagrundt.core.measurement import Indicator, Kind, Query, Series

from .models import Reply, SettlementCase

SOURCE = _("The settlement cases: the dates each proposal was received, answered and the persons arrived.")


def _cases(query: Query):
    cases = SettlementCase.objects.filter(municipality_id__in=query.municipality_ids)
    if query.group.category:
        cases = cases.filter(category=query.group.category)
    return cases


def _averages(query: Query, pairs) -> dict[int, list[int]]:
    """Per year of the later date: the number of cases and their days, for dates up to the day measured."""
    sums: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for start, end in pairs:
        if start is None or end is None or end < start or end.year not in query.years:
            continue
        if end > query.measured_on(end.year):
            continue
        sums[end.year][0] += 1
        sums[end.year][1] += (end - start).days
    return {year: list(sums.get(year, [0, 0])) for year in query.years}


def reply_days(query: Query) -> dict[int, list[int]]:
    """Days from a proposal's receipt to the municipality's reply (accept or decline), by the reply's year."""
    if not query.years:
        return {}
    first = dt.date(min(query.years), 1, 1)
    pairs = _cases(query).filter(replied_on__gte=first).values_list("received_on", "replied_on")
    return _averages(query, pairs)


def acceptance_to_arrival_days(query: Query) -> dict[int, list[int]]:
    """Days from the municipality's acceptance to the persons' arrival, by the year of arrival."""
    if not query.years:
        return {}
    first = dt.date(min(query.years), 1, 1)
    pairs = (
        _cases(query)
        .filter(reply=Reply.ACCEPTED, arrived_on__gte=first)
        .values_list("replied_on", "arrived_on")
    )
    return _averages(query, pairs)


def definitions() -> list[Indicator]:
    return [
        Indicator(
            key="settlement_reply_days",
            label=_("Reply time to IMDi, average days"),
            description=_(
                "Days from a proposal from IMDi is received until the municipality replies, on average, "
                "by the year of the reply."
            ),
            kind=Kind.AVERAGE,
            series=(Series("cases", _("Proposals answered")), Series("days", _("Average days"))),
            compute=reply_days,
            groups=frozenset({"category"}),
            source=SOURCE,
        ),
        Indicator(
            key="settlement_arrival_days",
            label=_("From acceptance to arrival, average days"),
            description=_(
                "Days from the municipality accepts a proposal until the persons arrive, on average, by "
                "the year of arrival."
            ),
            kind=Kind.AVERAGE,
            series=(Series("cases", _("Cases arrived")), Series("days", _("Average days"))),
            compute=acceptance_to_arrival_days,
            groups=frozenset({"category"}),
            source=SOURCE,
        ),
    ]
