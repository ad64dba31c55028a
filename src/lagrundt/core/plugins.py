"""Where an app plugs into the shared parts of Lagrundt without the shared parts knowing it.

Each app of ours may have a module of a known name; the shared code asks for all of them. Each hook's
contract is written down here, with the data type it returns, so that an app needs nothing from the
app that asks it (no capability app imports ``web`` for a menu entry, or ``finance`` for a cost):

| module             | provides                                               | asked by                     |
|--------------------|--------------------------------------------------------|------------------------------|
| `navigation.py`    | `entries(user) -> list[Entry]`                         | the menu and the home page   |
| `demo.py`          | `load(*, today, seed, out)`: its demo data             | `manage.py load_demo`        |
| `bench.py`         | `run(*, runs, out) -> list[str]`: its report lines     | `manage.py bench`            |
| `person_page.py`   | `links(user, person) -> list[PersonLink]`              | a person's page, per section |
| `routine_facts.py` | `person_facts(facts) -> {id: {fact: value}}`           | `routines.engine`            |
| `routine_cases.py` | `case_facts(case_ids) -> list[engine.CaseFacts]`       | `routines.engine` (nightly)  |
| `routine_cases.py` | `describe(subjects) -> {subject: TaskSubject}`         | task lists, a task's page    |
| `household_income.py` | `expected_income(birth_dates, on) -> IncomeEstimate` | housing's suggestions   |
| `finance_costs.py` | `costs(*, municipality_ids, years) -> list[CostLine]`  | the economy pages (finance)  |
| `indicators.py`    | `definitions() -> list[core.measurement.Indicator]`    | the action plans             |
| `work_status.py`   | `statuses(person_ids, on) -> {id: bool}`               | work's indicators            |
| `privacy.py`       | `subject_access(person, sections) -> list[SubjectPart]`| innsyn (the privacy app)     |
| `privacy.py`       | `anonymise(section, person_ids, dry_run) -> list[Anonymised]` | retention (privacy)   |

``checks.plugin_contracts`` (a Django system check, run at start-up and by ``manage.py check``)
fails when an app's module lacks a function of its hook or takes other parameters, and when a menu
entry's key is not in ``MENU_ORDER``. An app's own translations live in its `locale/` folder, its
URLs in its `urls.py`, included once in the root URL configuration.
"""

import importlib
import importlib.util
import inspect
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from types import ModuleType
from typing import Any

from django.apps import apps
from django.db.models import Q
from django.utils.text import capfirst


# ---------------------------------------------------------------------------- the data types
@dataclass(frozen=True)
class Entry:
    """A page in the menu, and a card on the home page when it has a description."""

    key: str  # its place in MENU_ORDER
    url: str
    label: str
    # One sentence for the card on the home page; an entry without one is in the menu only.
    description: str = ""
    # A page reached from another (programme results from the programme) may be a card only, so
    # that the menu stays one line for those who work in many parts of Lagrundt.
    in_menu: bool = True
    # The menu's group it sits in ("" for the one web's context processor gives its key, see there).
    group: str = ""


# The menu and the home page's cards in this order, whichever apps provide them.
MENU_ORDER = (
    "home",
    "plans_dashboard",
    "persons",
    "tasks",
    "register",
    "settlement",
    "housing",
    "intro",
    "work",
    "volunteers",
    "leisure",
    "welcome",
    "interpreters",
    "surveys",
    "plans",
    "statistics",
    "work_results",
    "settlement_results",
    "housing_results",
    "finance",
    "compliance",
    "intro_results",
    "audit",
    "retention",
    "imports",
    "archive",
    "account",
    "admin",
)


@dataclass(frozen=True)
class PersonLink:
    """A page of another app about this person, shown in the card of the section it belongs to."""

    order: int
    section: str
    url: str
    label: str
    description: str = ""


@dataclass(frozen=True)
class TaskSubject:
    """What a task that is neither a person's, a household's nor a unit's is for (a settlement case),
    as a task list names it: a label without personal details beyond a household name, and a page."""

    label: str
    url: str = ""


@dataclass(frozen=True)
class IncomeEstimate:
    """A household's expected income per month in whole kroner, and whether a value in it is assumed
    (a rate not verified in its source), with one sentence on how it was found."""

    monthly: Decimal
    assumed: bool = False
    explanation: str = ""


@dataclass(frozen=True)
class CostLine:
    """A cost of settlement per municipality and year, in whole kroner (``Decimal``)."""

    municipality_id: int
    year: int
    kind: str  # a finance CostKind value
    amount: Decimal
    label: str = ""
    source: str = ""  # who computed or entered it: an app's verbose name, or "entered"
    entry_id: int | None = None  # the entered figure (finance's CostEntry), if it is one


@dataclass(frozen=True)
class RecordedWork:
    """Work a plan's measure is carried out by, as Lagrundt records it ("welcome letters sent"): a plan
    file names it by ``key`` under a measure's ``recorded_in``, and the measure's page shows the count per
    year. ``count(municipality_ids, years)`` gives ``{year: n}``; ``persons`` says that n counts persons
    (then it is protected against small numbers like any count of persons)."""

    key: str
    label: str
    count: Any
    persons: bool = False


# ---------------------------------------------------------------------------- innsyn and retention
@dataclass(frozen=True)
class SubjectRow:
    """One fact held about a person, as the person reads it: a label and a value.

    The value is text (a choice's label, never its code), a number, a ``Decimal`` (kroner when
    ``kroner``), a date, a time, a yes/no or None; the document writes it in its language, and the
    machine-readable file as JSON with ISO dates.
    """

    label: str
    value: Any
    kroner: bool = False


@dataclass(frozen=True)
class SubjectRecord:
    """One thing held about a person in a section: their identity, a decision, a placement, a note."""

    title: str
    rows: tuple[SubjectRow, ...]

    @classmethod
    def of(cls, title: str, obj, fields: Iterable[str]) -> "SubjectRecord":
        """The named model fields of ``obj`` as rows, each labelled with its verbose name and valued as
        a person reads it (a choice's label, a country's name, a related row's name); empty ones left out."""
        rows = (field_row(obj, name) for name in fields)
        return cls(title=title, rows=tuple(row for row in rows if row is not None))


def field_row(obj, name: str) -> SubjectRow | None:
    field = obj._meta.get_field(name)
    label = capfirst(str(field.verbose_name))
    if field.is_relation:
        related = getattr(obj, name)
        if related is None:
            return None
        # A municipality or an employer by its name; a person by theirs (``str``).
        return SubjectRow(label, str(getattr(related, "name", "") or related))
    raw = getattr(obj, field.attname)
    if raw is None or raw == "" or raw == [] or raw == {}:
        return None
    if field.choices:
        return SubjectRow(label, str(dict(field.flatchoices).get(raw, raw)))
    if hasattr(raw, "code") and hasattr(raw, "name"):  # a django-countries Country
        return SubjectRow(label, str(raw.name)) if raw.code else None
    return SubjectRow(label, raw)


@dataclass(frozen=True)
class SubjectPart:
    """What one app holds about a person in one section (a ``Section`` value), for innsyn."""

    section: str
    records: tuple[SubjectRecord, ...]


@dataclass(frozen=True)
class Anonymised:
    """What an app removed, or would remove in a dry run, from one table for a section of persons."""

    table: str  # the table's name as people read it ("Notes", "Placements")
    rows: int  # rows changed or removed
    fields: tuple[str, ...] = ()  # the fields emptied, as labels; none when whole rows are removed

    @classmethod
    def emptied(cls, queryset, fields: Iterable[str], *, dry_run: bool) -> "Anonymised":
        """Empty the text ``fields`` of the rows of ``queryset`` that have any (only count them in a dry
        run). Dates, choices, numbers and links are left: statistics count by them."""
        fields = tuple(fields)
        meta = queryset.model._meta
        holding = Q()
        for name in fields:
            holding |= ~Q(**{name: ""})
        rows = queryset.filter(holding)
        count = rows.count()
        if count and not dry_run:
            rows.update(**dict.fromkeys(fields, ""))
        labels = tuple(capfirst(str(meta.get_field(name).verbose_name)) for name in fields)
        return cls(capfirst(str(meta.verbose_name_plural)), count, labels)

    @classmethod
    def deleted(cls, queryset, *, dry_run: bool) -> "Anonymised":
        """Remove the rows of ``queryset`` whole (notes: their text is all they hold)."""
        count = queryset.count()
        if count and not dry_run:
            queryset.delete()
        return cls(capfirst(str(queryset.model._meta.verbose_name_plural)), count)


# ---------------------------------------------------------------------------- the hooks
@dataclass(frozen=True)
class Hook:
    module: str
    function: str
    parameters: tuple[str, ...]  # the names it must accept (by keyword, or positionally in order)


HOOKS = (
    Hook("navigation", "entries", ("user",)),
    Hook("demo", "load", ("today", "seed", "out")),
    Hook("bench", "run", ("runs", "out")),
    Hook("person_page", "links", ("user", "person")),
    # Pages of other apps that act on one task (record the interpreter used in it), for a user who may
    # act on the task; shown on the task's page (``PersonLink``, the section being the task's).
    Hook("task_page", "links", ("user", "task")),
    Hook("routine_facts", "person_facts", ("facts",)),
    # Settlement cases before arrival: their facts for the engine (``case_ids`` None: every case), and
    # how a task of one is named and linked in a task list (``subjects``: "c:12" …).
    Hook("routine_cases", "case_facts", ("case_ids",)),
    Hook("routine_cases", "describe", ("subjects",)),
    Hook("finance_costs", "costs", ("municipality_ids", "years")),
    # What a household of these birth dates can be expected to live on per month (the introduction
    # benefit of its adults), for the rent a dwelling the household is suggested can bear.
    Hook("household_income", "expected_income", ("birth_dates", "on")),
    Hook("indicators", "definitions", ()),
    # The work a plan's measures are carried out by, as this app records it (``RecordedWork``).
    Hook("measure_data", "recorded", ()),
    # Whether each of these persons was in work or education on a day, as an app other than Nav's record
    # knows it (the programme: how it ended); persons it knows nothing of are left out. ``person_ids``
    # may be a queryset of ids. Read by the indicator «settled adults in work or education».
    Hook("work_status", "statuses", ("person_ids", "on")),
    # What an app holds about a person in the given sections (innsyn, GDPR Art. 15), and removing the
    # names, identifiers, contact and free text of a section of persons whose retention has run out.
    Hook("privacy", "subject_access", ("person", "sections")),
    Hook("privacy", "anonymise", ("section", "person_ids", "dry_run")),
)


@cache
def app_modules(name: str) -> tuple[ModuleType, ...]:
    """The module ``<app>.<name>`` of every installed Lagrundt app that has one."""
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("lagrundt."):
            continue
        dotted = f"{config.name}.{name}"
        # Only a missing module is skipped: an error inside one that exists must surface.
        if importlib.util.find_spec(dotted) is not None:
            found.append(importlib.import_module(dotted))
    return tuple(found)


def contract_problems() -> list[str]:
    """What breaks a hook's contract in the installed apps, one sentence per problem."""
    problems = []
    for hook in HOOKS:
        for module in app_modules(hook.module):
            function = getattr(module, hook.function, None)
            if not callable(function):
                problems.append(f"{module.__name__} has no function {hook.function}().")
                continue
            accepted = inspect.signature(function).parameters
            missing = [p for p in hook.parameters if p not in accepted]
            extra = [
                name
                for name, p in accepted.items()
                if name not in hook.parameters
                and p.default is inspect.Parameter.empty
                and p.kind not in (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD)
            ]
            if missing or extra:
                problems.append(
                    f"{module.__name__}.{hook.function}() must take ({', '.join(hook.parameters)})"
                    + (f"; it lacks {', '.join(missing)}" if missing else "")
                    + (f"; it also requires {', '.join(extra)}" if extra else "")
                    + "."
                )
    return problems
