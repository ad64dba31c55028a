"""Tasks as people read them: why a task exists, and where it stands. No database writes."""

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from lagrundt.core.formats import date_label
from lagrundt.people.models import SettlementCategory

from .engine import Reason
from .models import Task, TaskStatus
from .rules import Offset, is_working_day

REASONS = {
    Reason.MOVED_OUT: _("The person moved out."),
    Reason.CONDITIONS: _("The facts changed, and the routine no longer applies."),
    Reason.ROUTINE_REMOVED: _("The routine was removed from the municipality's routines."),
    Reason.NOT_SETTLED: _("No settlement is recorded."),
}
FROM = {
    "settlement": _("the settlement date"),
    "programme_start": _("the start of the introduction programme"),
    "programme_claim": _("the settlement date, or the claim for the introduction programme if made later"),
    "birth": _("the birth date"),
    "calendar": _("the calendar"),
}


def describe_offset(offset: dict) -> str:
    o = Offset.of(offset)
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
