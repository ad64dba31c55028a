"""Reads of the people register. Every function starts from ``policy.visible_to(user)``."""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Q, QuerySet
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django_countries.fields import Country

from lagrundt.access import policy
from lagrundt.access.models import AuditAction, AuditEntry
from lagrundt.access.sections import Section
from lagrundt.core import plugins
from lagrundt.core.plugins import PersonLink

from . import rules
from .languages import Language
from .models import Person, RelationKind, SearchToken

LIST_RELATED = ("settlement", "municipality", "household")  # what a row of the person list shows


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
            words = rules.search_words(term)
            if not words:
                return qs.none()
            for word in words:
                qs = qs.filter(pk__in=_tokens_starting_with(word))
    return qs.select_related(*LIST_RELATED).order_by("family_name", "given_name", "pk")


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


@dataclass(frozen=True)
class Change:
    label: str
    old: str | None
    new: str | None


@dataclass(frozen=True)
class HistoryRow:
    entry: AuditEntry
    changes: list[Change]


# Models whose fields appear in the history of a person's changes, in the order a field is looked up.
_HISTORY_MODELS = ("Person", "Settlement", "MoveOut", "SectionNote")
_HISTORY_LABELS = {"relation": _("relation")}


def _history_field(name: str):
    from django.apps import apps

    for model_name in _HISTORY_MODELS:
        try:
            return apps.get_model("people", model_name)._meta.get_field(name)
        except FieldDoesNotExist:
            continue
    return None


def _history_value(field, value, municipality_names: dict[int, str]) -> str | None:
    """A stored old or new value as a person reads it: names, not codes; Norwegian dates."""
    if value is None or value == "":
        return None
    if field is None:
        return str(value)
    if getattr(field, "choices", None):
        return str(dict(field.flatchoices).get(value, value))
    if field.name == "municipality":
        return municipality_names.get(value, str(value))
    if field.get_internal_type() == "DateField":
        try:
            return date_format(dt.date.fromisoformat(value), "d.m.Y")
        except (TypeError, ValueError):
            return str(value)
    if field.get_internal_type() == "BooleanField":
        return str(_("Yes") if value else _("No"))
    if field.name == "country_background" or field.name == "destination_country":
        return str(Country(value).name or value)
    if field.name == "languages" and isinstance(value, list):
        names = dict(Language.choices)
        return ", ".join(str(names.get(code, code)) for code in value)
    if isinstance(value, dict):  # a relation
        names = dict(RelationKind.choices)
        return str(names.get(value.get("kind"), value.get("kind", "")))
    return str(value)


def change_history(person: Person, sections: list[Section], limit: int = 50) -> list[HistoryRow]:
    """Writes to the given sections of a person, newest first: the register's history of changes.

    Read from the audit log, with each field named as on the forms and each value as a person reads it.
    """
    from lagrundt.tenancy.models import Municipality

    entries = list(
        AuditEntry.objects.filter(
            person_id=person.pk,
            section__in=sections,
            action__in=[AuditAction.CREATE, AuditAction.UPDATE, AuditAction.DELETE],
        ).order_by("-at", "-pk")[:limit]
    )
    municipality_names = dict(Municipality.objects.values_list("pk", "name"))
    rows = []
    for entry in entries:
        changes = []
        for name, change in (entry.changes or {}).items():
            field = _history_field(name)
            label = _HISTORY_LABELS.get(name) or (field.verbose_name if field is not None else name)
            changes.append(
                Change(
                    label=capfirst(str(label)),
                    old=_history_value(field, change.get("old"), municipality_names),
                    new=_history_value(field, change.get("new"), municipality_names),
                )
            )
        rows.append(HistoryRow(entry=entry, changes=changes))
    return rows


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
