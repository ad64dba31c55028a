"""How long a programme may last, and the checks of a decision or an extension against the limits."""

import datetime as dt
from dataclasses import dataclass

from lagrundt.core.dates import age_on
from lagrundt.routines.rules import Offset

from ..rulebook import RuleBook, RuleVersion
from .base import DAY, Finding, Problem


class Goal:
    WORK = "work"
    UPPER_SECONDARY = "upper_secondary"
    HIGHER_EDUCATION = "higher_education"
    PRIMARY_SCHOOL = "primary_school"
    OTHER = "other"


@dataclass(frozen=True)
class DurationLimits:
    min_months: int
    max_months: int
    extension_months: int
    max_total_months: int
    version: RuleVersion
    total_version: RuleVersion


def duration_rule_key(*, has_upper_secondary: bool, final_goal: str) -> str:
    if has_upper_secondary:
        return "duration.with_upper_secondary"
    if final_goal == Goal.UPPER_SECONDARY:
        return "duration.upper_secondary_goal"
    return "duration.other_goal"


def duration_limits(
    book: RuleBook, *, has_upper_secondary: bool, final_goal: str, on: dt.date
) -> DurationLimits:
    """How long a programme may last, by education background and final goal, on the decision's day."""
    version = book.version(
        duration_rule_key(has_upper_secondary=has_upper_secondary, final_goal=final_goal), on
    )
    total = book.version("duration.max_total", on)
    return DurationLimits(
        min_months=int(version.value["min_months"]),
        max_months=int(version.value["max_months"]),
        extension_months=int(version.value["extension_months"]),
        max_total_months=int(total.value["max_months"]),
        version=version,
        total_version=total,
    )


def check_programme(
    book: RuleBook,
    limits: DurationLimits,
    *,
    months: int,
    has_upper_secondary: bool,
    final_goal: str,
    birth_date: dt.date,
    start: dt.date,
) -> list[Finding]:
    findings = []
    if not limits.min_months <= months <= limits.max_months:
        findings.append(
            Finding(
                Problem.ERROR,
                "duration_out_of_range",
                {"months": months, "min": limits.min_months, "max": limits.max_months},
                "months",
            )
        )
    under = book.value("duration.under_25", start)
    if (
        not has_upper_secondary
        and age_on(birth_date, start) < int(under["age"])
        and final_goal != under["goal"]
    ):
        findings.append(Finding(Problem.WARNING, "under_25_goal", {"age": int(under["age"])}, "final_goal"))
    return findings


def check_extension(
    limits: DurationLimits, *, months: int, used_months: int, programme_months: int
) -> list[Finding]:
    findings = []
    if months <= 0:
        findings.append(Finding(Problem.ERROR, "extension_not_positive", {}, "months"))
    elif used_months + months > limits.extension_months:
        findings.append(
            Finding(
                Problem.ERROR,
                "extension_over_limit",
                {
                    "limit": limits.extension_months,
                    "used": used_months,
                    "left": max(0, limits.extension_months - used_months),
                },
                "months",
            )
        )
    elif programme_months + used_months + months > limits.max_total_months:
        findings.append(
            Finding(Problem.ERROR, "total_over_limit", {"limit": limits.max_total_months}, "months")
        )
    return findings


def programme_claim(claim_made_on: dt.date | None, settled_on: dt.date | None) -> dt.date | None:
    """The day the § 12 deadline for decision and start counts from: the claim, where one is recorded
    (family-reunified persons), otherwise the settlement."""
    return claim_made_on or settled_on


def programme_end(start: dt.date, months: int, *, extension_months: int = 0, leave_days: int = 0) -> dt.date:
    """The last day: the months and extensions from the start, then one day more per day of leave."""
    return Offset(months=months + extension_months).after(start) - DAY + dt.timedelta(days=leave_days)
