"""The form to record an interpreter: it shows the fields; ``services`` checks the rules and saves all or
nothing. "The interpreter is under 18" is asked so that the record can be refused; it is never stored."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lagrundt.core.forms import validate_day
from lagrundt.people.languages import Language

from ..models import InterpreterCategory, InterpreterMode, UnqualifiedReason

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
EMPTY = [("", "—")]


class InterpreterUseForm(forms.Form):
    section = forms.ChoiceField(
        label=_("The meeting belongs to"),
        help_text=_("Who reads this part of the person's record sees the interpreter use."),
    )
    held_on = forms.DateField(label=_("Meeting date"), widget=DATE, validators=[validate_day])
    language = forms.ChoiceField(label=_("Language"), choices=EMPTY + list(Language.choices))
    mode = forms.ChoiceField(label=_("Interpreter"), choices=InterpreterMode.choices)
    category = forms.ChoiceField(
        label=_("Qualification in the National Register of Interpreters"),
        choices=EMPTY + list(InterpreterCategory.choices),
        required=False,
    )
    unqualified_reason = forms.ChoiceField(
        label=_("Why not a qualified interpreter"),
        choices=EMPTY + list(UnqualifiedReason.choices),
        required=False,
        help_text=_("Required for an interpreter outside the register after the dispensation ends."),
    )
    duration_minutes = forms.IntegerField(
        label=_("Duration in minutes"), required=False, min_value=0, max_value=24 * 60
    )
    cost = forms.DecimalField(
        label=_("Cost in kroner"), required=False, min_value=0, max_digits=10, decimal_places=2
    )
    interpreter_is_child = forms.BooleanField(
        label=_("The interpreter is under 18"),
        required=False,
        help_text=_("Children must not be used as interpreters: such a record is refused."),
    )

    def __init__(self, *args, sections=None, **kwargs):
        super().__init__(*args, **kwargs)
        if sections:
            self.fields["section"].choices = sections
            if len(sections) == 1:
                self.fields["section"].initial = sections[0][0]
        else:
            del self.fields["section"]
