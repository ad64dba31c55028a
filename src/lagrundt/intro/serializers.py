"""API representations of the introduction programme.

A participant is read from its programme record (``selectors.load_records``), as the participant list
and page read it: the status of the right, the programme's days, the phase, the weekly hours of the
plan's activities, and a summary of each decision (never its grounds). The views decide who reads and
writes (``access.policy``); the serializers only shape and check what is sent.
"""

import datetime as dt
from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from lagrundt.core.forms import validate_day

from . import presenters, rules
from .models import DayStatus, DecisionKind, FinalGoal, NorwegianLevel, ProgrammeCase
from .rulebook import RuleBook, RuleMissing
from .selectors import Record, absence_summary, attendance_of
from .services import CASE_FIELDS


class DecisionSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField(help_text=_("The decision's reference in its letter."))
    kind = serializers.ChoiceField(choices=DecisionKind.choices)
    kind_label = serializers.CharField()
    decided_on = serializers.DateField()
    starts_on = serializers.DateField(allow_null=True)
    ends_on = serializers.DateField(allow_null=True)
    months = serializers.IntegerField(allow_null=True)
    final_goal = serializers.CharField(allow_blank=True)
    final_goal_label = serializers.CharField(allow_blank=True)


class PlanSummarySerializer(serializers.Serializer):
    made_on = serializers.DateField()
    final_goal = serializers.ChoiceField(choices=FinalGoal.choices)
    final_goal_label = serializers.CharField()
    norwegian_goal = serializers.ChoiceField(choices=NorwegianLevel.choices)
    contract_signed_on = serializers.DateField(allow_null=True)


class ParticipantSerializer(serializers.Serializer):
    """A person's programme: read only (changes go through the case and the attendance)."""

    id = serializers.IntegerField(help_text=_("The person's id."))
    family_name = serializers.CharField()
    given_name = serializers.CharField()
    municipality = serializers.IntegerField()
    status = serializers.CharField(
        allow_blank=True, help_text=_("The right to the programme on the day of the decision, or today.")
    )
    status_label = serializers.CharField(allow_blank=True)
    starts_on = serializers.DateField(allow_null=True)
    last_day = serializers.DateField(
        allow_null=True, help_text=_("The programme's last day, with extensions.")
    )
    phase = serializers.CharField(allow_blank=True)
    hours_per_week = serializers.DecimalField(
        max_digits=5, decimal_places=1, help_text=_("The plan's activities running today, in hours a week.")
    )
    ended_on = serializers.DateField(allow_null=True)
    end_reason = serializers.CharField(allow_blank=True)
    end_reason_label = serializers.CharField(allow_blank=True)
    decisions = DecisionSummarySerializer(many=True)
    plan = PlanSummarySerializer(allow_null=True)


def participant_data(record: Record, book: RuleBook, today: dt.date) -> dict:
    """What ``ParticipantSerializer`` shows of a record."""
    person = record.person
    timeline = record.timeline
    try:
        eligibility = record.eligibility(book, record.programme.decided_on if record.programme else today)
    except RuleMissing:  # a day before integreringsloven: no status to show
        eligibility = None
    phase = ""
    if record.steps:
        found = record.profile.phase(record.steps[-1].phase)
        phase = found.name if found else record.steps[-1].phase
    hours = sum(
        (
            a.hours_per_week
            for a in record.activities
            if a.starts_on <= today and (a.ends_on or today) >= today
        ),
        Decimal(0),
    )
    plan = record.plan
    end = record.end
    return {
        "id": person.pk,
        "family_name": person.family_name,
        "given_name": person.given_name,
        "municipality": person.municipality_id,
        "status": eligibility.status if eligibility else "",
        "status_label": presenters.status_label(eligibility.status) if eligibility else "",
        "starts_on": timeline.start,
        "last_day": timeline.last_day,
        "phase": phase,
        "hours_per_week": hours,
        "ended_on": end.ended_on if end else None,
        "end_reason": end.reason if end else "",
        "end_reason_label": end.get_reason_display() if end else "",
        "decisions": [
            {
                "id": d.pk,
                "reference": d.reference,
                "kind": d.kind,
                "kind_label": d.get_kind_display(),
                "decided_on": d.decided_on,
                "starts_on": d.starts_on,
                "ends_on": d.ends_on,
                "months": d.months,
                "final_goal": d.final_goal,
                "final_goal_label": d.get_final_goal_display() if d.final_goal else "",
            }
            for d in record.decisions
        ],
        "plan": {
            "made_on": plan.made_on,
            "final_goal": plan.final_goal,
            "final_goal_label": plan.get_final_goal_display(),
            "norwegian_goal": plan.norwegian_goal,
            "contract_signed_on": plan.contract_signed_on,
        }
        if plan
        else None,
    }


class ProgrammeCaseSerializer(serializers.ModelSerializer):
    """What the right rests on beyond the register; written through ``services.case_save``."""

    permit_basis_label = serializers.CharField(source="get_permit_basis_display", read_only=True)

    class Meta:
        model = ProgrammeCase
        fields = ("id", "person", *CASE_FIELDS, "permit_basis_label", "updated_at")
        read_only_fields = ("id", "person", "updated_at")
        # A day within the calendar the pages take, so that the deadlines counted from it stay in it.
        extra_kwargs = {
            name: {"validators": [validate_day]}
            for name in ("permit_granted_on", "claim_made_on", "declined_on")
        }


# ---------------------------------------------------------------------------- attendance
class AttendanceDaySerializer(serializers.Serializer):
    day = serializers.DateField()
    fixed = serializers.CharField(
        allow_null=True, help_text=_("The status the day has by rule (a public holiday, leave), or null.")
    )
    registrable = serializers.BooleanField(help_text=_("Attendance is to be registered for this day now."))
    status = serializers.CharField(allow_null=True, help_text=_("What is registered, or null."))
    status_label = serializers.CharField(allow_blank=True)
    unexcused_hours = serializers.DecimalField(max_digits=3, decimal_places=1, allow_null=True)


class AbsenceSerializer(serializers.Serializer):
    """The absence counted against the limits in the twelve months before today, as the page shows it."""

    self_certifications = serializers.IntegerField()
    self_certification_limit = serializers.IntegerField()
    self_certification_from = serializers.DateField(allow_null=True)
    child_days = serializers.IntegerField()
    child_day_limit = serializers.IntegerField()
    children = serializers.IntegerField()
    single_carer = serializers.BooleanField()
    single_carer_assumed = serializers.BooleanField()


class AttendanceWeekSerializer(serializers.Serializer):
    person = serializers.IntegerField()
    week = serializers.DateField(help_text=_("The Monday of the week."))
    days = AttendanceDaySerializer(many=True)
    absence = AbsenceSerializer(allow_null=True, help_text=_("Null before the programme has started."))


def absence_data(record: Record, book: RuleBook, today: dt.date) -> dict | None:
    """What ``AbsenceSerializer`` shows: the absence of the twelve months before today."""
    if record.timeline.start is None:
        return None
    first = rules.twelve_months_before(today) - dt.timedelta(days=31)
    days = attendance_of([record.person.pk], first, today).get(record.person.pk, {})
    try:
        summary = absence_summary(book, record, days, today)
    except RuleMissing:
        return None
    return vars(summary) if summary else None


def week_data(person_id: int, monday: dt.date, days, absence: dict | None = None) -> dict:
    """What ``AttendanceWeekSerializer`` shows of ``selectors.attendance_week``."""
    labels = dict(DayStatus.choices)
    rows = []
    for wd in days:
        status = wd.row.status if wd.row else (wd.fixed or None)
        rows.append(
            {
                "day": wd.day,
                "fixed": wd.fixed,
                "registrable": wd.open,
                "status": status,
                "status_label": str(labels.get(status, "")) if status else "",
                "unexcused_hours": wd.row.unexcused_hours if wd.row else None,
            }
        )
    return {"person": person_id, "week": monday, "days": rows, "absence": absence}


class AttendanceEntrySerializer(serializers.Serializer):
    day = serializers.DateField(validators=[validate_day])
    status = serializers.ChoiceField(choices=DayStatus.choices)
    unexcused_hours = serializers.DecimalField(
        max_digits=3, decimal_places=1, min_value=Decimal(0), max_value=Decimal(24), required=False, default=0
    )


class AttendanceRegisterSerializer(serializers.Serializer):
    """A week's attendance as the attendance page sends it: a status per programme day that has come."""

    week = serializers.DateField(
        validators=[validate_day], help_text=_("Any day of the week; the week starts on its Monday.")
    )
    days = AttendanceEntrySerializer(many=True, max_length=7)

    def validate(self, attrs):
        days = [entry["day"] for entry in attrs["days"]]
        if len(days) != len(set(days)):
            raise serializers.ValidationError({"days": [_("Give each day once.")]})
        monday = attrs["week"] - dt.timedelta(days=attrs["week"].weekday())
        if any(not 0 <= (day - monday).days < 7 for day in days):
            raise serializers.ValidationError({"days": [_("Every day must be in the week.")]})
        return attrs
