"""Reads of the people register. Every function starts from ``policy.visible_to(user)``."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from lagrundt.access import policy
from lagrundt.access.models import AuditAction, AuditEntry
from lagrundt.access.sections import Section

from . import rules
from .models import Person

PAGE_SIZE = 50
MAX_PAGE = 10_000


@dataclass(frozen=True)
class PersonFilter:
    q: str = ""
    municipality_id: int | None = None
    status: str = ""  # "", "resident", "moved"
    household_id: int | None = None


def person_search(user, filters: PersonFilter, *, on: dt.date | None = None) -> QuerySet[Person]:
    """Visible persons matching a name, national ID, household name or household, in name order."""
    qs = policy.visible_to(user, on=on)
    if filters.municipality_id:
        qs = qs.filter(municipality_id=filters.municipality_id)
    if filters.household_id:
        qs = qs.filter(household_id=filters.household_id)
    if filters.status == "resident":
        qs = qs.filter(moved_out_on__isnull=True)
    elif filters.status == "moved":
        qs = qs.filter(moved_out_on__isnull=False)
    term = filters.q.strip()
    if term:
        digits = term.replace(" ", "")
        if digits.isdigit():
            # National IDs only match whole; partial numbers are not a search people should do.
            qs = qs.filter(national_id=digits) if len(digits) == 11 else qs.none()
        else:
            folded = rules.search_term(term)
            qs = qs.filter(Q(search_key__contains=folded) | Q(household__name__icontains=term))
    return qs.select_related("settlement", "municipality", "household").order_by(
        "family_name", "given_name", "pk"
    )


@dataclass(frozen=True)
class Page:
    items: list
    number: int
    has_previous: bool
    has_next: bool

    @property
    def previous_number(self) -> int:
        return self.number - 1

    @property
    def next_number(self) -> int:
        return self.number + 1


def page_of(qs, number: int, size: int = PAGE_SIZE) -> Page:
    """One page without counting the whole list: fetch one row more than shown to know if there is a next."""
    number = max(1, min(number, MAX_PAGE))
    start = (number - 1) * size
    rows = list(qs[start : start + size + 1])
    return Page(items=rows[:size], number=number, has_previous=number > 1, has_next=len(rows) > size)


def household_members(person: Person, user) -> list[Person]:
    """Members of the person's household that the user may also see."""
    if not person.household_id:
        return []
    return list(
        policy.visible_to(user)
        .filter(household_id=person.household_id)
        .exclude(pk=person.pk)
        .order_by("birth_date", "pk")
    )


def change_history(person: Person, sections: list[Section], limit: int = 50) -> list[AuditEntry]:
    """Writes to the given sections of a person, newest first: the register's history of changes."""
    return list(
        AuditEntry.objects.filter(
            person_id=person.pk,
            section__in=sections,
            action__in=[AuditAction.CREATE, AuditAction.UPDATE, AuditAction.DELETE],
        ).order_by("-at", "-pk")[:limit]
    )


@dataclass(frozen=True)
class StatisticsRow:
    label: str
    cells: list
    total: object


@dataclass(frozen=True)
class StatisticsTable:
    columns: list
    rows: list[StatisticsRow]


def settlement_statistics(
    municipality_ids: set[int], *, today: dt.date, years: int = 6
) -> dict[str, StatisticsTable]:
    """Persons settled per year and persons living here or moved out, per municipality.

    Counts only, with small numbers suppressed: for roles that may not see named persons.
    """
    from django.db.models import Count
    from django.db.models.functions import ExtractYear

    from lagrundt.access.disclosure import suppress_table, suppress_total
    from lagrundt.tenancy.models import Municipality

    from .models import Settlement

    municipalities = list(Municipality.objects.filter(pk__in=municipality_ids).order_by("name"))
    year_list = list(range(today.year - years + 1, today.year + 1))
    settled = {
        (row["municipality_id"], row["year"]): row["n"]
        for row in Settlement.objects.filter(
            municipality_id__in=municipality_ids, settled_on__year__in=year_list
        )
        .annotate(year=ExtractYear("settled_on"))
        .values("municipality_id", "year")
        .annotate(n=Count("pk"))
    }
    status = {
        (row["municipality_id"], row["moved"]): row["n"]
        for row in Person.objects.filter(municipality_id__in=municipality_ids)
        .annotate(moved=Q(moved_out_on__isnull=False))
        .values("municipality_id", "moved")
        .annotate(n=Count("pk"))
    }

    def table(columns, value) -> StatisticsTable:
        raw = [[value(m, c) for c in columns] for m in municipalities]
        suppressed = suppress_table(raw)
        return StatisticsTable(
            columns=columns,
            rows=[
                StatisticsRow(str(m.name), cells, suppress_total(sum(values)))
                for m, cells, values in zip(municipalities, suppressed, raw, strict=True)
            ],
        )

    return {
        "settled": table(year_list, lambda m, y: settled.get((m.pk, y), 0)),
        "status": table([False, True], lambda m, moved: status.get((m.pk, moved), 0)),
    }
