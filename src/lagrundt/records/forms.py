"""The records' forms. They show the fields; ``services`` checks the rules and saves all or nothing.

A date field whose event closes one of the municipality's routines says so in its help text
("Filling this in closes: School start within one month")."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lagrundt.core.forms import validate_day
from lagrundt.people.models import TEXT

from . import services
from .models import (
    GRADES,
    MAX_KINDERGARTEN_HOURS,
    MAX_SCHOOL_HOURS,
    ClassKind,
    ContactKind,
    DecisionKind,
    MotherTongueTeaching,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def date_field(label, required=False):
    return forms.DateField(label=label, required=required, widget=DATE, validators=[validate_day])


class _Closing:
    """Tell on each date field which routines filling it in closes."""

    events: dict[str, str] = {}

    def show_closing(self, closing: dict[str, list[str]]) -> None:
        for name, event in self.events.items():
            titles = closing.get(event)
            if titles and name in self.fields:
                self.fields[name].help_text = _("Filling this in closes: %(titles)s") % {
                    "titles": "; ".join(titles)
                }


class SchoolPlacementForm(_Closing, forms.Form):
    events = services.SCHOOL_EVENTS

    school = forms.CharField(label=_("School"), max_length=200, validators=TEXT)
    grade = forms.IntegerField(
        label=_("Grade"),
        help_text=_("From %(low)s to %(high)s.") % {"low": GRADES[0], "high": GRADES[1]},
        error_messages={"invalid": _("Give the grade as a whole number.")},
    )
    class_kind = forms.ChoiceField(label=_("Class"), choices=ClassKind.choices)
    mother_tongue = forms.ChoiceField(
        label=_("Mother-tongue or bilingual teaching"),
        choices=MotherTongueTeaching.choices,
        initial=MotherTongueTeaching.NONE,
    )
    starts_on = date_field(_("Start date"), required=True)
    ends_on = date_field(_("End date"))
    start_meeting_on = date_field(_("Start meeting held on"))
    level_test_on = date_field(_("Level test done on"))


class LanguageDecisionForm(forms.Form):
    decided_on = date_field(_("Decided on"), required=True)
    kind = forms.ChoiceField(label=_("Decision"), choices=DecisionKind.choices)
    hours_per_week = forms.IntegerField(
        label=_("Hours a week"),
        required=False,
        help_text=_("From 0 to %(max)s.") % {"max": MAX_SCHOOL_HOURS},
        error_messages={"invalid": _("Give the hours as a whole number.")},
    )


class KindergartenPlacementForm(_Closing, forms.Form):
    events = services.KINDERGARTEN_EVENTS

    kindergarten = forms.CharField(label=_("Kindergarten"), max_length=200, validators=TEXT)
    applied_on = date_field(_("Applied on"), required=True)
    starts_on = date_field(_("Start date"))
    hours_per_week = forms.IntegerField(
        label=_("Hours a week"),
        required=False,
        help_text=_("From 0 to %(max)s; a full-time place is 41.") % {"max": MAX_KINDERGARTEN_HOURS},
        error_messages={"invalid": _("Give the hours as a whole number.")},
    )
    ends_on = date_field(_("End date"))
    welcome_talk_on = date_field(_("Welcome talk held on"))


class InterpreterTalkForm(_Closing, forms.Form):
    events = services.TALK_EVENTS

    held_on = date_field(_("Held on"), required=True)


class HealthRecordForm(_Closing, forms.Form):
    events = services.HEALTH_EVENTS

    gp_practice = forms.CharField(label=_("GP practice"), max_length=120, required=False, validators=TEXT)
    gp_assigned_on = date_field(_("GP assigned on"))
    tb_screening_on = date_field(_("Tuberculosis screening done on"), required=False)
    vaccination_reviewed_on = date_field(_("Vaccination status reviewed on"), required=False)


class HealthContactForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ContactKind.choices)
    held_on = date_field(_("Held on"), required=True)

    def show_closing(self, closing: dict[str, list[str]]) -> None:
        lines = [
            f"{label}: {'; '.join(closing[services.contact_event(code)])}"
            for code, label in ContactKind.choices
            if closing.get(services.contact_event(code))
        ]
        if lines:
            self.fields["kind"].help_text = _("Filling this in closes: %(titles)s") % {
                "titles": ". ".join(lines)
            }
