"""The settlement process's indicators for the action plans: how long the municipality takes to answer
IMDi, and how long from its acceptance until the persons arrive (averages in days, per year); and from
the integration service's record, the Norwegian level the persons reached in tests each year.

Each is an average over cases (``Kind.AVERAGE``): per year the number of cases and the sum of their
days. The plans app protects the number of cases like any count and shows the average only where that
number is shown, so no average rests on a case or two. Days are counted in Python from the dates: a
municipality has some dozens of cases a year, and day arithmetic differs between the databases.
"""

import datetime as dt
from collections import defaultdict

from django.utils.translation import gettext_lazy as _

from lagrundt.core.measurement import Indicator, Kind, Query, Series
from lagrundt.people.indicators import person_group_q

from .models import NorwegianTest, Reply, SettlementCase

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


# A person counts once a year, at the highest level of a test passed that year (oral or written).
LEVEL_SERIES = {"A2": 0, "B1": 1, "B2": 2, "C1": 2}
LEVEL_RANK = {"A1": 1, "A2": 2, "B1": 3, "B2": 4, "C1": 5}


def norwegian_level(query: Query) -> dict[int, list[int]]:
    """Per year: persons of the municipality who passed a Norwegian test that year (up to the day
    measured), by the highest level passed: A2, B1, and B2 or higher. A1 alone is not counted."""
    result = {}
    for year in query.years:
        on = query.measured_on(year)
        rows = (
            NorwegianTest.objects.filter(
                person__municipality_id__in=query.municipality_ids,
                passed_on__gte=dt.date(year, 1, 1),
                passed_on__lte=on,
            )
            .filter(person_group_q(query.group, on, prefix="person__"))
            .values_list("person_id", "level")
        )
        highest: dict[int, str] = {}
        for person_id, level in rows:
            if LEVEL_RANK[level] > LEVEL_RANK.get(highest.get(person_id, ""), 0):
                highest[person_id] = level
        counts = [0, 0, 0]
        for level in highest.values():
            if level in LEVEL_SERIES:
                counts[LEVEL_SERIES[level]] += 1
        result[year] = counts
    return result


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
        Indicator(
            key="norwegian_level",
            label=_("Norwegian level reached in tests"),
            description=_(
                "Persons who passed a Norwegian test in the year, by the highest level passed that year "
                "(oral or written): A2, B1, and B2 or higher."
            ),
            kind=Kind.COUNT,
            series=(
                Series("a2", "A2"),
                Series("b1", "B1"),
                Series("b2_or_higher", _("B2 or higher")),
            ),
            compute=norwegian_level,
            groups=frozenset({"sex", "category", "country", "age"}),
            source=_("The integration service's record: Norwegian tests passed, by level and date."),
            row_totals=True,
        ),
    ]
