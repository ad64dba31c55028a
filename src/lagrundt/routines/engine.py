"""The routine engine: from the register's facts and the routines, the tasks every sector must do.

Two layers. ``plan_person``, ``plan_household`` and ``plan_unit`` are pure: facts and a routine in,
the occurrences (what counts from which date, due when) out. ``refresh`` reads facts in bulk, asks
the planners, and changes only the tasks that differ from the plan:

- a planned task that does not exist is created, open;
- an open task whose deadline moved gets the new deadline (a postponement is kept if it is later);
- a task the engine closed as "no longer applies" that is planned again is reopened;
- an open task that is no longer planned is closed as "no longer applies", with the reason;
- done and not-applicable tasks are never changed, and no task is ever deleted.

So recomputing is idempotent, and changing a fact and changing it back gives the same open tasks.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace

from django.db import transaction
from django.db.models import Min
from django.utils import timezone

from lagrundt.core.bulk import insert_rows, update_rows
from lagrundt.core.dates import age_on
from lagrundt.core.plugins import app_modules
from lagrundt.people.models import Person, Relation, RelationKind
from lagrundt.tenancy.models import ServiceUnit

from . import rules
from .models import Routine, Task, TaskStatus
from .rules import Offset

CHUNK = 5000


class Reason:
    """Why the engine closed a task; shown translated by ``presenters``."""

    MOVED_OUT = "moved_out"
    CONDITIONS = "conditions"
    ROUTINE_REMOVED = "routine_removed"
    NOT_SETTLED = "not_settled"
    CASE_CLOSED = "case_closed"


# ---------------------------------------------------------------------------- facts
# Facts another app knows and the register does not: an app fills them through its
# ``routine_facts.py`` (``person_facts(facts) -> {person id: {fact: value}}``), so that the engine
# never imports the app. The introduction programme says who is a participant, when they started and
# when they claimed the programme (a family-reunified person's deadline counts from the claim, § 12).
PLUGGABLE_FACTS = frozenset({"intro_participant", "programme_start", "programme_claim"})


@dataclass(frozen=True)
class PersonFacts:
    id: int
    municipality_id: int
    household_id: int | None
    birth_date: dt.date
    country: str
    moved_out_on: dt.date | None
    settled_on: dt.date | None  # own settlement, or the household's for a child born here
    category: str = ""
    came_directly: bool | None = None
    is_parent: bool = False
    intro_participant: bool | None = None
    programme_start: dt.date | None = None
    programme_claim: dt.date | None = None
    household_birth_dates: tuple[dt.date, ...] = ()
    done: dict[str, dt.date] = field(default_factory=dict)  # routine key → day its first task was done
    high_tb_incidence: bool = False


@dataclass(frozen=True)
class HouseholdFacts:
    id: int
    municipality_id: int
    settled_on: dt.date | None
    all_moved_out: bool
    members: tuple[PersonFacts, ...]


@dataclass(frozen=True)
class CaseFacts:
    """A settlement case as the engine reads it: given by the app that keeps cases (``routine_cases``).

    ``member_birth_dates`` has a date per member; where only a birth year is known, 1 July of it.
    """

    id: int
    municipality_id: int
    open: bool  # accepted and not closed: declined or withdrawn cases plan nothing
    expected_arrival: dt.date | None
    category: str = ""
    member_birth_dates: tuple[dt.date, ...] = ()


@dataclass(frozen=True)
class Occurrence:
    occurrence: str
    counts_from: dt.date
    due_on: dt.date
    facts: dict


# ---------------------------------------------------------------------------- pure planning
def _offsets(spec: dict) -> list[Offset]:
    if "at" in spec:
        return [Offset.of(o) for o in spec["at"]]
    first = Offset.of(spec.get("offset"))
    if "repeat" not in spec:
        return [first]
    every, until = Offset.of(spec["repeat"]["every"]), Offset.of(spec["repeat"]["until"])
    # Compare offsets on a fixed date: "12 months" and "1 year" must be the same length.
    probe = dt.date(2001, 1, 1)
    offsets, k = [], 0
    while True:
        offset = first.plus(every.times(k))
        if offset.after(probe) > until.after(probe) or k > 200:
            return offsets
        offsets.append(offset)
        k += 1


def occurrence_key(offset: Offset) -> str:
    parts = "".join(f"{getattr(offset, u)}{u[0]}" for u in rules.OFFSET_UNITS if getattr(offset, u))
    return parts or "0"


def _anchor(spec: dict, facts: PersonFacts) -> tuple[str, dt.date | None]:
    match spec["from"]:
        case "settlement":
            return "settlement", facts.settled_on
        case "programme_start":
            return "programme_start", facts.programme_start
        case "programme_claim":
            # Integreringsloven § 12: from settlement, or from the claim where one was made after it.
            return "programme_claim", facts.programme_claim or facts.settled_on
        case "birth":
            return "birth", facts.birth_date
        case "task":
            return f"task:{spec['after']}", facts.done.get(spec["after"])
    return spec["from"], None


def _person_conditions(when: dict, facts: PersonFacts, on: dt.date) -> dict | None:
    """The facts the conditions read, if all hold; None if one does not."""
    seen: dict = {}
    for name, wanted in when.items():
        match name:
            case "category":
                ok = facts.category in wanted
                seen[name] = facts.category
            case "came_directly":
                ok = facts.came_directly is wanted
                seen[name] = facts.came_directly
            case "age":
                age = age_on(facts.birth_date, on)
                ok = wanted["from"] <= age <= wanted["to"]
                seen[name] = age
            case "has_children_aged":
                ages = [age_on(b, on) for b in facts.household_birth_dates if b <= on]
                ok = any(wanted["from"] <= a <= wanted["to"] for a in ages)
                seen[name] = sorted(ages)
            case "is_parent":
                ok = facts.is_parent is wanted
                seen[name] = facts.is_parent
            case "high_tb_incidence":
                ok = facts.high_tb_incidence is wanted
                seen[name] = facts.country
            case "intro_participant":
                ok = bool(facts.intro_participant) is wanted
                seen[name] = facts.intro_participant
            case _:
                ok = False
        if not ok:
            return None
    return seen


def _within_follow_up(due: dt.date, raw_due: dt.date, settled_on: dt.date) -> bool:
    return settled_on <= due and raw_due <= rules.follow_up_end(settled_on)


def compiled_offsets(routine: Routine) -> list[Offset]:
    """The routine's offsets, computed once per routine object and run."""
    offsets = getattr(routine, "_offsets", None)
    if offsets is None:
        offsets = routine._offsets = _offsets(routine.spec)
    return offsets


def plan_person(spec: dict, facts: PersonFacts, offsets: list[Offset] | None = None) -> list[Occurrence]:
    """The tasks one person routine gives one person. Pure: facts in, occurrences out.

    ``offsets`` are the routine's offsets if already computed (``compiled_offsets``).
    """
    if facts.settled_on is None:
        return []
    what, start = _anchor(spec, facts)
    if start is None:
        return []
    seen = _person_conditions(spec.get("when", {}), facts, start)
    if seen is None:
        return []
    planned = []
    end = rules.follow_up_end(facts.settled_on)
    working_day = spec.get("working_day", True)
    for offset in offsets if offsets is not None else _offsets(spec):
        raw = offset.after(start)
        if raw > end:
            continue
        due = rules.due_date(start, offset, working_day=working_day)
        if due < facts.settled_on:
            continue
        planned.append(
            Occurrence(
                occurrence_key(offset),
                start,
                due,
                {"from": what, "date": start.isoformat(), "offset": offset.as_dict(), **seen},
            )
        )
    return planned


def plan_household(spec: dict, household: HouseholdFacts) -> list[Occurrence]:
    """The tasks one household routine gives a household: conditions hold if they hold for a member."""
    if household.settled_on is None or household.all_moved_out or not household.members:
        return []
    start = household.settled_on
    when = spec.get("when", {})
    seen: dict = {}
    for name, wanted in when.items():
        holding = [
            s for m in household.members if (s := _person_conditions({name: wanted}, m, start)) is not None
        ]
        if not holding:
            return []
        seen[name] = holding[0][name]
    planned = []
    for offset in _offsets(spec):
        raw = offset.after(start)
        due = rules.due_date(start, offset, working_day=spec.get("working_day", True))
        if _within_follow_up(due, raw, start):
            planned.append(
                Occurrence(
                    occurrence_key(offset),
                    start,
                    due,
                    {"from": "settlement", "date": start.isoformat(), "offset": offset.as_dict(), **seen},
                )
            )
    return planned


def plan_case(spec: dict, case: CaseFacts) -> list[Occurrence]:
    """The duties one case routine gives a case, counted from its expected arrival (often before it)."""
    start = case.expected_arrival
    if not case.open or start is None:
        return []
    seen: dict = {}
    for name, wanted in spec.get("when", {}).items():
        match name:
            case "category":
                ok = case.category in wanted
                seen[name] = case.category
            case "has_children_aged":
                ages = sorted(age_on(b, start) for b in case.member_birth_dates if b <= start)
                ok = any(wanted["from"] <= a <= wanted["to"] for a in ages)
                seen[name] = ages
            case _:
                ok = False
        if not ok:
            return []
    working_day = spec.get("working_day", True)
    return [
        Occurrence(
            occurrence_key(offset),
            start,
            rules.due_date(start, offset, working_day=working_day),
            {"from": "expected_arrival", "date": start.isoformat(), "offset": offset.as_dict(), **seen},
        )
        for offset in _offsets(spec)
    ]


def plan_unit(spec: dict, today: dt.date) -> list[Occurrence]:
    """A unit routine's calendar dates in this year and the next (earlier ones are never withdrawn)."""
    first_year = spec.get("first_year", today.year)
    interval = spec.get("interval_years", 1)
    planned = []
    for year in (today.year, today.year + 1):
        if (year - first_year) % interval:
            continue
        for month_day in spec["dates"]:
            month, day = (int(p) for p in month_day.split("-"))
            date = dt.date(year, month, min(day, 28) if month == 2 and day > 28 else day)
            due = rules.due_date(date, Offset(), working_day=spec.get("working_day", True))
            planned.append(
                Occurrence(date.isoformat(), date, due, {"from": "calendar", "date": date.isoformat()})
            )
    return planned


# ---------------------------------------------------------------------------- reading facts
def _high_tb_countries() -> frozenset[str]:
    from .selectors import high_tb_incidence_countries

    return high_tb_incidence_countries()


def person_facts(
    person_ids: list[int], *, task_keys: Iterable[str] = (), tb: frozenset[str] | None = None
) -> dict[int, PersonFacts]:
    """Facts of many persons in a fixed number of queries."""
    if not person_ids:
        return {}
    rows = list(
        Person.objects.filter(pk__in=person_ids).values(
            "pk",
            "municipality_id",
            "household_id",
            "birth_date",
            "country_background",
            "moved_out_on",
            "settlement__settled_on",
            "settlement__category",
            "settlement__came_directly",
        )
    )
    household_ids = {r["household_id"] for r in rows if r["household_id"]}
    birth_dates: dict[int, list[dt.date]] = defaultdict(list)
    household_settled: dict[int, dt.date] = {}
    if household_ids:
        for hid, birth in Person.objects.filter(household_id__in=household_ids).values_list(
            "household_id", "birth_date"
        ):
            birth_dates[hid].append(birth)
        household_settled = dict(
            Person.objects.filter(household_id__in=household_ids, settlement__isnull=False)
            .values("household_id")
            .annotate(first=Min("settlement__settled_on"))
            .values_list("household_id", "first")
        )
    parents = set(
        Relation.objects.filter(person_id__in=person_ids, kind=RelationKind.CHILD).values_list(
            "person_id", flat=True
        )
    )
    done: dict[int, dict[str, dt.date]] = defaultdict(dict)
    task_keys = list(task_keys)
    if task_keys:
        for pid, key, closed in (
            Task.objects.filter(
                subject__in=[f"p:{pk}" for pk in person_ids],
                status=TaskStatus.DONE,
                routine__key__in=task_keys,
            )
            .order_by("closed_on")
            .values_list("person_id", "routine__key", "closed_on")
        ):
            done[pid].setdefault(key, closed)
    tb = _high_tb_countries() if tb is None else tb
    facts = {}
    for r in rows:
        hid = r["household_id"]
        facts[r["pk"]] = PersonFacts(
            id=r["pk"],
            municipality_id=r["municipality_id"],
            household_id=hid,
            birth_date=r["birth_date"],
            country=r["country_background"],
            moved_out_on=r["moved_out_on"],
            settled_on=r["settlement__settled_on"] or household_settled.get(hid),
            category=r["settlement__category"] or "",
            came_directly=r["settlement__came_directly"],
            is_parent=r["pk"] in parents,
            household_birth_dates=tuple(sorted(birth_dates.get(hid, ()))),
            done=done.get(r["pk"], {}),
            high_tb_incidence=r["country_background"] in tb,
        )
    return _with_plugged_facts(facts)


def _with_plugged_facts(facts: dict[int, PersonFacts]) -> dict[int, PersonFacts]:
    """The facts other apps add (``PLUGGABLE_FACTS``); only those, so no app can change the register's."""
    for module in app_modules("routine_facts"):
        for pid, values in module.person_facts(facts).items():
            unknown = set(values) - PLUGGABLE_FACTS
            if unknown:
                raise ValueError(f"{module.__name__} may not set the facts {sorted(unknown)}")
            current = facts.get(pid)
            if current is not None and any(getattr(current, k) != v for k, v in values.items()):
                facts[pid] = replace(current, **values)
    return facts


def household_facts(
    household_ids: list[int],
    today: dt.date,
    *,
    known: dict[int, PersonFacts] | None = None,
    tb: frozenset[str] | None = None,
) -> dict[int, HouseholdFacts]:
    """Facts of households and their members; members in ``known`` are not read again."""
    members: dict[int, list[int]] = defaultdict(list)
    municipality: dict[int, int] = {}
    for pid, hid, mid in Person.objects.filter(household_id__in=household_ids).values_list(
        "pk", "household_id", "household__municipality_id"
    ):
        members[hid].append(pid)
        municipality[hid] = mid
    known = known or {}
    facts = {**known, **person_facts([p for ids in members.values() for p in ids if p not in known], tb=tb)}
    result = {}
    for hid, municipality_id in municipality.items():
        people = tuple(facts[p] for p in members.get(hid, ()))
        settled = [p.settled_on for p in people if p.settled_on]
        result[hid] = HouseholdFacts(
            id=hid,
            municipality_id=municipality_id,
            settled_on=min(settled) if settled else None,
            all_moved_out=bool(people) and all(p.moved_out_on and p.moved_out_on <= today for p in people),
            members=people,
        )
    return result


# ---------------------------------------------------------------------------- writing tasks
@dataclass
class RefreshStats:
    persons: int = 0
    households: int = 0
    created: int = 0
    updated: int = 0
    reopened: int = 0
    closed: int = 0

    def add(self, other: "RefreshStats") -> None:
        for name in ("persons", "households", "created", "updated", "reopened", "closed"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


_INSERT = (
    "routine",
    "municipality",
    "sector",
    "section",
    "subject",
    "person",
    "household",
    "unit",
    "occurrence",
    "counts_from",
    "computed_due_on",
    "due_on",
    "status",
    "note",
    "reason",
    "interpreter_language",
    "facts",
    "created_at",
    "updated_at",
)


@dataclass(frozen=True)
class _Planned:
    routine: Routine
    subject: str
    person_id: int | None
    household_id: int | None
    unit_id: int | None
    municipality_id: int
    occurrence: Occurrence


def _routines_by_municipality(person_ids: list[int] | None = None) -> dict[int, list[Routine]]:
    """Active routines per municipality: all, or those of the municipalities of ``person_ids``."""
    routines = Routine.objects.filter(active=True)
    if person_ids is not None:
        routines = routines.filter(
            municipality_id__in=Person.objects.filter(pk__in=person_ids).values("municipality_id")
        )
    by_municipality: dict[int, list[Routine]] = defaultdict(list)
    for routine in routines.order_by("pk"):
        by_municipality[routine.municipality_id].append(routine)
    return by_municipality


def _apply(
    subjects: list[str], planned: list[_Planned], closing_reason: dict[str, str], today
) -> RefreshStats:
    """Make the tasks of ``subjects`` match ``planned``; only what differs is written."""
    stats = RefreshStats()
    existing = {
        (t["routine_id"], t["subject"], t["occurrence"]): t
        for t in Task.objects.filter(subject__in=subjects).values(
            "pk",
            "routine_id",
            "subject",
            "occurrence",
            "status",
            "counts_from",
            "computed_due_on",
            "due_on",
            "facts",
        )
    }
    now = timezone.now()
    inserts, updates, reopen = [], [], []
    wanted = set()
    for p in planned:
        key = (p.routine.pk, p.subject, p.occurrence.occurrence)
        wanted.add(key)
        o = p.occurrence
        task = existing.get(key)
        if task is None:
            inserts.append(
                (
                    p.routine.pk,
                    p.municipality_id,
                    p.routine.sector,
                    p.routine.section,
                    p.subject,
                    p.person_id,
                    p.household_id,
                    p.unit_id,
                    o.occurrence,
                    o.counts_from,
                    o.due_on,
                    o.due_on,
                    TaskStatus.OPEN,
                    "",
                    "",
                    "",
                    o.facts,
                    now,
                    now,
                )
            )
        elif task["status"] in (TaskStatus.OPEN, TaskStatus.NO_LONGER_APPLIES):
            postponed = task["due_on"] != task["computed_due_on"]
            due = max(task["due_on"], o.due_on) if postponed else o.due_on
            changed = (task["counts_from"], task["computed_due_on"], task["due_on"], task["facts"]) != (
                o.counts_from,
                o.due_on,
                due,
                o.facts,
            )
            if task["status"] == TaskStatus.NO_LONGER_APPLIES:
                reopen.append(
                    (task["pk"], TaskStatus.OPEN, None, "", o.counts_from, o.due_on, due, o.facts, now)
                )
            elif changed:
                updates.append((task["pk"], o.counts_from, o.due_on, due, o.facts, now))
    closing = [
        (
            task["pk"],
            TaskStatus.NO_LONGER_APPLIES,
            today,
            closing_reason.get(task["subject"], Reason.CONDITIONS),
            now,
        )
        for key, task in existing.items()
        if key not in wanted and task["status"] == TaskStatus.OPEN
    ]
    stats.created = insert_rows(Task, _INSERT, inserts)
    stats.updated = update_rows(
        Task, ("counts_from", "computed_due_on", "due_on", "facts", "updated_at"), updates
    )
    stats.reopened = update_rows(
        Task,
        ("status", "closed_on", "reason", "counts_from", "computed_due_on", "due_on", "facts", "updated_at"),
        reopen,
    )
    stats.closed = update_rows(Task, ("status", "closed_on", "reason", "updated_at"), closing)
    return stats


def _person_plans(routines, facts: PersonFacts, today) -> tuple[list[_Planned], str | None]:
    if facts.moved_out_on is not None and facts.moved_out_on <= today:
        return [], Reason.MOVED_OUT
    if facts.settled_on is None:
        return [], Reason.NOT_SETTLED
    planned = [
        _Planned(routine, f"p:{facts.id}", facts.id, None, None, facts.municipality_id, o)
        for routine in routines
        if routine.applies_to == "person"
        for o in plan_person(routine.spec, facts, compiled_offsets(routine))
    ]
    return planned, None


def _chunks(ids: list[int], size: int = CHUNK) -> Iterator[list[int]]:
    for i in range(0, len(ids), size):
        yield ids[i : i + size]


def refresh_persons(
    person_ids: Iterable[int], *, today: dt.date | None = None, routines: dict | None = None
) -> RefreshStats:
    """Bring the tasks of these persons and their households in line with the facts.

    ``routines`` (from ``_routines_by_municipality``) saves reading them again in a long run.
    """
    today = today or timezone.localdate()
    ids = sorted(set(person_ids))
    if routines is None:
        routines = _routines_by_municipality(ids if len(ids) <= CHUNK else None)
    task_keys = {r.spec["after"] for rs in routines.values() for r in rs if r.spec.get("from") == "task"}
    tb = _high_tb_countries()
    stats = RefreshStats()
    for chunk in _chunks(ids):
        with transaction.atomic():
            facts = person_facts(chunk, task_keys=task_keys, tb=tb)
            planned: list[_Planned] = []
            reasons: dict[str, str] = {}
            for f in facts.values():
                plans, reason = _person_plans(routines.get(f.municipality_id, ()), f, today)
                planned.extend(plans)
                if reason:
                    reasons[f"p:{f.id}"] = reason
            stats.add(_apply([f"p:{pid}" for pid in chunk], planned, reasons, today))
            stats.persons += len(facts)
            household_ids = sorted({f.household_id for f in facts.values() if f.household_id})
            stats.add(_refresh_households(household_ids, routines, today, known=facts, tb=tb))
    return stats


def _refresh_households(household_ids: list[int], routines, today, *, known=None, tb=None) -> RefreshStats:
    stats = RefreshStats()
    if not household_ids or not any(r.applies_to == "household" for rs in routines.values() for r in rs):
        return stats
    households = household_facts(household_ids, today, known=known, tb=tb)
    planned, reasons = [], {}
    for h in households.values():
        if h.all_moved_out:
            reasons[f"h:{h.id}"] = Reason.MOVED_OUT
        for routine in routines.get(h.municipality_id, ()):
            if routine.applies_to == "household":
                planned.extend(
                    _Planned(routine, f"h:{h.id}", None, h.id, None, h.municipality_id, o)
                    for o in plan_household(routine.spec, h)
                )
    stats.add(_apply([f"h:{hid}" for hid in household_ids], planned, reasons, today))
    stats.households = len(households)
    return stats


def refresh_units(*, today: dt.date | None = None) -> RefreshStats:
    """Unit routines (welcome meetings, surveys): the calendar's tasks for this year and the next."""
    today = today or timezone.localdate()
    routines = _routines_by_municipality()
    units: dict[tuple[int, str], ServiceUnit] = {}
    for unit in (
        ServiceUnit.objects.exclude(sector="").prefetch_related("municipalities").order_by("name", "pk")
    ):
        for m in unit.municipalities.all():
            units.setdefault((m.pk, unit.sector), unit)
    planned, subjects = [], set()
    for municipality_id, rs in routines.items():
        for routine in rs:
            if routine.applies_to != "unit":
                continue
            unit = units.get((municipality_id, routine.sector))
            if unit is None:
                continue
            subject = f"u:{unit.pk}:{municipality_id}"
            subjects.add(subject)
            planned.extend(
                _Planned(routine, subject, None, None, unit.pk, municipality_id, o)
                for o in plan_unit(routine.spec, today)
            )
    # Unit tasks outside this year and the next stay as they are: keep them in the plan.
    keep = {(p.routine.pk, p.subject, p.occurrence.occurrence) for p in planned}
    for t in Task.objects.filter(subject__in=subjects, routine__active=True).select_related("routine"):
        if (t.routine_id, t.subject, t.occurrence) not in keep and t.routine.applies_to == "unit":
            planned.append(
                _Planned(
                    t.routine,
                    t.subject,
                    None,
                    None,
                    t.unit_id,
                    t.municipality_id,
                    Occurrence(t.occurrence, t.counts_from, t.computed_due_on, t.facts),
                )
            )
    with transaction.atomic():
        return _apply(sorted(subjects), planned, {}, today)


def refresh_cases(cases: Iterable[CaseFacts], *, today: dt.date | None = None) -> RefreshStats:
    """Bring the tasks of these settlement cases in line with their facts (subject "c:<id>").

    Moving the expected arrival moves the open tasks; a case that is no longer open closes them.
    """
    today = today or timezone.localdate()
    cases = list(cases)
    if not cases:
        return RefreshStats()
    routines = Routine.objects.filter(
        active=True, applies_to="case", municipality_id__in={c.municipality_id for c in cases}
    ).order_by("pk")
    by_municipality: dict[int, list[Routine]] = defaultdict(list)
    for routine in routines:
        by_municipality[routine.municipality_id].append(routine)
    planned, reasons = [], {}
    for case in cases:
        subject = f"c:{case.id}"
        if not case.open:
            reasons[subject] = Reason.CASE_CLOSED
        for routine in by_municipality.get(case.municipality_id, ()):
            planned.extend(
                _Planned(routine, subject, None, None, None, case.municipality_id, o)
                for o in plan_case(routine.spec, case)
            )
    with transaction.atomic():
        return _apply([f"c:{c.id}" for c in cases], planned, reasons, today)


def _all_cases() -> list[CaseFacts]:
    """Every case the apps that keep cases know (``routine_cases.case_facts(None)``)."""
    return [case for module in app_modules("routine_cases") for case in module.case_facts(None)]


def close_inactive_routines(*, today: dt.date | None = None) -> int:
    """Open tasks of routines that left the files are closed as no longer applying."""
    today = today or timezone.localdate()
    return Task.objects.filter(routine__active=False, status=TaskStatus.OPEN).update(
        status=TaskStatus.NO_LONGER_APPLIES, closed_on=today, reason=Reason.ROUTINE_REMOVED
    )


def refresh_all(*, today: dt.date | None = None, progress=None) -> RefreshStats:
    """The nightly run: every person, household and unit."""
    today = today or timezone.localdate()
    stats = RefreshStats()
    stats.closed += close_inactive_routines(today=today)
    ids = list(Person.objects.order_by("pk").values_list("pk", flat=True))
    routines = _routines_by_municipality()
    for i, chunk in enumerate(_chunks(ids, CHUNK * 4)):
        stats.add(refresh_persons(chunk, today=today, routines=routines))
        if progress:
            progress(min(len(ids), (i + 1) * CHUNK * 4), len(ids))
    stats.add(refresh_units(today=today))
    stats.add(refresh_cases(_all_cases(), today=today))
    return stats
