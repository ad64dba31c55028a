"""Reads of the people register. Every function starts from ``policy.visible_to(user)``."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from lagrundt.access import policy
from lagrundt.access.history import HistoryFormat, HistoryRow, section_rows
from lagrundt.access.models import AuditAction, AuditEntry
from lagrundt.access.sections import Section
from lagrundt.core import plugins
from lagrundt.core.plugins import PersonLink

from . import rules
from .languages import Language
from .models import Household, MoveOut, Person, Relation, SearchToken, SectionNote, Settlement

LIST_RELATED = ("settlement", "municipality", "household")  # what a row of the person list shows


@dataclass(frozen=True)
class PersonFilter:
    q: str = ""
    municipality_id: int | None = None
    status: str = ""  # "", "resident", "moved"
    household_id: int | None = None


def searches_national_id(filters: PersonFilter) -> bool:
    """Whether the search is for a national identity number (digits only, spaces allowed)."""
    digits = filters.q.strip().replace(" ", "")
    return bool(digits) and digits.isdigit()


def person_search(user, filters: PersonFilter, *, on: dt.date | None = None) -> QuerySet[Person]:
    """Visible persons matching a name, national ID, household name or household, in name order.

    A number finds only persons whose national ID the user may read, and a household (by its name
    or its id) only those whose family the user may read: a search is no way round the policy, not
    even as an oracle that says "someone has this number".
    """
    by_number = searches_national_id(filters)
    qs = policy.visible_to(user, section=Section.NATIONAL_ID if by_number else None, on=on)
    if filters.municipality_id:
        qs = qs.filter(municipality_id=filters.municipality_id)
    if filters.household_id:
        qs = qs.filter(household_id=filters.household_id).filter(
            pk__in=policy.visible_to(user, section=Section.FAMILY, on=on).values("pk")
        )
    if filters.status == "resident":
        qs = qs.filter(moved_out_on__isnull=True)
    elif filters.status == "moved":
        qs = qs.filter(moved_out_on__isnull=False)
    term = filters.q.strip()
    if by_number:
        # National IDs only match whole; partial numbers are not a search people should do.
        digits = term.replace(" ", "")
        qs = qs.filter(national_id=digits) if len(digits) == 11 else qs.none()
    elif term:
        words = rules.search_words(term)
        if not words:
            return qs.none()
        for word in words:
            qs = qs.filter(pk__in=_tokens_starting_with(word))
        qs = _not_by_household_alone(user, qs, words, on)
    return qs.select_related(*LIST_RELATED).order_by("family_name", "given_name", "pk")


def _not_by_household_alone(user, qs: QuerySet[Person], words: list[str], on) -> QuerySet[Person]:
    """The hits without those found only through their household's name when the user may not read
    their family (the search tokens hold a person's names and their household's name together)."""
    if policy.reads_family_of_everyone_seen(user):
        return qs
    outside_family = (
        qs.exclude(pk__in=policy.visible_to(user, section=Section.FAMILY, on=on).values("pk"))
        .filter(household__isnull=False)
        .values_list("pk", "given_name", "family_name")
    )
    by_household = [
        pk
        for pk, given, family in outside_family
        if not all(
            any(token.startswith(word) for token in rules.name_tokens(given, family)) for word in words
        )
    ]
    return qs.exclude(pk__in=by_household) if by_household else qs


def _tokens_starting_with(word: str) -> QuerySet:
    """Ids of persons with a name (or household name) word that starts with ``word``."""
    tokens = SearchToken.objects.filter(token__gte=word)
    upper = rules.prefix_upper_bound(word)
    if upper is not None:
        tokens = tokens.filter(token__lt=upper)
    return tokens.values("person_id")


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


# What the keys of a person's change entries name: the register's fields, and rows added whole.
PERSON_HISTORY = HistoryFormat(
    models=(Person, Settlement, MoveOut),
    parts={"relation": Relation, "household": Household, "note": SectionNote},
    choices={"languages": Language.choices},
)


def change_history(person: Person, sections: list[Section], limit: int = 50) -> list[HistoryRow]:
    """Writes to the given sections of a person, newest first: the register's history of changes.

    Read from the audit log, with each field named as on the forms and each value as a person reads it.
    """
    entries = AuditEntry.objects.filter(
        person_id=person.pk,
        section__in=sections,
        action__in=[AuditAction.CREATE, AuditAction.UPDATE, AuditAction.DELETE],
    ).order_by("-at", "-pk")[:limit]
    return section_rows(entries, first=PERSON_HISTORY)


def household_writable(user, person: Person, section: Section) -> set[int]:
    """The members of the person's household whose section the user may change (a move of them all)."""
    return {
        p.pk
        for p in policy.visible_to(user).filter(household_id=person.household_id)
        if policy.grants_for(user, p).can_write(section)
    }


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

    from lagrundt.access.disclosure import protect_table
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
        # The page shows each municipality's total beside its cells, and no column totals.
        shown = protect_table([[value(m, c) for c in columns] for m in municipalities], row_totals=True)
        return StatisticsTable(
            columns=columns,
            rows=[
                StatisticsRow(str(m.name), cells, total)
                for m, cells, total in zip(municipalities, shown.cells, shown.row_totals, strict=True)
            ],
        )

    return {
        "settled": table(year_list, lambda m, y: settled.get((m.pk, y), 0)),
        "status": table([False, True], lambda m, moved: status.get((m.pk, moved), 0)),
    }


def person_page_links(user, person: Person, grants) -> dict[str, list[PersonLink]]:
    """Every app's links for the person's page (its ``person_page.py``), by section the user may read."""
    by_section: dict[str, list[PersonLink]] = {}
    for module in plugins.app_modules("person_page"):
        for link in module.links(user, person):
            if grants.can_read(link.section):
                by_section.setdefault(link.section, []).append(link)
    for links in by_section.values():
        links.sort(key=lambda link: link.order)
    return by_section


@dataclass(frozen=True)
class PossibleDuplicates:
    """Persons and households already in the municipality that a new household may repeat."""

    persons: list[tuple[Person, list[Person]]]  # (member, the visible persons with its names and birth date)
    households: list[Household]


def possible_duplicates(user, household: Household, members: list[Person]) -> PossibleDuplicates:
    """Persons of the household's municipality, outside it, with a member's given and family name (in any
    case) and birth date; households there with its name. Only those the user may see: a warning, never
    a way to learn who else is registered."""
    municipality_id = household.municipality_id
    dated = [m for m in members if m.birth_date is not None]
    persons: list[tuple[Person, list[Person]]] = []
    if dated:
        candidates = list(
            policy.visible_to(user)
            .filter(municipality_id=municipality_id, birth_date__in={m.birth_date for m in dated})
            .exclude(household_id=household.pk)
            .order_by("family_name", "given_name", "pk")[:500]
        )
        for member in dated:
            key = _name_key(member)
            same = [c for c in candidates if c.pk != member.pk and _name_key(c) == key]
            if same:
                persons.append((member, same))
    households = list(
        policy.households_visible_to(user)
        .filter(municipality_id=municipality_id, name__iexact=household.name)
        .exclude(pk=household.pk)
        .order_by("name", "pk")[:50]
    )
    return PossibleDuplicates(persons, households)


def _name_key(person: Person) -> tuple:
    return (person.given_name.casefold(), person.family_name.casefold(), person.birth_date)
