"""Forms of the surveys: the staff's (survey, texts, question, codes) and the respondent's."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lagrundt.core.forms import validate_day

from . import languages, services
from .models import SCALE_VALUES, QuestionKind, Survey, WrittenForm

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SurveyForm(forms.Form):
    municipality = forms.ModelChoiceField(label=_("Municipality"), queryset=None, empty_label=None)
    title = forms.CharField(label=_("Title"), max_length=200)
    intro = forms.CharField(
        label=_("Introduction"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown above the questions: why the survey is made, and that answers are anonymous."),
    )
    opens_on = forms.DateField(label=_("Opens"), widget=DATE, validators=[validate_day])
    closes_on = forms.DateField(
        label=_("Closes"),
        widget=DATE,
        validators=[validate_day],
        help_text=_("The last day answers are taken."),
    )
    written_form = forms.ChoiceField(label=_("Written form"), choices=WrittenForm.choices)
    languages = forms.MultipleChoiceField(
        label=_("Other languages"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The languages the questions are translated into, besides the written form."),
    )

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities
        self.fields["languages"].choices = languages.choices()


class CodesForm(forms.Form):
    count = forms.IntegerField(
        label=_("Number of codes"),
        min_value=1,
        max_value=services.MAX_CODES,
        initial=40,
        help_text=_("The codes are shown once, as slips to print and hand out. They are not stored."),
    )


def question_form(survey: Survey, data=None, initial=None) -> forms.Form:
    """The question form: kind and whether it must be answered, then its text and choices per language."""
    fields = {
        "kind": forms.ChoiceField(label=_("Kind"), choices=QuestionKind.choices),
        "required": forms.BooleanField(label=_("Must be answered"), required=False),
    }
    for code in survey.offered_languages:
        name = languages.name(code)
        fields[f"text_{code}"] = forms.CharField(
            label=_("Question in %(language)s") % {"language": name},
            required=False,
            max_length=1000,
            widget=forms.Textarea(attrs={"rows": 2, "lang": code, "dir": languages.direction(code)}),
        )
        fields[f"choices_{code}"] = forms.CharField(
            label=_("Choices in %(language)s, one per line") % {"language": name},
            required=False,
            max_length=4000,
            widget=forms.Textarea(attrs={"rows": 4, "lang": code, "dir": languages.direction(code)}),
        )
    form_class = type("QuestionForm", (forms.Form,), fields)
    return form_class(data, initial=initial)


TEXT_LABELS = {
    "title": _("Title"),
    "intro": _("Introduction"),
    "submit": _("The button that sends the answers"),
    "thanks": _("The thanks after sending"),
    "required": _("The message when a required question is not answered"),
}


def texts_form(survey: Survey, data=None) -> forms.Form:
    """The page texts per offered language (title, introduction, button, thanks, a message)."""
    fields = {}
    initial = {}
    for code in survey.offered_languages:
        for key, label in TEXT_LABELS.items():
            name = f"{code}__{key}"
            widget = forms.Textarea(attrs={"rows": 2}) if key == "intro" else forms.TextInput()
            widget.attrs.update({"lang": code, "dir": languages.direction(code)})
            fields[name] = forms.CharField(
                label=f"{languages.name(code)}: {label}", required=False, max_length=500, widget=widget
            )
            initial[name] = (survey.texts.get(code) or {}).get(key, "")
    form_class = type("TextsForm", (forms.Form,), fields)
    return form_class(data, initial=initial)


def texts_from(cleaned: dict) -> dict:
    texts: dict[str, dict] = {}
    for name, value in cleaned.items():
        code, key = name.split("__", 1)
        texts.setdefault(code, {})[key] = value
    return texts


class CodeEntryForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=30,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
        help_text=_("The code on your slip, for example 4KM7Q-XD3RT."),
    )


def answer_form(survey: Survey, language: str, ui: dict, data=None) -> forms.Form:
    """The questionnaire in ``language``: one field per question, named ``q<id>``."""
    fields = {}
    for question in survey.questions.prefetch_related("choices"):
        label = question.text_in(language)
        errors = {"required": ui["required"], "invalid_choice": ui["invalid"]}
        if question.kind == QuestionKind.SCALE:
            field = forms.ChoiceField(
                label=label,
                choices=[(str(v), str(v)) for v in SCALE_VALUES],
                widget=forms.RadioSelect(attrs={"class": "lg-scale"}),
                required=question.required,
                error_messages=errors,
            )
        elif question.kind == QuestionKind.CHOICE:
            field = forms.ChoiceField(
                label=label,
                choices=[(str(c.pk), c.text_in(language)) for c in question.choices.all()],
                widget=forms.RadioSelect,
                required=question.required,
                error_messages=errors,
            )
        else:
            field = forms.CharField(
                label=label,
                required=question.required,
                max_length=services.MAX_TEXT,
                widget=forms.Textarea(attrs={"rows": 3}),
                error_messages={**errors, "max_length": ui["too_long"]},
            )
        fields[f"q{question.pk}"] = field
    form_class = type("AnswerForm", (forms.Form,), fields)
    return form_class(data, auto_id="id_%s")
