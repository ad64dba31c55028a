"""What the programme's services share: the section they write, their messages and two small steps."""

import datetime as dt

from django.utils.translation import gettext_lazy as _

from lagrundt.access.sections import Section

S = Section.PROGRAMME

MSG_FUTURE = _("The date cannot be in the future.")
MSG_DIAGNOSIS = _(
    "Write what the participant can and cannot do, not a diagnosis or a diagnosis code: "
    "diagnoses belong to health."
)
MSG_GUIDANCE_BEFORE_ASSESSMENT = _("Career guidance builds on the assessment: it cannot be before it.")
MSG_NO_ASSESSMENT = _("The assessment must be recorded before the decision (integreringsloven §§ 10, 12).")
MSG_ASSESSMENT_AFTER = _("The assessment (%(date)s) must be done before the decision.")
MSG_GUIDANCE_MISSING = _(
    "Career guidance should be given before the decision (integreringsloven § 11). "
    "Explain in the grounds why it was not."
)
MSG_OUTSIDE = _("The person is outside the programme's target group on the day of the decision: %(status)s.")
MSG_MAY_BE_OFFERED = _(
    "The person has no right to the programme; the municipality may offer it (§ 8 third paragraph)."
)
MSG_ALREADY = _("The person already has a programme. Make an extension or a stop instead.")
MSG_NO_PROGRAMME = _("The person has no programme to change.")
MSG_START_BEFORE_DECISION = _("The programme cannot start before the decision.")
MSG_LATE_START = _(
    "The programme starts after the deadline for its start, %(date)s: three months from settlement, or from "
    "the claim (integreringsloven § 12). Explain in the grounds why."
)
MSG_DURATION = _("The programme may last from %(min)s to %(max)s months for this background and final goal.")
MSG_UNDER_25 = _(
    "The participant is under %(age)s without upper secondary school: the final goal shall as a main rule be "
    "completed upper secondary school. Explain in the grounds why another goal is chosen."
)
MSG_EXTENSION_POSITIVE = _("An extension must be at least one month.")
MSG_EXTENSION_LIMIT = _("Extensions may be at most %(limit)s months in all; %(left)s left.")
MSG_TOTAL_LIMIT = _("The programme may last at most %(limit)s months with extensions.")
MSG_STOP_ORDER = _("The stop must end on or after the day it starts.")
MSG_STOP_LONG = _("A temporary stop may last at most %(months)s months (until %(date)s).")
MSG_OUTSIDE_PROGRAMME = _("The dates must be within the programme (%(start)s–%(end)s).")
MSG_MONTH_NEEDED = _("Choose the month of the deduction.")
MSG_CONFIRM = _("Confirm that the grounds explain why the decision is made anyway.")
MSG_PLAN_NEEDS_DECISION = _("Make the programme decision before the plan.")
MSG_PHASE = _("This phase is not in the municipality's ladder.")
MSG_ACTIVITY_ORDER = _("The activity must end on or after the day it starts.")
MSG_LEAVE_OVERLAP = _("The leave overlaps another leave (%(start)s–%(end)s).")
MSG_LEAVE_ORDER = _("The leave must end on or after the day it starts.")
MSG_NO_PROGRAMME_WEEK = _("The participant is not in the programme this week.")
MSG_HOURS_ONLY = _(
    "%(day)s: hours of unexcused absence only go with «present» (part of the day) or «unexcused»."
)
MSG_HOURS_MAX = _("%(day)s: at most %(hours)s hours of unexcused absence in a day.")
MSG_LEAVE_DAY = _("%(day)s: leave is registered as a leave period, not day by day.")
MSG_END_BEFORE_START = _("The programme cannot end before it started (%(date)s).")
MSG_ONE_YEAR = _("The status one year later can be checked from %(date)s.")
MSG_EXPORTED = _("This month was exported on %(date)s and is locked. Corrections go into the next month.")
MSG_NOT_ENDED = _("The month is not over: the benefit is paid in arrears.")
MSG_LATER_EXPORTED = _("A later month is already exported: months are exported in order.")
MSG_EARLIER_OPEN = _("Export %(month)s first: months are exported in order.")
MSG_NOTHING = _("No participant has benefit in this month.")
MSG_PROBLEMS = _("Fix this first: %(problems)s")


def _save(obj) -> None:
    obj.full_clean()
    obj.save()


def _not_future(errors: dict, field: str, value: dt.date | None, today: dt.date) -> None:
    if value and value > today:
        errors.setdefault(field, []).append(MSG_FUTURE)
