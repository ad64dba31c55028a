"""Changes to the introduction programme. Each function is one transaction and writes its own audit
entries (section "programme", old and new values); callers were allowed by
``policy.access_person(..., section=PROGRAMME, write=True)``.

Facts the routine engine reads (whether a person is a participant, the programme's start) change
here: those services tell it through ``people.signals.changed`` inside their transaction.

One module per subject; callers import from the package (``from lagrundt.intro import services``).
"""

from .assessment import (
    ASSESSMENT_FIELDS,
    assessment_save,
)
from .attendance import (
    attendance_register,
    week_days,
)
from .base import (
    MSG_ACTIVITY_ORDER,
    MSG_ALREADY,
    MSG_ASSESSMENT_AFTER,
    MSG_CONFIRM,
    MSG_DIAGNOSIS,
    MSG_DURATION,
    MSG_EARLIER_OPEN,
    MSG_END_BEFORE_START,
    MSG_EXPORTED,
    MSG_EXTENSION_LIMIT,
    MSG_EXTENSION_POSITIVE,
    MSG_FUTURE,
    MSG_GUIDANCE_BEFORE_ASSESSMENT,
    MSG_GUIDANCE_MISSING,
    MSG_HOURS_MAX,
    MSG_HOURS_ONLY,
    MSG_LATE_START,
    MSG_LATER_EXPORTED,
    MSG_LEAVE_DAY,
    MSG_LEAVE_ORDER,
    MSG_LEAVE_OVERLAP,
    MSG_MAY_BE_OFFERED,
    MSG_MONTH_NEEDED,
    MSG_NO_ASSESSMENT,
    MSG_NO_PROGRAMME,
    MSG_NO_PROGRAMME_WEEK,
    MSG_NOT_ENDED,
    MSG_NOTHING,
    MSG_ONE_YEAR,
    MSG_OUTSIDE,
    MSG_OUTSIDE_PROGRAMME,
    MSG_PHASE,
    MSG_PLAN_NEEDS_DECISION,
    MSG_PROBLEMS,
    MSG_START_BEFORE_DECISION,
    MSG_STOP_LONG,
    MSG_STOP_ORDER,
    MSG_TOTAL_LIMIT,
    MSG_UNDER_25,
    S,
)
from .case import (
    CASE_FIELDS,
    case_save,
)
from .decisions import (
    DECISION_FIELDS,
    DecisionCheck,
    NeedsConfirmation,
    decision_make,
)
from .end import (
    END_FIELDS,
    programme_end_save,
)
from .payroll import payroll_export
from .plan import (
    ACTIVITY_FIELDS,
    LEAVE_FIELDS,
    PLAN_FIELDS,
    activity_add,
    activity_end,
    holiday_week_set,
    ladder_step_save,
    leave_add,
    plan_save,
)

# The former names, for the pages and the demo data that still call them.
case_record = case_save
assessment_record = assessment_save
plan_record = plan_save
ladder_step_record = ladder_step_save
programme_end_record = programme_end_save

__all__ = [
    "ACTIVITY_FIELDS",
    "ASSESSMENT_FIELDS",
    "CASE_FIELDS",
    "DECISION_FIELDS",
    "END_FIELDS",
    "LEAVE_FIELDS",
    "MSG_ACTIVITY_ORDER",
    "MSG_ALREADY",
    "MSG_ASSESSMENT_AFTER",
    "MSG_CONFIRM",
    "MSG_DIAGNOSIS",
    "MSG_DURATION",
    "MSG_EARLIER_OPEN",
    "MSG_END_BEFORE_START",
    "MSG_EXPORTED",
    "MSG_EXTENSION_LIMIT",
    "MSG_EXTENSION_POSITIVE",
    "MSG_FUTURE",
    "MSG_GUIDANCE_BEFORE_ASSESSMENT",
    "MSG_GUIDANCE_MISSING",
    "MSG_HOURS_MAX",
    "MSG_HOURS_ONLY",
    "MSG_LATER_EXPORTED",
    "MSG_LATE_START",
    "MSG_LEAVE_DAY",
    "MSG_LEAVE_ORDER",
    "MSG_LEAVE_OVERLAP",
    "MSG_MAY_BE_OFFERED",
    "MSG_MONTH_NEEDED",
    "MSG_NOTHING",
    "MSG_NOT_ENDED",
    "MSG_NO_ASSESSMENT",
    "MSG_NO_PROGRAMME",
    "MSG_NO_PROGRAMME_WEEK",
    "MSG_ONE_YEAR",
    "MSG_OUTSIDE",
    "MSG_OUTSIDE_PROGRAMME",
    "MSG_PHASE",
    "MSG_PLAN_NEEDS_DECISION",
    "MSG_PROBLEMS",
    "MSG_START_BEFORE_DECISION",
    "MSG_STOP_LONG",
    "MSG_STOP_ORDER",
    "MSG_TOTAL_LIMIT",
    "MSG_UNDER_25",
    "PLAN_FIELDS",
    "DecisionCheck",
    "NeedsConfirmation",
    "S",
    "activity_add",
    "activity_end",
    "assessment_record",
    "assessment_save",
    "attendance_register",
    "case_record",
    "case_save",
    "decision_make",
    "holiday_week_set",
    "ladder_step_record",
    "ladder_step_save",
    "leave_add",
    "payroll_export",
    "plan_record",
    "plan_save",
    "programme_end_record",
    "programme_end_save",
    "week_days",
]
