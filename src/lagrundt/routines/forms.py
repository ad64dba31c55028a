"""Forms for closing and postponing tasks. The rules are in ``services``; forms show them."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lagrundt.people import rules as people_rules
from lagrundt.people.languages import Language

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = [people_rules.validate_no_control_characters]


class TaskDoneForm(forms.Form):
    done_on = forms.DateField(label=_("Done on"), widget=DATE, initial=timezone.localdate)
    interpreter_used = forms.TypedChoiceField(
        label=_("Was an interpreter used?"),
        choices=[("", _("Not relevant")), ("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda v: {"yes": True, "no": False}.get(v),
        empty_value=None,
        required=False,
    )
    interpreter_language = forms.ChoiceField(
        label=_("Interpreter language"), choices=[("", "—"), *Language.choices], required=False
    )
    note = forms.CharField(
        label=_("Note"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
        validators=TEXT,
    )


class TaskNotApplicableForm(forms.Form):
    reason = forms.CharField(
        label=_("Why does the task not apply?"), max_length=300, validators=TEXT, widget=forms.TextInput()
    )


class TaskPostponeForm(forms.Form):
    due_on = forms.DateField(label=_("New deadline"), widget=DATE)
    reason = forms.CharField(label=_("Why is it postponed?"), max_length=300, validators=TEXT)

    def __init__(self, *args, current_due=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.current_due = current_due

    def clean_due_on(self):
        from .services import MSG_POSTPONE_EARLIER

        value = self.cleaned_data["due_on"]
        if self.current_due and value <= self.current_due:
            raise forms.ValidationError(MSG_POSTPONE_EARLIER, params={"date": f"{self.current_due:%d.%m.%Y}"})
        return value
