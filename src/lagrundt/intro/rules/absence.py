"""Absence: self-certified illness, a child's illness, and the limits that stop the benefit."""

import datetime as dt
from collections.abc import Mapping

from lagrundt.routines.rules import Offset, is_working_day

from ..rulebook import RuleBook
from .base import DAY, Finding, Problem


class Day:
    """What a participant did on a programme day, as registered each week."""

    PRESENT = "present"
    SELF_CERTIFIED = "self_certified"
    DOCTOR_CERTIFIED = "doctor_certified"
    CHILD_ILLNESS = "child_illness"
    WELFARE = "welfare"  # compelling welfare reasons, permitted
    LEAVE = "leave"
    HOLIDAY = "holiday"
    UNEXCUSED = "unexcused"
    PUBLIC_HOLIDAY = "public_holiday"


def twelve_months_before(day: dt.date) -> dt.date:
    """The first day of the twelve months that end on ``day``."""
    return Offset(years=-1).after(day) + DAY


def self_certified_runs(days: Mapping[dt.date, str]) -> list[list[dt.date]]:
    """Self-certified absence as certificates: runs of working days in a row, in order.

    A weekend or public holiday between two self-certified days does not break a run; any other
    registered day does.
    """
    runs: list[list[dt.date]] = []
    previous = None
    for day in sorted(d for d, s in days.items() if s == Day.SELF_CERTIFIED):
        if previous is not None:
            between = previous + DAY
            while between < day and (not is_working_day(between) or days.get(between) == Day.PUBLIC_HOLIDAY):
                between += DAY
            if between == day:
                runs[-1].append(day)
                previous = day
                continue
        runs.append([day])
        previous = day
    return runs


def child_illness_limit(book: RuleBook, on: dt.date, *, children: int, single_carer: bool) -> int:
    rule = book.value("absence.child_illness", on)
    if single_carer:
        return int(rule["single_carer_more_than_two" if children > 2 else "single_carer_days"])
    return int(rule["days_more_than_two_children" if children > 2 else "days"])


def check_absence(
    book: RuleBook,
    *,
    week: Mapping[dt.date, str],
    history: Mapping[dt.date, str],
    programme_start: dt.date,
    children: int,
    single_carer: bool,
) -> list[Finding]:
    """The limits a week's registration must keep, checked against the participant's other days.

    Self-certification only after 8 weeks in the programme, at most 3 days each and 4 in twelve
    months; child's illness 10 days in twelve months (15 with more than two children, 20 and 30 for
    a single carer); no child's illness without a child. Only days of ``week`` are reported.
    """
    findings: list[Finding] = []
    days = {**history, **week}
    self_rule = book.value("absence.self_certification", programme_start)
    eligible_from = programme_start + dt.timedelta(weeks=int(self_rule["after_weeks"]))
    for day, status in sorted(week.items()):
        if status == Day.SELF_CERTIFIED and day < eligible_from:
            findings.append(
                Finding(
                    Problem.ERROR,
                    "self_cert_too_early",
                    {"day": day, "weeks": int(self_rule["after_weeks"]), "from": eligible_from},
                    day.isoformat(),
                )
            )
    runs = self_certified_runs(days)
    for i, run in enumerate(runs):
        if not any(d in week for d in run):
            continue
        rule = book.value("absence.self_certification", run[0])
        max_days, max_count = int(rule["max_days"]), int(rule["max_per_12_months"])
        if len(run) > max_days:
            first_over = run[max_days]
            findings.append(
                Finding(
                    Problem.ERROR,
                    "self_cert_too_long",
                    {"day": first_over, "max": max_days},
                    first_over.isoformat(),
                )
            )
        window_start = twelve_months_before(run[0])
        count = sum(1 for other in runs[: i + 1] if other[0] >= window_start)
        if count > max_count:
            findings.append(
                Finding(
                    Problem.ERROR, "self_cert_too_many", {"day": run[0], "max": max_count}, run[0].isoformat()
                )
            )
    for day, status in sorted(week.items()):
        if status != Day.CHILD_ILLNESS:
            continue
        if children == 0:
            findings.append(Finding(Problem.ERROR, "child_illness_no_child", {"day": day}, day.isoformat()))
            continue
        limit = child_illness_limit(book, day, children=children, single_carer=single_carer)
        window_start = twelve_months_before(day)
        used = sum(1 for d, s in days.items() if s == Day.CHILD_ILLNESS and window_start <= d <= day)
        if used > limit:
            findings.append(
                Finding(
                    Problem.ERROR, "child_illness_over_limit", {"day": day, "limit": limit}, day.isoformat()
                )
            )
    return findings
