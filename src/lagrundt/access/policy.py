"""The one access policy for personal data.

Per sector, a rule says which persons a membership covers (its *population*, always limited to the
municipalities its unit serves) and which sections it may read and write. Everything not granted
here is denied. Views, the API and exports ask only these functions; they also write the audit
entries, so that what is allowed, what is denied and what is recorded cannot drift apart.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from lagrundt.people import rules
from lagrundt.people.models import Household, Person
from lagrundt.tenancy.selectors import MembershipScope, memberships_for

from .audit import Actor, record, record_many
from .models import AuditAction, AuditChannel
from .rules import RECORD_RULES, Population, rule_for
from .sections import Section

S = Section


def today() -> dt.date:
    return timezone.localdate()


# ---------------------------------------------------------------------------- which persons
def _population_q(population: Population, on: dt.date) -> Q | None:
    resident = Q(moved_out_on__isnull=True) | Q(moved_out_on__gt=on)
    match population:
        case Population.ALL:
            return Q()
        case Population.RESIDENTS:
            return resident
        case Population.SCHOOL_AGE:
            low, high = rules.school_age_birth_range(on)
            return resident & Q(birth_date__gte=low, birth_date__lte=high)
        case Population.UNDER_SCHOOL_AGE:
            low, high = rules.under_school_age_birth_range(on)
            return resident & Q(birth_date__gte=low, birth_date__lte=high)
        case Population.ADULTS:
            return resident & Q(birth_date__lte=rules.adult_birth_cutoff(on))
        case Population.CONSENTED:
            return resident & Q(consents_to_leisure_contact=True)
    return None


def _population_covers(population: Population, person: Person, on: dt.date) -> bool:
    resident = person.moved_out_on is None or person.moved_out_on > on
    match population:
        case Population.ALL:
            return True
        case Population.RESIDENTS:
            return resident
        case Population.SCHOOL_AGE:
            return resident and rules.is_school_age(person.birth_date, on)
        case Population.UNDER_SCHOOL_AGE:
            return resident and rules.is_under_school_age(person.birth_date, on)
        case Population.ADULTS:
            return resident and rules.is_adult(person.birth_date, on)
        case Population.CONSENTED:
            return resident and person.consents_to_leisure_contact
    return False


def _scope_q(scope: MembershipScope, on: dt.date) -> Q | None:
    rule = rule_for(scope.sector)
    population = _population_q(rule.population, on)
    if population is None or not rule.read or not scope.municipality_ids:
        return None
    return Q(municipality_id__in=sorted(scope.municipality_ids)) & population


def _visible_q(user, section: Section | None, on: dt.date | None) -> Q | None:
    on = on or today()
    combined: Q | None = None
    for scope in memberships_for(user):
        if section is not None and section not in rule_for(scope.sector).read:
            continue
        q = _scope_q(scope, on)
        if q is not None:
            combined = q if combined is None else combined | q
    return combined


def visible_to(user, *, section: Section | None = None, on: dt.date | None = None) -> QuerySet[Person]:
    """Every person the user may see, or whose ``section`` they may read. The only way to list persons."""
    combined = _visible_q(user, section, on)
    if combined is None:
        return Person.objects.none()
    return Person.objects.filter(combined)


def households_visible_to(user, *, on: dt.date | None = None) -> QuerySet[Household]:
    """Households with at least one member whose family section the user may read."""
    combined = _visible_q(user, S.FAMILY, on)
    if combined is None:
        return Household.objects.none()
    # EXISTS, not IN (subquery): a household is opened by its key, and the IN list of every person
    # the user may see cost some 60 ms at national scale for that one row.
    return Household.objects.filter(Exists(Person.objects.filter(combined, household_id=OuterRef("pk"))))


# ---------------------------------------------------------------------------- which sections
@dataclass(frozen=True)
class Grants:
    """What one user may do with one person, and which membership grants each section (for the audit)."""

    read: dict[Section, MembershipScope]
    write: dict[Section, MembershipScope]

    def can_read(self, section: Section) -> bool:
        return section in self.read

    def can_write(self, section: Section) -> bool:
        return section in self.write

    @property
    def readable(self) -> list[Section]:
        return [s for s in Section if s in self.read]


def grants_for(user, person: Person, *, on: dt.date | None = None) -> Grants:
    on = on or today()
    read: dict[Section, MembershipScope] = {}
    write: dict[Section, MembershipScope] = {}
    for scope in memberships_for(user):
        if person.municipality_id not in scope.municipality_ids:
            continue
        rule = rule_for(scope.sector)
        if not _population_covers(rule.population, person, on):
            continue
        for section in rule.read:
            read.setdefault(section, scope)
        for section in rule.write:
            write.setdefault(section, scope)
    return Grants(read=read, write=write)


def can_register_in(user, municipality_id: int) -> bool:
    return any(
        rule_for(s.sector).registers_persons and municipality_id in s.municipality_ids
        for s in memberships_for(user)
    )


def registering_municipality_ids(user) -> set[int]:
    ids: set[int] = set()
    for s in memberships_for(user):
        if rule_for(s.sector).registers_persons:
            ids |= s.municipality_ids
    return ids


def can_read_audit_log(user) -> bool:
    return any(rule_for(s.sector).reads_audit_log for s in memberships_for(user))


def audit_scope(user) -> set[int]:
    """Municipality ids whose audit log the user (a data protection officer) may read."""
    ids: set[int] = set()
    for s in memberships_for(user):
        if rule_for(s.sector).reads_audit_log:
            ids |= s.municipality_ids
    return ids


def sees_aggregates(user) -> bool:
    return any(rule_for(s.sector).sees_aggregates for s in memberships_for(user))


def aggregate_municipality_ids(user) -> set[int]:
    ids: set[int] = set()
    for s in memberships_for(user):
        if rule_for(s.sector).sees_aggregates:
            ids |= s.municipality_ids
    return ids


def can_see_persons(user) -> bool:
    return any(rule_for(s.sector).read for s in memberships_for(user))


def reads_section_somewhere(user, section: Section) -> bool:
    """Whether some membership of the user reads ``section`` of some persons (a search field, a column)."""
    return any(section in rule_for(s.sector).read for s in memberships_for(user))


def reads_family_of_everyone_seen(user) -> bool:
    """Whether every membership that sees persons also reads their family (household and relations):
    then whatever a user sees of a person, they may see who the person lives with."""
    return all(S.FAMILY in rule_for(s.sector).read for s in memberships_for(user) if rule_for(s.sector).read)


# ---------------------------------------------------------------------------- access with audit
def access_person(
    actor: Actor,
    person_id: int,
    *,
    section: Section = S.IDENTITY,
    write: bool = False,
    channel: str = AuditChannel.PAGE,
    queryset: QuerySet[Person] | None = None,
    audit_read: bool = True,
) -> tuple[Person, Grants]:
    """Fetch one person for reading or writing a section, or raise Http404.

    Missing and forbidden look the same to the caller; a refusal is written to the audit log.
    """
    qs = queryset if queryset is not None else Person.objects.all()
    person = (
        qs.filter(pk=person_id).first() if isinstance(person_id, int) or str(person_id).isdigit() else None
    )
    grants = grants_for(actor.user, person) if person is not None else Grants({}, {})
    allowed = grants.can_write(section) if write else grants.can_read(section)
    if not allowed:
        record(
            actor,
            action=AuditAction.DENIED,
            channel=channel,
            person_id=person.pk if person else None,
            municipality_id=person.municipality_id if person else None,
            section=section,
            detail=("write " if write else "read ") + str(person_id)[:40],
        )
        raise Http404
    if audit_read and not write:
        record_section_reads(actor, person, grants, [section], channel=channel)
    return person, grants


def record_writer(user, person: Person, kind: str, *, on: dt.date | None = None) -> MembershipScope | None:
    """The membership in which the user may write ``person``'s record of ``kind`` ("school", "health" …,
    ``rules.RECORD_RULES``): one of the record's sectors that may write its section of the person."""
    rule = RECORD_RULES[kind]
    for scope in memberships_for(user):
        if scope.sector not in rule.writers or person.municipality_id not in scope.municipality_ids:
            continue
        sector_rule = rule_for(scope.sector)
        if rule.section in sector_rule.write and _population_covers(
            sector_rule.population, person, on or today()
        ):
            return scope
    return None


def access_record(
    actor: Actor, person_id: int, kind: str, *, write: bool = False, channel: str = AuditChannel.PAGE
) -> tuple[Person, Grants, MembershipScope | None]:
    """Fetch a person to read or write their record of ``kind``, or raise Http404 (audited as refused).

    Reading is reading the record's section (recorded here; a write is recorded as the change it makes);
    writing needs ``record_writer``. Returns the
    person, their grants and the membership that may write the record (None when the user only reads).
    """
    section = RECORD_RULES[kind].section
    person, grants = access_person(actor, person_id, section=section, channel=channel, audit_read=not write)
    writer = record_writer(actor.user, person, kind)
    if write and writer is None:
        record(
            actor,
            action=AuditAction.DENIED,
            channel=channel,
            person_id=person.pk,
            municipality_id=person.municipality_id,
            section=section,
            detail=f"write {kind} record",
        )
        raise Http404
    return person, grants, writer


def record_section_reads(
    actor: Actor, person: Person, grants: Grants, sections: Iterable[Section], *, channel: str
) -> None:
    record_many(
        actor,
        [
            dict(
                action=AuditAction.READ,
                channel=channel,
                person_id=person.pk,
                municipality_id=person.municipality_id,
                section=section,
                scope=grants.read[section],
            )
            for section in sections
            if section in grants.read
        ],
    )


def record_list_reads(
    actor: Actor, persons: Iterable[Person], sections: Iterable[Section], *, channel: str
) -> dict[int, Grants]:
    """Audit one read per person and section shown in a list or hit list; returns each person's grants."""
    sections = list(sections)
    on = today()
    entries = []
    all_grants: dict[int, Grants] = {}
    for person in persons:
        grants = grants_for(actor.user, person, on=on)
        all_grants[person.pk] = grants
        for section in sections:
            if section in grants.read:
                entries.append(
                    dict(
                        action=AuditAction.READ if channel != AuditChannel.EXPORT else AuditAction.EXPORT,
                        channel=channel,
                        person_id=person.pk,
                        municipality_id=person.municipality_id,
                        section=section,
                        scope=grants.read[section],
                    )
                )
    record_many(actor, entries)
    return all_grants


# ---------------------------------------------------------------------------- tasks
# A task belongs to a section of a person (the health talk to health, the school start meeting to
# education): who may read that section sees the task. A household's task is seen by who may read
# that section of one of its members; a unit's task by the members of the unit.
def tasks_visible_to(user, tasks: QuerySet, *, on: dt.date | None = None) -> QuerySet:
    """The tasks among ``tasks`` the user may see. The only way to list tasks."""
    combined: Q | None = None
    for section in Section:
        q = _visible_q(user, section, on)
        if q is None:
            continue
        # Correlated EXISTS, not IN (subquery): an IN list of every person the user may see is built
        # for each section (tens of thousands at national scale); EXISTS probes the person's row by
        # its key for the candidate tasks only.
        part = Q(section=section) & (
            Exists(Person.objects.filter(q, pk=OuterRef("person_id")))
            | Exists(Person.objects.filter(q, household_id=OuterRef("household_id")))
        )
        combined = part if combined is None else combined | part
    units = {s.unit_id for s in memberships_for(user)}
    if units:
        part = Q(unit_id__in=sorted(units), person__isnull=True, household__isnull=True)
        combined = part if combined is None else combined | part
    case = _case_tasks_q(user)
    if case is not None:
        combined = case if combined is None else combined | case
    return tasks.filter(combined) if combined is not None else tasks.none()


# A settlement case's task (before arrival there is no person yet) is seen by its sector where the
# case belongs, so that school, kindergarten, health and Nav are told ahead; and by the integration
# service, which runs the case. It names the duty and the household, nothing the proposal says of
# needs (that stays on the case's page, which only the integration service opens).
_CASE_TASK = Q(person__isnull=True, household__isnull=True, unit__isnull=True)


def _case_tasks_q(user) -> Q | None:
    combined: Q | None = None
    for scope in memberships_for(user):
        rule = rule_for(scope.sector)
        if not rule.read or not scope.municipality_ids:
            continue
        part = _CASE_TASK & Q(municipality_id__in=sorted(scope.municipality_ids))
        if not rule.registers_persons:
            part &= Q(sector=scope.sector)
        combined = part if combined is None else combined | part
    return combined


def task_sectors(user) -> set[str]:
    """The sectors whose tasks the user works on: those of their memberships."""
    return {s.sector for s in memberships_for(user) if rule_for(s.sector).read}


def can_act_on_task(user, task, *, on: dt.date | None = None) -> MembershipScope | None:
    """The membership in which the user may close or postpone the task, or None.

    One of the task's sector, in a unit that serves the task's municipality, that may read the
    task's section of the person (or a household member), or that is the task's unit.
    """
    for scope in memberships_for(user):
        if scope.sector != task.sector or task.municipality_id not in scope.municipality_ids:
            continue
        if task.unit_id and not task.person_id and not task.household_id:
            if scope.unit_id == task.unit_id:
                return scope
            continue
        if not task.person_id and not task.household_id:  # a settlement case's: its sector acts
            if rule_for(scope.sector).read:
                return scope
            continue
        members = [task.person] if task.person_id else list(task.household.members.all())
        rule = rule_for(scope.sector)
        if task.section in rule.read and any(
            _population_covers(rule.population, p, on or today()) for p in members if p is not None
        ):
            return scope
    return None


def record_task_reads(actor: Actor, tasks: Iterable, *, channel: str) -> None:
    """A task names a person and a duty of one section: showing it is a read of that section."""
    shown = {(t.person_id, t.municipality_id, t.section) for t in tasks if t.person_id}
    record_many(
        actor,
        [
            dict(
                action=AuditAction.READ,
                channel=channel,
                person_id=person_id,
                municipality_id=municipality_id,
                section=section,
            )
            for person_id, municipality_id, section in sorted(shown)
        ],
    )


# ---------------------------------------------------------------------------- coordination
# The integration service coordinates: on a person's timeline and a household's view it sees every
# sector's duties of the persons it covers, as status (title, sector, due date, state, owner). The
# content of a section it may not read (a task's note, reason, facts) stays with that section, and a
# routine marked "status hidden from other sectors" is not shown to it at all (``routines`` filters).
def coordinating_scopes(
    user, persons: Iterable[Person], *, on: dt.date | None = None
) -> dict[int, MembershipScope]:
    """Per person the membership in which the user coordinates the person's follow-up, for those it covers."""
    on = on or today()
    scopes = [s for s in memberships_for(user) if rule_for(s.sector).coordinates]
    found: dict[int, MembershipScope] = {}
    for person in persons:
        for scope in scopes:
            if person.municipality_id in scope.municipality_ids and _population_covers(
                rule_for(scope.sector).population, person, on
            ):
                found[person.pk] = scope
                break
    return found


def record_status_reads(
    actor: Actor, reads: Iterable[tuple[int, int, str]], scopes: dict[int, MembershipScope], *, channel: str
) -> None:
    """Audit the duties a coordinator saw as status only, like a section read: one entry per person,
    municipality and section ``reads`` names, in the coordinating membership of ``scopes``."""
    record_many(
        actor,
        [
            dict(
                action=AuditAction.READ,
                channel=channel,
                person_id=person_id,
                municipality_id=municipality_id,
                section=section,
                scope=scopes[person_id],
                detail="task status",
            )
            for person_id, municipality_id, section in sorted(set(reads))
            if person_id in scopes
        ],
    )


def units_of(user) -> list[tuple[int, str]]:
    """The units the user works in, as (id, name) sorted by name: to filter lists by unit."""
    return sorted({(s.unit_id, s.unit_name) for s in memberships_for(user)}, key=lambda u: (u[1], u[0]))
