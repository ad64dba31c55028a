"""What the interpreter pages show: a person's interpreter uses in the sections the user reads, the
meetings held without an interpreter with someone who needs one, and the statistics per year, language
and sector with small counts protected."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet

from lagrundt.access.disclosure import Cell, protect_derived, protect_table, share_of
from lagrundt.access.resources import INTERPRETERS
from lagrundt.people.languages import language_name
from lagrundt.tenancy.models import Sector

from ..models import InterpreterCategory, InterpreterMode, InterpreterUse

QUALIFIED = tuple(c for c in InterpreterCategory.values if c != InterpreterCategory.UNQUALIFIED)


def uses_of_person(person, sections) -> QuerySet[InterpreterUse]:
    return InterpreterUse.objects.filter(person=person, section__in=list(sections)).select_related("task")


def without_interpreter(user) -> QuerySet[InterpreterUse]:
    """Meetings with a person who needs an interpreter, held without one, in the municipalities whose
    interpreter register the user keeps."""
    ids = INTERPRETERS.municipality_ids(user, "view")
    return (
        InterpreterUse.objects.filter(
            municipality_id__in=sorted(ids),
            mode=InterpreterMode.NONE,
            person__interpreter_needed=True,
        )
        .select_related("person")
        .order_by("-held_on", "-pk")
    )


@dataclass(frozen=True)
class StatRow:
    code: str
    language: str
    sector: str
    needed: Cell
    qualified: Cell
    share: float | None
    cost: Decimal | None  # None when hidden


def statistics(user, year: int) -> list[StatRow]:
    """Per language and sector in ``year``: meetings where an interpreter was needed (one was booked,
    or the person needs one), how many had a qualified one (categories A–E), and the total cost."""
    ids = INTERPRETERS.municipality_ids(user, "statistics")
    uses = InterpreterUse.objects.filter(municipality_id__in=sorted(ids), held_on__year=year).values_list(
        "language", "sector", "mode", "category", "cost", "person__interpreter_needed"
    )
    counts: dict[tuple[str, str], list] = defaultdict(lambda: [0, 0, Decimal(0)])
    for language, sector, mode, category, cost, person_needs in uses:
        if mode == InterpreterMode.NONE and not person_needs:
            continue
        row = counts[(language, sector)]
        row[0] += 1
        row[1] += category in QUALIFIED
        row[2] += cost or Decimal(0)
    keys = sorted(counts, key=lambda k: (language_name(k[0]), k[1]))
    table = protect_table([[counts[k][1], counts[k][0] - counts[k][1]] for k in keys], row_totals=True)
    hidden_costs = protect_derived({k: counts[k][0] for k in keys}, {k: [k] for k in keys})
    sectors = dict(Sector.choices)
    rows = []
    for key, (qualified, rest), needed in zip(keys, table.cells, table.row_totals or [], strict=True):
        rows.append(
            StatRow(
                code=key[0],
                language=language_name(key[0]),
                sector=str(sectors.get(key[1], key[1])),
                needed=needed,
                qualified=qualified,
                share=share_of(qualified, rest),
                cost=None if key in hidden_costs else counts[key][2],
            )
        )
    return rows


def years(user) -> list[int]:
    ids = INTERPRETERS.municipality_ids(user, "statistics")
    found = InterpreterUse.objects.filter(municipality_id__in=sorted(ids)).dates("held_on", "year")
    return sorted({d.year for d in found}, reverse=True)


def qualified_share(query) -> dict[int, list[int]]:
    """The plans' indicator: per year, meetings where an interpreter was needed with a qualified
    interpreter (categories A–E) and without one (``core.measurement.Query``; group by sector)."""
    uses = InterpreterUse.objects.filter(
        municipality_id__in=query.municipality_ids, held_on__year__in=list(query.years)
    )
    if query.group.sector:
        uses = uses.filter(sector=query.group.sector)
    counted = {year: [0, 0] for year in query.years}
    for held_on, mode, category, person_needs in uses.values_list(
        "held_on", "mode", "category", "person__interpreter_needed"
    ):
        if mode == InterpreterMode.NONE and not person_needs:
            continue
        if held_on > query.measured_on(held_on.year):
            continue
        counted[held_on.year][0 if category in QUALIFIED else 1] += 1
    return counted
