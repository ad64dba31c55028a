"""Retention: which sections of which persons have been kept as long as their purpose needs, a dry run
of what anonymising them would remove, the approval of a run, and carrying it out.

The rules are data (``RetentionRule``, per municipality, section and day counted from; the product's
defaults in ``DEFAULT_RULES`` where a municipality set none). The facts give no period, so every default
is assumed, and the pages say so. A section of a person is *due* when a rule's period has run from its
day: the end of the five-year follow-up (settlement, or for a person born here the household's first
settlement, plus five years) or the day the person moved out.

Anonymising is done by each app on its own data (``privacy.anonymise`` hooks): names, national ID,
contact and free text go; dates, categories, counts and the municipality stay, so that statistics
keep working. The audit log keeps its entries, which name the person only by id: a pseudonymous
reference once the names are gone. Each anonymised section of a person gets an ANONYMISED entry.
"""

import datetime as dt
import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from lagrundt.access.audit import Actor, record, record_change, record_many, snapshot
from lagrundt.access.models import AuditAction, AuditChannel
from lagrundt.access.sections import Section
from lagrundt.core import plugins
from lagrundt.core.dates import add_years
from lagrundt.people.models import Person, Settlement
from lagrundt.routines.rules import FOLLOW_UP_YEARS, Offset
from lagrundt.tenancy.models import Municipality

from .models import ASSUMED_SOURCE, Anchor, Anonymisation, RetentionRule, RetentionRun, RunStatus

gettext_noop("assumed; set per the municipality's archive plan")  # ASSUMED_SOURCE, in the catalogues

# Two years after the follow-up ends or after moving out, for every section. An assumption: neither
# the facts nor the law in them give a period; the municipality's archive plan decides.
DEFAULT_PERIOD_MONTHS = 24
DEFAULT_RULES = {(section, anchor): DEFAULT_PERIOD_MONTHS for section in Section for anchor in Anchor}

RULE_FIELDS = ("section", "counted_from", "period_months", "source", "source_date", "assumed")


@dataclass(frozen=True)
class Rule:
    """A rule in force for a municipality: stored, or the product's assumed default."""

    section: str
    counted_from: str
    period_months: int | None
    source: str
    source_date: dt.date | None
    assumed: bool
    stored: RetentionRule | None = None

    @property
    def section_label(self) -> str:
        return str(Section(self.section).label)

    @property
    def counted_from_label(self) -> str:
        return str(Anchor(self.counted_from).label)

    @property
    def period_text(self) -> str:
        return period_label(self.period_months)

    @property
    def source_label(self) -> str:
        return _(ASSUMED_SOURCE) if self.source == ASSUMED_SOURCE else self.source


def rules_for(municipality_id: int) -> list[Rule]:
    """Every section's rules in the municipality, in the order of ``Section``, defaults filled in."""
    stored = {
        (r.section, r.counted_from): r for r in RetentionRule.objects.filter(municipality_id=municipality_id)
    }
    found = []
    for section in Section:
        for anchor in Anchor:
            row = stored.get((section.value, anchor.value))
            if row is not None:
                found.append(
                    Rule(
                        section.value,
                        anchor.value,
                        row.period_months,
                        row.source,
                        row.source_date,
                        row.assumed,
                        row,
                    )
                )
            else:
                found.append(
                    Rule(
                        section.value,
                        anchor.value,
                        DEFAULT_RULES[(section, anchor)],
                        ASSUMED_SOURCE,
                        None,
                        True,
                    )
                )
    return found


def period_label(months: int | None) -> str:
    if months is None:
        return _("kept, never anonymised")
    years, rest = divmod(months, 12)
    if not rest:
        return _("%(years)d years") % {"years": years} if years != 1 else _("1 year")
    return _("%(months)d months") % {"months": months}


# ---------------------------------------------------------------------------- what is due
@dataclass(frozen=True)
class DuePerson:
    person_id: int
    sections: tuple[str, ...]  # in the order of ``Section``
    follow_up_ends: dt.date | None
    moved_out_on: dt.date | None


@dataclass(frozen=True)
class Plan:
    """What is due in a municipality on a day: (section, person id) pairs not yet anonymised."""

    municipality_id: int
    on: dt.date
    items: tuple[tuple[str, int], ...]  # sorted
    persons: tuple[DuePerson, ...]

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.municipality_id, self.items)

    def by_section(self) -> dict[str, list[int]]:
        found: dict[str, list[int]] = defaultdict(list)
        for section, person_id in self.items:
            found[section].append(person_id)
        return {s.value: found[s.value] for s in Section if found.get(s.value)}


def fingerprint(municipality_id: int, items) -> str:
    text = json.dumps([municipality_id, sorted([s, int(p)] for s, p in items)], separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def follow_up_end(settled_on: dt.date | None) -> dt.date | None:
    return add_years(settled_on, FOLLOW_UP_YEARS) if settled_on else None


def due(municipality_id: int, *, on: dt.date | None = None) -> Plan:
    """Which sections of which persons of the municipality are due for anonymisation on ``on``."""
    on = on or timezone.localdate()
    rules = [r for r in rules_for(municipality_id) if r.period_months is not None]
    persons = list(
        Person.objects.filter(municipality_id=municipality_id).values_list(
            "pk", "household_id", "moved_out_on", "settlement__settled_on"
        )
    )
    # A person born here has no settlement of their own: their follow-up is their household's.
    first_settled = dict(
        Settlement.objects.filter(
            person__household_id__in=Person.objects.filter(municipality_id=municipality_id).values(
                "household_id"
            )
        )
        .values("person__household_id")
        .annotate(first=Min("settled_on"))
        .values_list("person__household_id", "first")
    )
    done = set(
        Anonymisation.objects.filter(person__municipality_id=municipality_id).values_list(
            "person_id", "section"
        )
    )
    items: list[tuple[str, int]] = []
    due_persons = []
    for pk, household, moved_out_on, settled_on in persons:
        ends = follow_up_end(settled_on or first_settled.get(household))
        anchors = {Anchor.FOLLOW_UP_END: ends, Anchor.MOVED_OUT: moved_out_on}
        sections = []
        for rule in rules:
            day = anchors[rule.counted_from]
            if day is None or (pk, rule.section) in done or rule.section in sections:
                continue
            if Offset(months=rule.period_months).after(day) <= on:
                sections.append(rule.section)
        if sections:
            ordered = tuple(s.value for s in Section if s.value in sections)
            items.extend((s, pk) for s in ordered)
            due_persons.append(DuePerson(pk, ordered, ends, moved_out_on))
    return Plan(municipality_id, on, tuple(sorted(items)), tuple(due_persons))


# ---------------------------------------------------------------------------- what it would remove
@dataclass(frozen=True)
class SectionCount:
    section: str
    persons: int
    removed: tuple[plugins.Anonymised, ...]  # what the apps would remove, per table

    @property
    def label(self) -> str:
        return str(Section(self.section).label)


def _anonymise(section: str, person_ids: list[int], *, dry_run: bool) -> list[plugins.Anonymised]:
    found = []
    for module in plugins.app_modules("privacy"):
        found.extend(
            r for r in module.anonymise(section=section, person_ids=person_ids, dry_run=dry_run) if r.rows
        )
    return found


def dry_run(plan: Plan) -> list[SectionCount]:
    """Per section: how many persons are due and what each app would remove. Writes nothing."""
    return [
        SectionCount(section, len(ids), tuple(_anonymise(section, ids, dry_run=True)))
        for section, ids in plan.by_section().items()
    ]


# ---------------------------------------------------------------------------- approval and the run
def run_approve(*, actor: Actor, municipality_id: int, shown: str, on: dt.date | None = None) -> RetentionRun:
    """Approve anonymising exactly what the approver was shown (``shown``: the dry run's fingerprint).

    Refused, with nothing saved, when what is due has changed since: the approver must look again.
    """
    with transaction.atomic():
        plan = due(municipality_id, on=on)
        if not plan.items:
            raise ValidationError(_("Nothing is due for anonymisation."), code="empty")
        if RetentionRun.objects.filter(municipality_id=municipality_id, status=RunStatus.APPROVED).exists():
            raise ValidationError(
                _("An approved run is still waiting to be carried out. Look again when it is done."),
                code="waiting",
            )
        if plan.fingerprint != shown:
            raise ValidationError(
                _("What is due has changed since the list was shown. Look at it again before you approve."),
                code="changed",
            )
        run = RetentionRun.objects.create(
            municipality_id=municipality_id,
            items=[list(item) for item in plan.items],
            fingerprint=plan.fingerprint,
            approved_by=actor.user,
            approved_at=timezone.now(),
        )
        record(
            actor,
            action=AuditAction.CREATE,
            channel=AuditChannel.PAGE,
            municipality_id=municipality_id,
            detail=f"retention run {run.pk} approved: {run.persons} persons, {len(run.items)} sections",
        )
    return run


def run_carry_out(run_id: int, *, on: dt.date | None = None) -> RetentionRun:
    """Anonymise exactly the run's sections of persons, in one transaction, or refuse the run.

    A run is refused (and nothing anonymised) when one of its items is no longer due: a rule was
    lengthened, a date corrected, or the section anonymised by another run. What became due after the
    approval is not in it; it waits for the next approval.
    """
    with transaction.atomic():
        run = RetentionRun.objects.select_for_update().select_related("approved_by").get(pk=run_id)
        if run.status != RunStatus.APPROVED:
            return run
        actor = Actor(user=run.approved_by, detail=f"retention run {run.pk}")
        plan = due(run.municipality_id, on=on)
        approved = {(s, int(p)) for s, p in run.items}
        gone = approved - set(plan.items)
        if gone:
            run.status = RunStatus.REFUSED
            run.refusal = _("%(count)d of the approved sections are no longer due.") % {"count": len(gone)}
            run.carried_out_at = timezone.now()
            run.save(update_fields=["status", "refusal", "carried_out_at"])
            record(
                actor,
                action=AuditAction.UPDATE,
                channel=AuditChannel.SYSTEM,
                municipality_id=run.municipality_id,
                detail=f"retention run {run.pk} refused: {len(gone)} sections no longer due",
            )
            return run
        by_section: dict[str, list[int]] = defaultdict(list)
        for section, person_id in sorted(approved):
            by_section[section].append(person_id)
        outcome = []
        # Names last: the other sections' hooks may still find the persons by household.
        for section in sorted(by_section, key=lambda s: s == Section.IDENTITY):
            for removed in _anonymise(section, by_section[section], dry_run=False):
                outcome.append(
                    {
                        "section": section,
                        "table": removed.table,
                        "rows": removed.rows,
                        "fields": list(removed.fields),
                    }
                )
        Anonymisation.objects.bulk_create(
            Anonymisation(person_id=person_id, section=section, run=run)
            for section, person_id in sorted(approved)
        )
        municipality_of = dict(
            Person.objects.filter(pk__in={p for _s, p in approved}).values_list("pk", "municipality_id")
        )
        record_many(
            actor,
            [
                dict(
                    action=AuditAction.ANONYMISED,
                    channel=AuditChannel.SYSTEM,
                    person_id=person_id,
                    municipality_id=municipality_of.get(person_id, run.municipality_id),
                    section=section,
                )
                for section, person_id in sorted(approved)
            ],
        )
        run.status = RunStatus.DONE
        run.outcome = outcome
        run.carried_out_at = timezone.now()
        run.save(update_fields=["status", "outcome", "carried_out_at"])
    return run


def runs_waiting() -> list[int]:
    return list(
        RetentionRun.objects.filter(status=RunStatus.APPROVED).order_by("pk").values_list("pk", flat=True)
    )


@dataclass(frozen=True)
class NightlyResult:
    carried_out: int
    refused: int
    due: dict[str, int]  # municipality name: sections due and waiting for approval


def nightly(*, on: dt.date | None = None) -> NightlyResult:
    """The nightly job: carry out the approved runs, then find what is due and waits for approval."""
    carried = refused = 0
    for run_id in runs_waiting():
        run = run_carry_out(run_id, on=on)
        carried += run.status == RunStatus.DONE
        refused += run.status == RunStatus.REFUSED
    waiting = {}
    for municipality in Municipality.objects.order_by("name"):
        plan = due(municipality.pk, on=on)
        if plan.items:
            waiting[municipality.name] = len(plan.items)
    return NightlyResult(carried, refused, waiting)


# ---------------------------------------------------------------------------- rules set by the administrator
def rule_save(*, actor: Actor, rule: RetentionRule, creating: bool) -> RetentionRule:
    """Save a municipality's retention rule (the admin's form), with its audit entry."""
    with transaction.atomic():
        before = {} if creating else _rule_fields(RetentionRule.objects.get(pk=rule.pk))
        rule.changed_by = actor.user if getattr(actor.user, "is_authenticated", False) else None
        rule.full_clean()
        rule.save()
        record_change(
            actor,
            municipality_id=rule.municipality_id,
            section="",
            action=AuditAction.CREATE if creating else AuditAction.UPDATE,
            before=before,
            after=_rule_fields(rule),
            channel=AuditChannel.ADMIN,
            extra={"retention_rule": {"old": None, "new": rule.pk}},
        )
    return rule


def rule_delete(*, actor: Actor, rule: RetentionRule) -> None:
    with transaction.atomic():
        before = _rule_fields(rule)
        municipality_id, pk = rule.municipality_id, rule.pk
        rule.delete()
        record_change(
            actor,
            municipality_id=municipality_id,
            section="",
            action=AuditAction.DELETE,
            before=before,
            after={},
            channel=AuditChannel.ADMIN,
            extra={"retention_rule": {"old": pk, "new": None}},
        )


def _rule_fields(rule: RetentionRule) -> dict:
    return snapshot(rule, RULE_FIELDS)
