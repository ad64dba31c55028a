"""Forms of the introduction programme. The rules are in ``services`` and ``rules``; forms show them."""

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lagrundt.core.forms import validate_day

from .models import (
    Activity,
    ActivityKind,
    Assessment,
    DayStatus,
    Decision,
    DecisionKind,
    FinalGoal,
    IntegrationPlan,
    Leave,
    LetterLanguage,
    Outcome,
    ProgrammeCase,
    ProgrammeEnd,
)
from .services import ASSESSMENT_FIELDS, CASE_FIELDS, END_FIELDS, LEAVE_FIELDS, PLAN_FIELDS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MONTH = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")


def _optional_bool(label, help_text="", unknown=None):
    return forms.TypedChoiceField(
        label=label,
        help_text=help_text,
        choices=[
            ("", unknown or _("Not recorded: read from the register")),
            ("yes", _("Yes")),
            ("no", _("No")),
        ],
        coerce=lambda v: {"yes": True, "no": False}.get(v),
        empty_value=None,
        required=False,
    )


class CaseForm(forms.ModelForm):
    settled_by_agreement = _optional_bool(
        _("Settled by agreement with IMDi"), unknown=_("Not recorded: refugees are settled by agreement")
    )
    lives_with_parent = _optional_bool(
        _("Lives with one or both parents"), _("Counts for the benefit of participants under 25.")
    )
    single_carer = _optional_bool(
        _("Single carer"), _("Counts for the days of absence for a child's illness.")
    )

    class Meta:
        model = ProgrammeCase
        fields = CASE_FIELDS
        widgets = {"permit_granted_on": DATE, "claim_made_on": DATE, "declined_on": DATE}
        help_texts = {
            "permit_basis": _("Empty: read from the settlement category."),
            "permit_granted_on": _(
                "The age on this day decides the right (§ 8). Empty: the settlement date is used."
            ),
            "claim_made_on": _("For family-reunified persons: the deadlines run from the claim."),
            "declined_on": _("Only for those with a right but no duty."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("settled_by_agreement", "lives_with_parent", "single_carer"):
            value = getattr(self.instance, name)
            self.initial[name] = {True: "yes", False: "no"}.get(value, "")


class AssessmentForm(forms.ModelForm):
    class Meta:
        model = Assessment
        fields = ASSESSMENT_FIELDS
        widgets = {
            "assessed_on": DATE,
            "career_guidance_on": DATE,
            "education_details": forms.Textarea(attrs={"rows": 3}),
            "work_experience": forms.Textarea(attrs={"rows": 3}),
            "skills": forms.Textarea(attrs={"rows": 3}),
            "health_limits": forms.Textarea(attrs={"rows": 3}),
            "career_recommendation": forms.Textarea(attrs={"rows": 3}),
        }


KIND_FIELDS = {
    DecisionKind.PROGRAMME: ("decided_on", "starts_on", "months", "final_goal", "language", "grounds"),
    DecisionKind.REFUSAL: ("decided_on", "language", "grounds"),
    DecisionKind.EXTENSION: ("decided_on", "months", "language", "grounds"),
    DecisionKind.STOP_TEMPORARY: ("decided_on", "starts_on", "ends_on", "language", "grounds"),
    DecisionKind.STOP_PERMANENT: ("decided_on", "starts_on", "language", "grounds"),
    DecisionKind.DEDUCTION: ("decided_on", "period", "language", "grounds"),
}


class DecisionForm(forms.ModelForm):
    confirmed = forms.BooleanField(
        label=_("Make the decision anyway: the grounds explain why"),
        required=False,
    )

    class Meta:
        model = Decision
        fields = (
            "decided_on",
            "starts_on",
            "ends_on",
            "months",
            "final_goal",
            "period",
            "language",
            "grounds",
        )
        widgets = {
            "decided_on": DATE,
            "starts_on": DATE,
            "ends_on": DATE,
            "period": MONTH,
            "grounds": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, kind: str, needs_confirmation: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        keep = KIND_FIELDS[kind]
        for name in list(self.fields):
            if name not in keep and name != "confirmed":
                del self.fields[name]
        if not needs_confirmation:
            del self.fields["confirmed"]
        labels = {
            DecisionKind.EXTENSION: {"months": _("Extension in months")},
            DecisionKind.STOP_TEMPORARY: {
                "starts_on": _("Stopped from"),
                "ends_on": _("Stopped until (last day)"),
            },
            DecisionKind.STOP_PERMANENT: {"starts_on": _("Stopped from")},
        }.get(kind, {"starts_on": _("Start date"), "months": _("Length in months")})
        for name, label in labels.items():
            if name in self.fields:
                self.fields[name].label = label
        for name in (
            "decided_on",
            "grounds",
            "language",
            "starts_on",
            "months",
            "final_goal",
            "ends_on",
            "period",
        ):
            if name in self.fields:
                self.fields[name].required = name not in ("ends_on",) or kind == DecisionKind.STOP_TEMPORARY
        if "period" in self.fields:
            self.fields["period"].input_formats = ["%Y-%m", "%Y-%m-%d"]
        self.fields["decided_on"].initial = timezone.localdate

    def _post_clean(self):
        # The service validates the decision as a whole (it needs the register); skip the model's clean.
        pass


class PlanForm(forms.ModelForm):
    class Meta:
        model = IntegrationPlan
        fields = PLAN_FIELDS
        widgets = {
            "made_on": DATE,
            "contract_signed_on": DATE,
            "content": forms.Textarea(attrs={"rows": 5}),
            "participant_duties": forms.Textarea(attrs={"rows": 3}),
            "municipality_duties": forms.Textarea(attrs={"rows": 3}),
            "long_term_goals": forms.Textarea(attrs={"rows": 3}),
        }


class ActivityForm(forms.ModelForm):
    class Meta:
        model = Activity
        fields = ("kind", "description", "phase", "starts_on", "ends_on", "hours_per_week", "self_study")
        widgets = {"starts_on": DATE, "ends_on": DATE}
        help_texts = {"self_study": _("Full time is then 30 hours a week instead of 37.5.")}

    def __init__(self, *args, phases=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phase"] = forms.ChoiceField(
            label=_("Phase of the ladder"), choices=[("", "—"), *phases], required=False
        )
        self.fields["kind"].choices = ActivityKind.choices


class ActivityEndForm(forms.Form):
    ends_on = forms.DateField(label=_("Ended on"), widget=DATE)


class LadderStepForm(forms.Form):
    phase = forms.ChoiceField(label=_("Phase"))
    entered_on = forms.DateField(label=_("From"), widget=DATE, initial=timezone.localdate)

    def __init__(self, *args, phases=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phase"].choices = list(phases)


class HolidayForm(forms.Form):
    monday = forms.DateField(label=_("Week (any day of it)"), widget=DATE)
    holiday = forms.TypedChoiceField(
        label=_("Holiday week"),
        choices=[("yes", _("Holiday")), ("no", _("Not a holiday"))],
        coerce=lambda v: v == "yes",
    )


class LeaveForm(forms.ModelForm):
    class Meta:
        model = Leave
        fields = LEAVE_FIELDS
        widgets = {"starts_on": DATE, "ends_on": DATE}
        help_texts = {
            "with_benefit": _("Without benefit: the days are not paid. Either way the end moves by the days.")
        }


class EndForm(forms.ModelForm):
    class Meta:
        model = ProgrammeEnd
        fields = END_FIELDS
        widgets = {"ended_on": DATE, "status_checked_on": DATE, "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status_after_one_year"].choices = [("", "—"), *Outcome.choices]
        # The service counts a year from the end: a day near the calendar's end is refused here.
        for name in ("ended_on", "status_checked_on"):
            self.fields[name].validators.append(validate_day)

    def _post_clean(self):
        pass  # the service checks the end against the programme


# Statuses a case worker chooses; public holidays and leave come from the calendar and the leave periods.
CHOOSABLE = [
    (value, label)
    for value, label in DayStatus.choices
    if value not in (DayStatus.LEAVE, DayStatus.PUBLIC_HOLIDAY)
]


class AttendanceWeekForm(forms.Form):
    """One status and hours of unexcused absence per programme day of the week that has come.

    A day is pre-filled with what is registered, or else with what the plan says (present on a day of
    its activities, holiday in a planned holiday week); a day after today gets no field at all, and the
    page shows it disabled. Every error names its day (weekday and date).
    """

    def __init__(self, *args, days, **kwargs):
        """``days``: the week's ``selectors.attendance.WeekDay``s."""
        super().__init__(*args, **kwargs)
        self.days = days
        for wd in days:
            if not wd.open:
                continue
            key = wd.day.isoformat()
            self.fields[f"status_{key}"] = forms.ChoiceField(
                label=_("What the participant did"),
                choices=[("", "—"), *CHOOSABLE],
                initial=wd.row.status if wd.row else (wd.planned or ""),
                error_messages={"required": _("choose what the participant did.")},
            )
            self.fields[f"hours_{key}"] = forms.DecimalField(
                label=_("Hours of unexcused absence"),
                min_value=0,
                max_value=24,
                decimal_places=1,
                required=False,
                localize=True,
                initial=wd.row.unexcused_hours if wd.row and wd.row.unexcused_hours else None,
                help_text=_("Part of a day; a whole unexcused day counts its full hours."),
            )

    def full_clean(self):
        """Each field's error begins with its day, so that it reads on its own in the error summary."""
        from .services.attendance import day_label

        super().full_clean()
        for wd in self.days:
            for name in (f"status_{wd.day.isoformat()}", f"hours_{wd.day.isoformat()}"):
                if name in self._errors:
                    self._errors[name] = self.error_class(
                        [
                            _("%(day)s: %(error)s") % {"day": day_label(wd.day), "error": error}
                            for error in self._errors[name]
                        ]
                    )

    def days_data(self) -> dict[dt.date, tuple]:
        """The days that have come, each with its status and hours; days after today are not sent."""
        data = {}
        for wd in self.days:
            if wd.future:
                continue
            key = wd.day.isoformat()
            if wd.fixed:
                data[wd.day] = (wd.fixed, 0)
            else:
                data[wd.day] = (
                    self.cleaned_data.get(f"status_{key}") or None,
                    self.cleaned_data.get(f"hours_{key}") or 0,
                )
        return data


class PayrollForm(forms.Form):
    confirm = forms.BooleanField(label=_("Lock the month and export it to payroll"))


class LanguageChoice(forms.Form):
    language = forms.ChoiceField(choices=LetterLanguage.choices)


FINAL_GOALS = FinalGoal.choices
