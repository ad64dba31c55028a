"""The welcome forms: a letter template, a letter sent, a meeting and its attendance."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lagrundt.core.forms import validate_day
from lagrundt.people.languages import Language
from lagrundt.people.models import TEXT

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
LANGUAGES = [("nb", _("Norwegian bokmål")), ("nn", _("Norwegian nynorsk")), *Language.choices]


class LetterTemplateForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGES)
    title = forms.CharField(label=_("Title"), max_length=200, validators=TEXT)
    body = forms.CharField(
        label=_("Text"),
        max_length=20000,
        validators=TEXT,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_(
            "Paragraphs are separated by an empty line. {household} is replaced by the household's "
            "name (or the person's), {municipality} by the municipality's and {date} by the day the "
            "letter is printed."
        ),
    )


class LetterSentForm(forms.Form):
    sent_on = forms.DateField(label=_("Sent on"), widget=DATE, validators=[validate_day])


class MeetingForm(forms.Form):
    municipality = forms.TypedChoiceField(label=_("Municipality"), coerce=int)
    held_on = forms.DateField(label=_("Date"), widget=DATE, validators=[validate_day])
    place = forms.CharField(label=_("Place"), max_length=200, validators=TEXT)
    programme = forms.CharField(
        label=_("Programme"),
        max_length=2000,
        required=False,
        validators=TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Dinner, information, a tour of the culture house …"),
    )

    def __init__(self, *args, municipalities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].choices = [(m.pk, m.name) for m in municipalities]
        if len(municipalities) == 1:
            self.fields["municipality"].initial = municipalities[0].pk
