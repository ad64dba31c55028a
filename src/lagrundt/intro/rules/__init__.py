"""Pure rules of the introduction programme, one module per subject: who has right and duty, how
long a programme may last, full time, absence limits, the benefit and the programme's days. No
database access and no clock: facts and a ``RuleBook`` (the law as dated data, see ``rulebook.py``)
in, answers out.

Money is exact: amounts are ``Fraction``s of kroner while they are computed and become ``Decimal``
kroner only when rounded, by the rounding rule in the rule book.

Callers import from the package (``from lagrundt.intro import rules``); the modules are its chapters.
"""

# The calendar the rules count in (months and working days), as the rules' callers know it.
from lagrundt.routines.rules import Offset, is_working_day

from .absence import (
    Day,
    check_absence,
    child_illness_limit,
    self_certified_runs,
    twelve_months_before,
)
from .base import (
    DAY,
    Finding,
    Problem,
)
from .benefit import (
    Beneficiary,
    Payment,
    PeriodBenefit,
    Segment,
    pay_period,
    period_benefit,
    schedule,
    to_kroner,
    yearly_benefit,
)
from .durations import (
    DurationLimits,
    Goal,
    check_extension,
    check_programme,
    duration_limits,
    duration_rule_key,
    programme_claim,
    programme_end,
)
from .eligibility import (
    BASIS_OF_CATEGORY,
    Basis,
    Eligibility,
    EligibilityFacts,
    Reason,
    Status,
    eligibility,
)
from .health import looks_like_diagnosis
from .load import (
    HolidayYear,
    PlannedActivity,
    WeekLoad,
    holiday_years,
    monday_of,
    week_loads,
)
from .timeline import Timeline

__all__ = [
    "BASIS_OF_CATEGORY",
    "DAY",
    "Basis",
    "Beneficiary",
    "Day",
    "DurationLimits",
    "Eligibility",
    "EligibilityFacts",
    "Finding",
    "Goal",
    "HolidayYear",
    "Offset",
    "Payment",
    "PeriodBenefit",
    "PlannedActivity",
    "Problem",
    "Reason",
    "Segment",
    "Status",
    "Timeline",
    "WeekLoad",
    "check_absence",
    "check_extension",
    "check_programme",
    "child_illness_limit",
    "duration_limits",
    "duration_rule_key",
    "eligibility",
    "holiday_years",
    "is_working_day",
    "looks_like_diagnosis",
    "monday_of",
    "pay_period",
    "period_benefit",
    "programme_claim",
    "programme_end",
    "schedule",
    "self_certified_runs",
    "to_kroner",
    "twelve_months_before",
    "week_loads",
    "yearly_benefit",
]
