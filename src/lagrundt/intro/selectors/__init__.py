"""Reads of the introduction programme. Lists start from ``policy.visible_to(user, section=PROGRAMME)``;
one person's records are read in bulk (a fixed number of queries however many rows they have).

The programme indicators for the action plans are here too (``programme_indicators``); their
signature is documented in docs/intro.md.

One module per subject; callers import from the package (``from lagrundt.intro import selectors``).
"""

from .attendance import (
    MonthRow,
    attendance_of,
    attendance_week,
    benefit_months,
    months_between,
    needs_registration,
    unexcused_hours,
    unregistered_days,
)
from .base import (
    PERSON_RELATED,
    S,
)
from .decisions import (
    decision_kinds,
    duration_limits_by_goal,
)
from .indicators import (
    IndicatorRow,
    programme_indicators,
)
from .lists import (
    ListRow,
    View,
    list_rows,
    participant_search,
)
from .participant import (
    AbsenceSummary,
    ParticipantPage,
    WeekRow,
    absence_summary,
    participant_page,
    week_rows,
)
from .payroll import (
    Payroll,
    PayrollLine,
    exported_payments,
    payroll,
    payroll_export,
    payroll_exports,
    payroll_months,
    payroll_persons,
)
from .records import (
    Record,
    load_records,
    record_for,
)
from .rules_in_force import (
    USED_ON_PAGES,
    base_amounts,
    rulebook,
    rules_in_force,
    uncertain_rules,
)

__all__ = [
    "PERSON_RELATED",
    "USED_ON_PAGES",
    "AbsenceSummary",
    "IndicatorRow",
    "ListRow",
    "MonthRow",
    "ParticipantPage",
    "Payroll",
    "PayrollLine",
    "Record",
    "S",
    "View",
    "WeekRow",
    "absence_summary",
    "attendance_of",
    "attendance_week",
    "base_amounts",
    "benefit_months",
    "decision_kinds",
    "duration_limits_by_goal",
    "exported_payments",
    "list_rows",
    "load_records",
    "months_between",
    "needs_registration",
    "participant_page",
    "participant_search",
    "payroll",
    "payroll_export",
    "payroll_exports",
    "payroll_months",
    "payroll_persons",
    "programme_indicators",
    "record_for",
    "rulebook",
    "rules_in_force",
    "uncertain_rules",
    "unexcused_hours",
    "unregistered_days",
    "week_rows",
]
