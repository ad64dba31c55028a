"""The indicator protocol: how any app defines a figure the plans follow, computed from its own data.

An app adds indicators by having a module ``indicators.py`` with a function ``definitions()`` that
returns a list of ``Indicator``. The plans app asks every installed app for it
(``lagrundt.core.plugins.app_modules("indicators")``) and never needs to know the app. The protocol
is described in ``docs/plans.md``; in short:

* ``compute(query)`` returns, for each year of ``query.years``, one whole number per series: counts
  of persons (``Kind.COUNT`` and ``Kind.SHARE``) or kroner (``Kind.AMOUNT``). It reads the register
  as it is now, for ``query.municipality_ids`` and the persons in ``query.group``; it must not use
  the access policy (the numbers are aggregates for everyone who follows the plan) and must not show
  anything by itself: the plans app protects small counts before anything is shown.
* A share indicator's series say which counts are the part, which the rest and which are persons
  whose status is not known; the share is part / (part + rest), and the unknown are shown beside it.
* An indicator without ``compute`` is entered by hand (figures from SSB, IMDi, a survey) until an app
  computes it: a computing definition with the same key replaces the entered-only one.
"""

import datetime as dt
import enum
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, fields


class Kind(enum.StrEnum):
    COUNT = "count"  # persons
    SHARE = "share"  # per cent of persons
    AMOUNT = "amount"  # kroner
    # An average over counted cases (days from acceptance to arrival): ``compute`` gives per year the
    # number of cases and the sum of the quantity (series 0 and 1); the plans app shows the number of
    # cases protected, and the average only where that number is shown.
    AVERAGE = "average"


class Role(enum.StrEnum):
    """What a series of a share indicator is."""

    PART = "part"  # counted in the share (in work or education)
    REST = "rest"  # the others whose status is known
    UNKNOWN = "unknown"  # status not recorded: shown, never in the share


@dataclass(frozen=True)
class Series:
    key: str
    label: str
    role: Role = Role.PART


@dataclass(frozen=True)
class Group:
    """Whom an indicator counts. Empty fields mean everyone; an indicator says which fields it reads."""

    category: str = ""  # settlement category
    sex: str = ""
    age: str = ""  # "children" (under 18) or "adults", on the day measured
    settled_years_min: int | None = None  # settled at least this many years before the day measured
    country: str = ""  # country background, ISO code
    sector: str = ""  # for duties of one sector

    @classmethod
    def from_dict(cls, data: Mapping | None) -> "Group":
        data = data or {}
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known and v not in (None, "")}
        if "settled_years_min" in values:
            values["settled_years_min"] = int(values["settled_years_min"])
        return cls(**values)

    def as_dict(self) -> dict:
        return {k: v for k, v in asdict(self).items() if v not in (None, "")}

    def used(self) -> set[str]:
        return set(self.as_dict())


@dataclass(frozen=True)
class Query:
    municipality_ids: tuple[int, ...]
    years: tuple[int, ...]
    today: dt.date
    group: Group = field(default_factory=Group)
    # Intermediate results indicators of one page may share (one read of the persons for four of
    # them). It lives as long as this query, which is made per request: never a cache across them.
    memo: dict = field(default_factory=dict, compare=False, hash=False, repr=False)

    def measured_on(self, year: int) -> dt.date:
        """The day a year's state is read: its last day, or today for the year now running."""
        return min(dt.date(year, 12, 31), self.today)


Values = Mapping[int, Sequence[int]]


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str
    description: str
    kind: Kind
    series: tuple[Series, ...]
    compute: Callable[[Query], Values] | None = None
    # The Group fields the indicator can count by; a query with others is refused.
    groups: frozenset[str] = frozenset()
    # Series the indicator finds in the data (country background): called with the query.
    dynamic_series: Callable[[Query], tuple[Series, ...]] | None = None
    # Where the numbers come from, in one line for the reader ("The register: settlements and moves").
    source: str = ""
    # Whether each row is a year of events (settled in the year) or of a cohort (settled in the year,
    # followed to today): only the label of the rows differs.
    rows: str = "year"
    # Which totals are meaningful to show beside the counts; they are protected with the cells.
    row_totals: bool = False
    column_totals: bool = False
    app: str = ""  # filled in by the registry

    @property
    def is_computed(self) -> bool:
        return self.compute is not None

    def series_for(self, query: Query) -> tuple[Series, ...]:
        return self.dynamic_series(query) if self.dynamic_series else self.series


def count_per_year(queryset, date_field: str, years, *, distinct: str = "pk") -> dict[int, int]:
    """How many rows (or distinct ``distinct`` values, such as persons) of ``queryset`` fall in each of
    ``years`` by ``date_field``: ``{year: n}``, years without any left out. One grouped query; for the
    work a plan's measure is carried out by (``plugins.RecordedWork``)."""
    from django.db.models import Count
    from django.db.models.functions import ExtractYear

    rows = (
        queryset.filter(**{f"{date_field}__year__in": list(years)})
        .annotate(year=ExtractYear(date_field))
        .values("year")
        .annotate(n=Count(distinct, distinct=True))
        .order_by()
    )
    return {row["year"]: row["n"] for row in rows}
