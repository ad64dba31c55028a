"""The introduction programme in innsyn (case facts, assessment, decisions and the letters made of them,
plan, activities, ladder, leave, attendance month by month, benefit paid, the end), and its free text
removed when the programme section's retention has run out.

Anonymising empties what the case worker wrote (the assessment's texts, a decision's grounds, the plan's
content and duties, an activity's description, a leave's reason, the end's note). Decisions keep
their kind, dates, months, goal and amounts, and payments stay whole: the indicators and the economy
count them. A decision is otherwise never changed; retention is the one exception.
"""

from collections import Counter, defaultdict
from decimal import Decimal

from django.utils.translation import gettext as _

from lagrundt.access.sections import Section
from lagrundt.core.formats import date_label, month_label
from lagrundt.core.plugins import Anonymised, SubjectPart, SubjectRecord, SubjectRow

from .models import (
    Activity,
    Assessment,
    AttendanceDay,
    BenefitPayment,
    DayStatus,
    Decision,
    HolidayWeek,
    IntegrationPlan,
    LadderStep,
    Leave,
    LetterLanguage,
    ProgrammeCase,
    ProgrammeEnd,
)
from .profiles import profile_for
from .services.assessment import ASSESSMENT_FIELDS

CASE_SHOWN = (
    "permit_basis",
    "permit_granted_on",
    "settled_by_agreement",
    "nordic_or_eea",
    "claim_made_on",
    "lives_with_parent",
    "single_carer",
    "couple_without_children",
    "declined_on",
)
ASSESSMENT_SHOWN = ASSESSMENT_FIELDS
DECISION_SHOWN = (
    "decided_on",
    "starts_on",
    "ends_on",
    "months",
    "final_goal",
    "period",
    "grounds",
    "language",
)
PLAN_SHOWN = (
    "made_on",
    "final_goal",
    "norwegian_goal",
    "norwegian_hours",
    "civics_hours",
    "content",
    "participant_duties",
    "municipality_duties",
    "long_term_goals",
    "contract_signed_on",
    "language",
)
LEAVE_SHOWN = ("kind", "starts_on", "ends_on", "with_benefit", "reason")
END_SHOWN = ("ended_on", "reason", "status_at_end", "status_after_one_year", "status_checked_on", "note")

# What a case worker writes in words, per table: emptied when the section's retention runs out.
FREE_TEXT = (
    (
        Assessment,
        (
            "education_details",
            "work_experience",
            "skills",
            "health_limits",
            "career_guidance_by",
            "career_recommendation",
        ),
    ),
    (Decision, ("grounds",)),
    (IntegrationPlan, ("content", "participant_duties", "municipality_duties", "long_term_goals")),
    (Activity, ("description",)),
    (Leave, ("reason",)),
    (ProgrammeEnd, ("note",)),
)


def _name(user) -> str:
    return user.get_full_name() or user.get_username()


def subject_access(person, sections) -> list[SubjectPart]:
    if Section.PROGRAMME not in sections:
        return []
    records: list[SubjectRecord] = []
    phases = {p.key: p.name for p in profile_for(person.municipality.number).phases}
    case = ProgrammeCase.objects.filter(person=person).first()
    if case:
        records.append(SubjectRecord.of(_("Right and duty: the facts"), case, CASE_SHOWN))
    assessment = Assessment.objects.filter(person=person).first()
    if assessment:
        records.append(SubjectRecord.of(_("Assessment of competence"), assessment, ASSESSMENT_SHOWN))
    decisions = list(
        Decision.objects.filter(person=person).select_related("decided_by").order_by("decided_on", "pk")
    )
    for d in decisions:
        record = SubjectRecord.of(f"{d.get_kind_display()}, {date_label(d.decided_on)}", d, DECISION_SHOWN)
        extra = [SubjectRow(_("Decided by"), _name(d.decided_by))]
        if d.amount is not None:
            extra.append(SubjectRow(_("Amount"), d.amount, kroner=True))
        records.append(SubjectRecord(record.title, record.rows + tuple(extra)))
    plan = IntegrationPlan.objects.filter(person=person).first()
    letters = [
        SubjectRow(
            _("Letter %(reference)s") % {"reference": d.reference},
            f"{d.get_kind_display()}, {date_label(d.decided_on)}, {LetterLanguage(d.language).label}",
        )
        for d in decisions
    ]
    if plan:
        records.append(SubjectRecord.of(_("Integration plan and contract"), plan, PLAN_SHOWN))
        letters.append(
            SubjectRow(
                _("Integration plan and contract"),
                f"{date_label(plan.made_on)}, {LetterLanguage(plan.language).label}",
            )
        )
    if letters:
        records.append(SubjectRecord(_("Letters produced"), tuple(letters)))
    for a in Activity.objects.filter(person=person).order_by("starts_on", "pk"):
        rows = SubjectRecord.of(
            "", a, ("starts_on", "ends_on", "hours_per_week", "self_study", "description")
        ).rows
        phase = (SubjectRow(_("Phase"), phases[a.phase]),) if a.phase in phases else ()
        records.append(SubjectRecord(_("Activity: %(kind)s") % {"kind": a.get_kind_display()}, phase + rows))
    steps = tuple(
        SubjectRow(phases.get(s.phase, _("Phase")), s.entered_on)
        for s in LadderStep.objects.filter(person=person).order_by("entered_on", "pk")
    )
    if steps:
        records.append(SubjectRecord(_("Phases of the ladder, from"), steps))
    holidays = list(
        HolidayWeek.objects.filter(person=person).order_by("monday").values_list("monday", flat=True)
    )
    if holidays:
        records.append(SubjectRecord(_("Holiday weeks"), (SubjectRow(_("Weeks from"), holidays),)))
    for leave in Leave.objects.filter(person=person).order_by("starts_on", "pk"):
        records.append(SubjectRecord.of(_("Leave"), leave, LEAVE_SHOWN))
    records.extend(_attendance(person))
    payments = tuple(
        SubjectRow(month_label(p.month), p.amount, kroner=True)
        for p in BenefitPayment.objects.filter(person=person).order_by("month")
    )
    if payments:
        records.append(SubjectRecord(_("Benefit paid"), payments))
    end = ProgrammeEnd.objects.filter(person=person).first()
    if end:
        records.append(SubjectRecord.of(_("End of the programme"), end, END_SHOWN))
    return [SubjectPart(Section.PROGRAMME, tuple(records))]


def _attendance(person) -> list[SubjectRecord]:
    """Attendance month by month: days per kind, and hours of unexcused absence."""
    days: dict = defaultdict(Counter)
    hours: dict = defaultdict(Decimal)
    for day, status, unexcused in AttendanceDay.objects.filter(person=person).values_list(
        "day", "status", "unexcused_hours"
    ):
        month = day.replace(day=1)
        days[month][status] += 1
        hours[month] += unexcused or 0
    labels = dict(DayStatus.choices)
    records = []
    for month in sorted(days):
        rows = [SubjectRow(str(labels.get(status, "")), n) for status, n in sorted(days[month].items())]
        if hours[month]:
            rows.append(SubjectRow(_("Hours of unexcused absence"), hours[month]))
        records.append(SubjectRecord(_("Attendance, %(month)s") % {"month": month_label(month)}, tuple(rows)))
    return records


def anonymise(section, person_ids, dry_run) -> list[Anonymised]:
    if section != Section.PROGRAMME:
        return []
    ids = list(person_ids)
    return [
        Anonymised.emptied(model.objects.filter(person_id__in=ids), fields, dry_run=dry_run)
        for model, fields in FREE_TEXT
    ]
