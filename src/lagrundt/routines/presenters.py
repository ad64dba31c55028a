"""Tasks as people read them: why a task exists, and where it stands. No database writes."""

import datetime as dt
from dataclasses import dataclass, replace

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from lagrundt.core.formats import date_label
from lagrundt.core.plugins import app_modules
from lagrundt.people.models import SettlementCategory

from .engine import Reason
from .models import Task, TaskStatus
from .rules import Offset, is_working_day

REASONS = {
    Reason.MOVED_OUT: _("The person moved out."),
    Reason.CONDITIONS: _("The facts changed, and the routine no longer applies."),
    Reason.ROUTINE_REMOVED: _("The routine was removed from the municipality's routines."),
    Reason.NOT_SETTLED: _("No settlement is recorded."),
    Reason.CASE_CLOSED: _("The settlement case was declined or withdrawn."),
}
FROM = {
    "settlement": _("the settlement date"),
    "programme_start": _("the start of the introduction programme"),
    "programme_claim": _("the settlement date, or the claim for the introduction programme if made later"),
    "birth": _("the birth date"),
    "calendar": _("the calendar"),
    "expected_arrival": _("the expected arrival"),
}


def describe_offset(offset: dict) -> str:
    """An offset in words, without its sign (see ``is_before``)."""
    o = Offset.of({unit: abs(int(value)) for unit, value in (offset or {}).items()})
    parts = []
    if o.years:
        parts.append(ngettext("%(n)d year", "%(n)d years", o.years) % {"n": o.years})
    if o.months:
        parts.append(ngettext("%(n)d month", "%(n)d months", o.months) % {"n": o.months})
    if o.weeks:
        parts.append(ngettext("%(n)d week", "%(n)d weeks", o.weeks) % {"n": o.weeks})
    if o.days:
        parts.append(ngettext("%(n)d day", "%(n)d days", o.days) % {"n": o.days})
    return ", ".join(parts) or str(_("the same day"))


def is_before(offset: dict) -> bool:
    """Whether a case routine's offset counts back from its date (a duty before arrival)."""
    return any(int(value) < 0 for value in (offset or {}).values())


@dataclass(frozen=True)
class Explanation:
    lines: list[str]
    source: str


def explain(task: Task) -> Explanation:
    """Which routine and which facts made the task, in sentences."""
    facts = task.facts or {}
    lines = []
    start = facts.get("from", "")
    if start.startswith("task:"):
        what = str(_("the day the task it follows was done"))
    else:
        what = str(FROM.get(start, start))
    if start == "calendar":
        lines.append(
            str(_("A yearly duty of the unit, on %(date)s.")) % {"date": date_label(task.counts_from)}
        )
    elif is_before(facts.get("offset", {})):
        lines.append(
            str(_("Due %(offset)s before %(what)s, %(date)s."))
            % {
                "what": what,
                "date": date_label(task.counts_from),
                "offset": describe_offset(facts.get("offset", {})),
            }
        )
    else:
        lines.append(
            str(_("Counts from %(what)s, %(date)s, plus %(offset)s."))
            % {
                "what": what,
                "date": date_label(task.counts_from),
                "offset": describe_offset(facts.get("offset", {})),
            }
        )
    raw = Offset.of(facts.get("offset")).after(task.counts_from) if start != "calendar" else task.counts_from
    if raw != task.computed_due_on and not is_working_day(raw):
        message = (
            _("%(raw)s is not a working day, so the deadline is the next working day, %(due)s.")
            if task.computed_due_on > raw
            else _("%(raw)s is not a working day, and the limit must not be passed: the deadline is %(due)s.")
        )
        lines.append(str(message) % {"raw": date_label(raw), "due": date_label(task.computed_due_on)})
    if "age" in facts:
        lines.append(str(_("Age on that date: %(age)s.")) % {"age": facts["age"]})
    if "category" in facts:
        label = dict(SettlementCategory.choices).get(facts["category"], facts["category"])
        lines.append(str(_("Settled as: %(category)s.")) % {"category": label})
    if "came_directly" in facts:
        lines.append(
            str(_("Settled directly, not from a reception centre."))
            if facts["came_directly"]
            else str(_("Came from a reception centre."))
        )
    if "has_children_aged" in facts:
        lines.append(
            str(_("Ages of the household's members on that date: %(ages)s."))
            % {"ages": ", ".join(str(a) for a in facts["has_children_aged"])}
        )
    if (task.routine.spec or {}).get("assumed"):
        lines.append(
            str(_("The plan gives no number of days: this deadline is the municipality's own default."))
        )
    if task.is_postponed:
        lines.append(
            str(_("Postponed from %(old)s to %(new)s: %(reason)s"))
            % {"old": date_label(task.computed_due_on), "new": date_label(task.due_on), "reason": task.reason}
        )
    if task.status == TaskStatus.NO_LONGER_APPLIES:
        lines.append(str(REASONS.get(task.reason, task.reason)))
    return Explanation(lines=lines, source=task.routine.source)


@dataclass(frozen=True)
class TimelineRow:
    task: Task
    state: str  # done, not_applicable, no_longer_applies, overdue, soon, later
    label: str


def task_state(task: Task, today: dt.date) -> str:
    if task.status != TaskStatus.OPEN:
        return task.status
    if task.due_on < today:
        return "overdue"
    if (task.due_on - today).days <= 14:
        return "soon"
    return "later"


STATE_LABELS = {
    "done": _("Done"),
    "not_applicable": _("Not applicable"),
    "no_longer_applies": _("No longer applies"),
    "overdue": _("Overdue"),
    "soon": _("Due soon"),
    "later": _("Later"),
}


def timeline_rows(tasks: list[Task], today: dt.date) -> list[TimelineRow]:
    return [TimelineRow(t, s, str(STATE_LABELS[s])) for t in tasks for s in [task_state(t, today)]]


def name_case_subjects(user, tasks) -> None:
    """Give each task of a settlement case its ``case_subject`` (``core.plugins.TaskSubject``), as the
    app that keeps cases names it; other tasks get None. The register's tasks name their person.
    The link to the case is kept only for who may open cases (the integration service)."""
    from lagrundt.access.resources import SETTLEMENT_CASES, VIEW

    tasks = list(tasks)
    opens_cases = SETTLEMENT_CASES.user_has_permission(user, VIEW)
    subjects = sorted({t.subject for t in tasks if t.subject.startswith("c:")})
    named: dict = {}
    if subjects:
        for module in app_modules("routine_cases"):
            named.update(module.describe(subjects))
    for task in tasks:
        subject = named.get(task.subject)
        if subject is not None and not opens_cases:
            subject = replace(subject, url="")
        task.case_subject = subject
