"""Changes to plans. Each function is one transaction and writes the measure's history as it changes it.

Plans hold no personal data, so the history is the plans' own (``MeasureChange``: who, when, old and
new values) rather than the audit log of personal data. Permissions are checked by the callers
(views) with the ``PLANS`` and ``MEASURES`` policies of ``access.resources``; the services check that
the data make sense.
"""

import datetime as dt
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lagrundt.access.audit import Actor, changes_between, snapshot
from lagrundt.core.measurement import Group, Kind
from lagrundt.tenancy.models import Municipality, Sector

from . import registry
from .models import (
    ChangeKind,
    Chapter,
    EnteredFigure,
    Goal,
    Measure,
    MeasureChange,
    MeasureLink,
    MeasureStatus,
    Plan,
    PlanStatus,
    ProgressNote,
    Report,
    ReportStatus,
    ReportText,
    Target,
)
from .profiles import PlanSpec, builtin_plan_files, load_plan_file

MSG_SUPERSEDED = _("This version of the plan has been replaced by a newer one and can no longer be changed.")
MSG_REASON_FOR_DROPPING = _("Write why the measure is dropped.")
MSG_NOTE_IN_FUTURE = _("A progress note cannot be dated in the future.")
MSG_PERIOD_ORDER = _("The deadline cannot be before the start.")
MSG_UNKNOWN_INDICATOR = _("Choose an indicator from the list.")
MSG_UNKNOWN_SERIES = _("Choose one of the indicator's series.")
MSG_GROUP_NOT_SUPPORTED = _("This indicator cannot be counted for that group.")
MSG_SHARE_RANGE = _("A share is a per cent from 0 to 100.")
MSG_NEGATIVE = _("The value cannot be negative.")
MSG_YEAR_RANGE = _("Give a year from 1990 to next year.")
MSG_REPORT_ISSUED = _("The report has been sent to the council and can no longer be changed.")
MSG_EMPTY = _("Write something.")
MSG_NOT_SECTOR = _("Choose a sector.")
MSG_UNKNOWN_STATUS = _("Choose a status.")
MSG_PLAN_PERIOD = _("The new version must end after the old one starts.")


def _require_active(plan: Plan) -> None:
    if plan.status != PlanStatus.ACTIVE:
        raise ValidationError(MSG_SUPERSEDED, code="superseded")


def _history(actor: Actor | None, measure: Measure, kind: str, changes: dict | None = None) -> None:
    user = actor.user if actor and getattr(actor.user, "is_authenticated", False) else None
    MeasureChange.objects.create(measure=measure, kind=kind, changes=changes or {}, by=user)


# ---------------------------------------------------------------------------- loading plan files
def plan_load(spec: PlanSpec, *, municipality: Municipality | None = None) -> tuple[Plan, bool]:
    """Create version 1 of the plan a file describes, with its figures; nothing if it exists already."""
    municipality = municipality or Municipality.objects.get(number=spec.municipality)
    existing = Plan.objects.filter(municipality=municipality, key=spec.key).order_by("-version").first()
    if existing is not None:
        return existing, False
    with transaction.atomic():
        plan = Plan.objects.create(
            municipality=municipality,
            key=spec.key,
            title=spec.title,
            language=spec.language,
            starts_on=spec.starts_on,
            ends_on=spec.ends_on,
            vision=spec.vision,
            source=spec.source,
        )
        order = {"chapter": 0, "goal": 0, "measure": 0}

        def next_order(kind: str) -> int:
            order[kind] += 1
            return order[kind]

        def add_measures(chapter: Chapter, goal: Goal | None, measures) -> None:
            for m in measures:
                measure = Measure.objects.create(
                    plan=plan,
                    chapter=chapter,
                    goal=goal,
                    key=m.key,
                    text=m.text,
                    description=m.description,
                    sector=m.sectors[0] if m.sectors else "",
                    other_sectors=list(m.sectors[1:]),
                    responsible=m.responsible,
                    starts_on=m.starts_on,
                    ends_on=m.ends_on,
                    status=m.status,
                    budget=m.budget,
                    budget_note=m.budget_note,
                    recorded_in=list(m.recorded_in),
                    order=next_order("measure"),
                )
                _history(None, measure, ChangeKind.CREATED, {"source": {"old": None, "new": spec.source}})

        def add_goal(chapter: Chapter, g, parent: Goal | None) -> None:
            goal = Goal.objects.create(
                plan=plan,
                chapter=chapter,
                parent=parent,
                key=g.key,
                kind=g.kind,
                number=g.number,
                text=g.text,
                description=g.description,
                order=next_order("goal"),
            )
            for t in g.targets:
                Target.objects.create(
                    goal=goal,
                    indicator=t.indicator,
                    series=t.series,
                    group=t.group,
                    value=t.value,
                    direction=t.direction,
                    by=t.by,
                    source=t.source,
                )
            add_measures(chapter, goal, g.measures)
            for sub in g.sub_goals:
                add_goal(chapter, sub, goal)

        for c in spec.chapters:
            chapter = Chapter.objects.create(
                plan=plan,
                number=c.number,
                title=c.title,
                service=c.service,
                sector=c.sector,
                description=c.description,
                order=next_order("chapter"),
            )
            for g in c.goals:
                add_goal(chapter, g, None)
            add_measures(chapter, None, c.measures)

        for f in spec.figures:
            EnteredFigure.objects.create(
                municipality=municipality,
                indicator=f.indicator,
                series=f.series,
                year=f.year,
                value=f.value,
                source=f.source,
                measured_on=f.measured_on,
                note=f.note,
                group=f.group,
            )
    return plan, True


def apply_plan_files(paths: list[Path] | None = None) -> dict[str, int]:
    """Load every plan file whose municipality exists. Every file is checked before anything is saved."""
    keys = set(registry.all_indicators())
    specs = [load_plan_file(p, indicator_keys=keys) for p in (paths or builtin_plan_files())]
    counts = {"created": 0, "existing": 0, "skipped": 0}
    for spec in specs:
        municipality = Municipality.objects.filter(number=spec.municipality).first()
        if municipality is None:
            counts["skipped"] += 1
            continue
        _plan, created = plan_load(spec, municipality=municipality)
        counts["created" if created else "existing"] += 1
    return counts


# ---------------------------------------------------------------------------- revision
def plan_revise(
    *,
    actor: Actor,
    plan: Plan,
    title: str,
    starts_on: dt.date,
    ends_on: dt.date,
    vision: str,
    note: str,
    carry_closed: bool = False,
) -> Plan:
    """A new version of the plan: chapters, goals and targets copied, open measures carried over.

    The old version stays readable (superseded). A carried measure keeps its key, status, owner and
    budget, and points back to the measure it came from, whose notes stay with it.
    """
    with transaction.atomic():
        plan = Plan.objects.select_for_update().get(pk=plan.pk)
        _require_active(plan)
        errors = {}
        if ends_on < starts_on:
            errors["ends_on"] = [MSG_PERIOD_ORDER]
        if not title.strip():
            errors["title"] = [MSG_EMPTY]
        if errors:
            raise ValidationError(errors)
        plan.status = PlanStatus.SUPERSEDED
        plan.save(update_fields=["status"])
        new = Plan.objects.create(
            municipality=plan.municipality,
            key=plan.key,
            version=plan.version + 1,
            title=title.strip(),
            language=plan.language,
            starts_on=starts_on,
            ends_on=ends_on,
            vision=vision.strip(),
            source=plan.source,
            previous=plan,
            revision_note=note.strip(),
            created_by=actor.user,
        )
        chapters = {}
        for c in plan.chapters.order_by("order"):
            chapters[c.pk] = Chapter.objects.create(
                plan=new,
                number=c.number,
                title=c.title,
                service=c.service,
                sector=c.sector,
                description=c.description,
                order=c.order,
            )
        goals = {}
        for g in plan.goals.order_by("parent_id", "order"):  # goals before their sub-goals
            goals[g.pk] = Goal.objects.create(
                plan=new,
                chapter=chapters[g.chapter_id],
                parent=goals.get(g.parent_id),
                key=g.key,
                kind=g.kind,
                number=g.number,
                text=g.text,
                description=g.description,
                order=g.order,
            )
            for t in g.targets.all():
                Target.objects.create(
                    goal=goals[g.pk],
                    indicator=t.indicator,
                    series=t.series,
                    group=t.group,
                    value=t.value,
                    direction=t.direction,
                    by=t.by,
                    source=t.source,
                    set_by=t.set_by,
                )
        measures = plan.measures.order_by("order")
        if not carry_closed:
            measures = measures.exclude(status__in=[MeasureStatus.DONE, MeasureStatus.DROPPED])
        for m in measures:
            carried = Measure.objects.create(
                plan=new,
                chapter=chapters[m.chapter_id],
                goal=goals.get(m.goal_id),
                key=m.key,
                text=m.text,
                description=m.description,
                sector=m.sector,
                other_sectors=m.other_sectors,
                responsible=m.responsible,
                unit=m.unit,
                starts_on=m.starts_on,
                ends_on=m.ends_on,
                status=m.status,
                status_reason=m.status_reason,
                budget=m.budget,
                budget_note=m.budget_note,
                recorded_in=m.recorded_in,
                carried_from=m,
                order=m.order,
            )
            _history(
                actor, carried, ChangeKind.CARRIED, {"version": {"old": plan.version, "new": new.version}}
            )
    return new


# ---------------------------------------------------------------------------- measures
_EDITABLE = (
    "text",
    "description",
    "sector",
    "other_sectors",
    "responsible",
    "unit",
    "starts_on",
    "ends_on",
    "budget",
    "budget_note",
)


def _check_measure(data: dict, errors: dict) -> None:
    start, end = data.get("starts_on"), data.get("ends_on")
    if start and end and end < start:
        errors.setdefault("ends_on", []).append(MSG_PERIOD_ORDER)
    if "text" in data and not str(data["text"]).strip():
        errors.setdefault("text", []).append(MSG_EMPTY)
    for sector in [data.get("sector"), *(data.get("other_sectors") or [])]:
        if sector and sector not in Sector.values:
            errors.setdefault("sector", []).append(MSG_NOT_SECTOR)


def measure_update(*, actor: Actor, measure: Measure, data: dict) -> Measure:
    """Change what a measure says, who is responsible, its period and budget."""
    with transaction.atomic():
        measure = Measure.objects.select_for_update().select_related("plan").get(pk=measure.pk)
        _require_active(measure.plan)
        unknown = set(data) - set(_EDITABLE)
        if unknown:
            raise TypeError(f"Not editable: {sorted(unknown)}")
        errors: dict = {}
        current = {f: getattr(measure, f) for f in _EDITABLE if f != "unit"}
        merged = {**current, **{k: v for k, v in data.items() if k != "unit"}}
        _check_measure(merged, errors)
        if errors:
            raise ValidationError(errors)
        before = snapshot(measure, _EDITABLE)
        for field, value in data.items():
            if field == "other_sectors":
                value = [
                    s for s in dict.fromkeys(value or []) if s and s != data.get("sector", measure.sector)
                ]
            if field in ("text", "description", "responsible", "budget_note"):
                value = (value or "").strip()
            setattr(measure, field, value)
        measure.save()
        changes = changes_between(before, snapshot(measure, _EDITABLE))
        if changes:
            _history(actor, measure, ChangeKind.CHANGED, changes)
    return measure


def measure_add(*, actor: Actor, plan: Plan, chapter: Chapter, goal: Goal | None, data: dict) -> Measure:
    """A new measure in a chapter (a revision may add them; so may the plan's editors between revisions)."""
    with transaction.atomic():
        plan = Plan.objects.select_for_update().get(pk=plan.pk)
        _require_active(plan)
        errors: dict = {}
        _check_measure(data, errors)
        if not data.get("text"):
            errors.setdefault("text", [MSG_EMPTY])
        if errors:
            raise ValidationError(errors)
        taken = set(plan.measures.values_list("key", flat=True))
        number = len(taken) + 1
        while f"n{number:03d}" in taken:
            number += 1
        last = plan.measures.order_by("-order").values_list("order", flat=True).first() or 0
        measure = Measure.objects.create(
            plan=plan,
            chapter=chapter,
            goal=goal,
            key=f"n{number:03d}",
            order=last + 1,
            **{k: (v.strip() if isinstance(v, str) else v) for k, v in data.items() if k in _EDITABLE},
        )
        _history(actor, measure, ChangeKind.CREATED, {"text": {"old": None, "new": measure.text}})
    return measure


def measure_set_status(*, actor: Actor, measure: Measure, status: str, reason: str = "") -> Measure:
    """Move a measure to not started, under way, done, or dropped (with the reason)."""
    with transaction.atomic():
        measure = Measure.objects.select_for_update().select_related("plan").get(pk=measure.pk)
        _require_active(measure.plan)
        if status not in MeasureStatus.values:
            raise ValidationError({"status": [MSG_UNKNOWN_STATUS]})
        reason = reason.strip()
        if status == MeasureStatus.DROPPED and not reason:
            raise ValidationError({"reason": [MSG_REASON_FOR_DROPPING]})
        before = {"status": measure.status, "status_reason": measure.status_reason}
        measure.status = status
        measure.status_reason = reason
        measure.save(update_fields=["status", "status_reason", "updated_at"])
        changes = changes_between(before, {"status": measure.status, "status_reason": measure.status_reason})
        if changes:
            _history(actor, measure, ChangeKind.STATUS, changes)
    return measure


def progress_note_add(*, actor: Actor, measure: Measure, written_on: dt.date, text: str) -> ProgressNote:
    with transaction.atomic():
        measure = Measure.objects.select_for_update().select_related("plan").get(pk=measure.pk)
        _require_active(measure.plan)
        errors = {}
        if written_on > timezone.localdate():
            errors["written_on"] = [MSG_NOTE_IN_FUTURE]
        if not text.strip():
            errors["text"] = [MSG_EMPTY]
        if errors:
            raise ValidationError(errors)
        note = ProgressNote.objects.create(
            measure=measure, written_on=written_on, text=text.strip(), author=actor.user
        )
        _history(actor, measure, ChangeKind.NOTE, {"note": {"old": None, "new": note.pk}})
    return note


def measure_link_add(*, actor: Actor, measure: Measure, title: str, url: str) -> MeasureLink:
    with transaction.atomic():
        measure = Measure.objects.select_for_update().select_related("plan").get(pk=measure.pk)
        _require_active(measure.plan)
        link = MeasureLink(measure=measure, title=title.strip(), url=url.strip(), added_by=actor.user)
        link.full_clean()
        link.save()
        _history(actor, measure, ChangeKind.LINK, {"link": {"old": None, "new": link.url}})
    return link


# ---------------------------------------------------------------------------- targets and figures
def _check_indicator(indicator_key: str, series: str, group: dict, value: Decimal, errors: dict):
    ind = registry.indicator(indicator_key)
    if ind is None:
        errors["indicator"] = [MSG_UNKNOWN_INDICATOR]
        return None
    if series and ind.dynamic_series is None and series not in {s.key for s in ind.series}:
        errors["series"] = [MSG_UNKNOWN_SERIES]
    if not Group.from_dict(group).used() <= set(ind.groups):
        errors["group"] = [MSG_GROUP_NOT_SUPPORTED]
    if ind.kind == Kind.SHARE and not (Decimal(0) <= value <= Decimal(100)):
        errors["value"] = [MSG_SHARE_RANGE]
    elif value < 0:
        errors["value"] = [MSG_NEGATIVE]
    return ind


def target_set(
    *,
    actor: Actor,
    goal: Goal,
    indicator: str,
    value: Decimal,
    by: dt.date,
    direction: str = "at_least",
    series: str = "",
    group: dict | None = None,
    source: str = "",
    target: Target | None = None,
) -> Target:
    """Link a goal to an indicator with the value to reach by a date (a new target, or a change)."""
    group = Group.from_dict(group).as_dict()
    with transaction.atomic():
        _require_active(goal.plan)
        errors: dict = {}
        _check_indicator(indicator, series, group, value, errors)
        if errors:
            raise ValidationError(errors)
        target = target or Target(goal=goal)
        for field, v in dict(
            indicator=indicator, value=value, by=by, direction=direction, series=series, group=group
        ).items():
            setattr(target, field, v)
        target.source = source.strip()
        target.set_by = actor.user
        target.save()
    return target


def target_delete(*, actor: Actor, target: Target) -> None:
    with transaction.atomic():
        _require_active(target.goal.plan)
        target.delete()


def figure_enter(
    *,
    actor: Actor,
    municipality: Municipality,
    indicator: str,
    year: int,
    value: Decimal,
    source: str,
    series: str = "",
    measured_on: dt.date | None = None,
    note: str = "",
    group: dict | None = None,
) -> EnteredFigure:
    """Enter a figure from another source, marked as entered; a newer entry replaces an older one."""
    group = Group.from_dict(group).as_dict()
    errors: dict = {}
    _check_indicator(indicator, series, group, value, errors)
    if not 1990 <= year <= timezone.localdate().year + 1:
        errors["year"] = [MSG_YEAR_RANGE]
    if not source.strip():
        errors["source"] = [MSG_EMPTY]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        return EnteredFigure.objects.create(
            municipality=municipality,
            indicator=indicator,
            series=series,
            year=year,
            value=value,
            source=source.strip(),
            measured_on=measured_on,
            note=note.strip(),
            group=group,
            entered_by=actor.user,
        )


# ---------------------------------------------------------------------------- reports
def report_for(*, plan: Plan, year: int) -> Report:
    report, _created = Report.objects.get_or_create(plan=plan, year=year)
    return report


def _require_draft(report: Report) -> None:
    if report.status != ReportStatus.DRAFT:
        raise ValidationError(MSG_REPORT_ISSUED, code="issued")


def report_update(*, actor: Actor, report: Report, summary: str) -> Report:
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report.pk)
        _require_draft(report)
        report.summary = summary.strip()
        report.save(update_fields=["summary", "updated_at"])
    return report


def report_text_set(*, actor: Actor, report: Report, sector: str, text: str) -> ReportText | None:
    """A sector's own text in the report; an empty text removes it."""
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report.pk)
        _require_draft(report)
        if sector not in Sector.values:
            raise ValidationError({"sector": [MSG_NOT_SECTOR]})
        if not text.strip():
            ReportText.objects.filter(report=report, sector=sector).delete()
            return None
        item, _created = ReportText.objects.update_or_create(
            report=report, sector=sector, defaults={"text": text.strip(), "updated_by": actor.user}
        )
    return item


def report_issue(*, actor: Actor, report: Report, snapshot: dict) -> Report:
    """Send the report to the council: its content is frozen as it is now and read from the snapshot."""
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report.pk)
        _require_draft(report)
        report.snapshot = snapshot
        report.status = ReportStatus.ISSUED
        report.issued_at = timezone.now()
        report.issued_by = actor.user
        report.save()
    return report
