"""The volunteer centre's forms. They show the fields; ``services`` checks the rules and saves all or
nothing."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lagrundt.community.models import Availability, PairEnd, PairKind
from lagrundt.core.forms import validate_day
from lagrundt.people.languages import Language
from lagrundt.people.models import NAME, PHONE, TEXT

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def date_field(label, required=False, **kwargs):
    return forms.DateField(label=label, required=required, widget=DATE, validators=[validate_day], **kwargs)


class BirthYearsField(forms.CharField):
    """Years written with commas between them ("2015, 2018") as a list of whole numbers."""

    def to_python(self, value):
        text = super().to_python(value)
        years = []
        for part in text.replace(";", ",").split(","):
            part = part.strip()
            if not part:
                continue
            if not part.isdigit() or len(part) != 4:
                raise forms.ValidationError(
                    _("Write the birth years as four-digit years with commas between them, e.g. 2015, 2018."),
                    code="invalid",
                )
            years.append(int(part))
        return years

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(str(y) for y in value)
        return value


class VolunteerForm(forms.Form):
    given_name = forms.CharField(label=_("Given name"), max_length=100, validators=NAME)
    family_name = forms.CharField(label=_("Family name"), max_length=100, validators=NAME)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False, validators=PHONE)
    email = forms.EmailField(label=_("Email"), max_length=200, required=False)
    municipality = forms.ModelChoiceField(label=_("Municipality"), queryset=None)
    languages = forms.MultipleChoiceField(
        label=_("Languages besides Norwegian"),
        choices=Language.choices,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Hold Ctrl (or Cmd) to choose more than one."),
    )
    interests = forms.ModelMultipleChoiceField(
        label=_("Interests"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    area = forms.CharField(
        label=_("Area"),
        max_length=80,
        required=False,
        validators=TEXT,
        help_text=_("The part of the municipality the volunteer lives in or can reach, e.g. Trøim."),
    )
    availability = forms.MultipleChoiceField(
        label=_("Available"),
        choices=Availability.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    children_birth_years = BirthYearsField(
        label=_("Birth years of own children"),
        max_length=100,
        required=False,
        help_text=_("With commas between them, e.g. 2015, 2018. Used to match families with children."),
    )
    works_with_children = forms.BooleanField(label=_("Will work with children"), required=False)
    police_certificate_seen_on = date_field(
        _("Police certificate seen on"),
        help_text=_(
            "Required when the volunteer works with children. Only the date is kept, never the document."
        ),
    )
    consent = forms.BooleanField(
        label=_("The volunteer consents to being registered"),
        required=False,
        help_text=_("The date of the consent is today's."),
    )

    def __init__(self, *args, municipalities, interests, creating: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities
        if len(municipalities) == 1 and not self.initial.get("municipality"):
            self.initial["municipality"] = municipalities[0].pk
        self.fields["interests"].queryset = interests
        if creating:
            self.fields["consent"].required = True
            self.fields["consent"].error_messages["required"] = _(
                "A volunteer can only be registered with their consent."
            )
        else:
            del self.fields["consent"]


class EndVolunteerForm(forms.Form):
    ended_on = date_field(_("Ended on"), required=True)
    consent_withdrawn = forms.BooleanField(
        label=_("The volunteer withdrew their consent"),
        required=False,
        help_text=_("Then their contact details, languages, interests and children are removed."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ended_on"].initial = timezone.localdate()


class SuggestForm(forms.Form):
    """What the seeker would like, beyond what is known of them: when to meet."""

    availability = forms.MultipleChoiceField(
        label=_("When would they like to meet?"),
        choices=Availability.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class PairForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=PairKind.choices, initial=PairKind.GUIDE)
    starts_on = date_field(_("Start date"), required=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["starts_on"].initial = timezone.localdate()


class MeetingForm(forms.Form):
    held_on = date_field(_("Meeting date"), required=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["held_on"].initial = timezone.localdate()


class PairEndForm(forms.Form):
    ends_on = date_field(_("End date"), required=True)
    end_reason = forms.ChoiceField(label=_("Why it ended"), choices=[("", ""), *PairEnd.choices])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ends_on"].initial = timezone.localdate()
        self.fields["end_reason"].error_messages["required"] = _("Choose why the pair ended.")
