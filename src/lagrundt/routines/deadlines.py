"""A duty's deadline wherever it is shown: the routine's own offset and working-day rule.

The task list shows a routine's tasks with the due dates the engine computed. Another page that
shows the same duty (the programme page's "decision due", the participant list) asks here, so that
both come from ``rules.due_date`` with the same start, offset and working-day rule, and cannot
differ. The routine is the municipality's own (its profile may change a baseline routine); a
municipality whose routines are not loaded yet uses the baseline file's.
"""

import datetime as dt
from dataclasses import dataclass
from functools import cache

from . import rules
from .models import Routine
from .profiles import BASELINE, builtin_routine_files, load_routine_file

# The introduction programme's deadline for decision and start (integreringsloven § 12).
PROGRAMME_START = "national.intro.start"


@dataclass(frozen=True)
class DeadlineRule:
    """When a routine's first task is due: ``offset`` after its start, moved by ``working_day``."""

    offset: rules.Offset
    working_day: bool | str

    @classmethod
    def of(cls, spec: dict) -> "DeadlineRule":
        first = spec["at"][0] if "at" in spec else spec.get("offset")
        return cls(rules.Offset.of(first), spec.get("working_day", True))

    def due(self, start: dt.date) -> dt.date:
        return rules.due_date(start, self.offset, working_day=self.working_day)


@cache
def _baseline_specs() -> dict[str, dict]:
    return {
        routine.key: routine.spec
        for path in builtin_routine_files()
        for routine in load_routine_file(path).routines
        if routine.profile == BASELINE
    }


def deadline_rules(key: str, municipality_ids) -> dict[int, DeadlineRule | None]:
    """Per municipality, the rule of its routine ``key`` (None where the municipality turned it off)."""
    ids = set(municipality_ids)
    stored = {
        m: (spec if active else None)
        for m, spec, active in Routine.objects.filter(municipality_id__in=sorted(ids), key=key).values_list(
            "municipality_id", "spec", "active"
        )
    }
    loaded = set(
        Routine.objects.filter(municipality_id__in=sorted(ids)).values_list("municipality_id", flat=True)
    )
    baseline = _baseline_specs().get(key)
    found: dict[int, DeadlineRule | None] = {}
    for m in ids:
        spec = stored.get(m) if m in loaded else baseline
        found[m] = DeadlineRule.of(spec) if spec else None
    return found


def due_on(key: str, municipality_id: int, start: dt.date | None) -> dt.date | None:
    """The deadline of routine ``key`` in a municipality for a duty counted from ``start``."""
    if start is None:
        return None
    rule = deadline_rules(key, [municipality_id])[municipality_id]
    return rule.due(start) if rule else None
