"""Forms for the people register. Validation rules live in the models and ``rules``; forms show them."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lagrundt.access.sections import Section
from lagrundt.tenancy.models import Municipality

from . import rules
from .languages import Language
from .models import MoveOut, Person, SectionNote, Settlement, SettlementCategory
from .services import IDENTITY_FIELDS, HouseholdRole

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class LanguagesField(forms.TypedMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        kwargs.setdefault("choices", Language.choices)
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Languages"))
        super().__init__(**kwargs)


def national_id_field() -> forms.CharField:
    """The model keeps 11 digits; the form also takes the number as printed, with spaces (13 signs)."""
    model_field = Person._meta.get_field("national_id")
    return forms.CharField(
        # capfirst keeps the label lazy: it is translated on each page, not once at start-up.
        label=capfirst(model_field.verbose_name),
        help_text=model_field.help_text,
        max_length=13,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


class NationalIdMixin:
    def clean_national_id(self):
        value = self.cleaned_data.get("national_id") or ""
        value = rules.normalise_national_id(value)
        return value or None


class IdentityForm(NationalIdMixin, forms.ModelForm):
    national_id = national_id_field()
    languages = LanguagesField()

    class Meta:
        model = Person
        fields = IDENTITY_FIELDS
        widgets = {"birth_date": DATE}

    def __init__(self, *args, national_id: bool = True, **kwargs):
        """``national_id``: whether the user may change the national ID (its own section)."""
        super().__init__(*args, **kwargs)
        if not national_id:
            del self.fields["national_id"]


class SettlementForm(forms.ModelForm):
    class Meta:
        model = Settlement
        fields = ("settled_on", "municipality", "category", "came_directly", "imdi_reference")
        widgets = {"settled_on": DATE}

    def __init__(self, *args, municipalities=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = (
            municipalities if municipalities is not None else Municipality.objects.none()
        )


class MoveOutForm(forms.ModelForm):
    whole_household = forms.BooleanField(
        label=_("The whole household moved"),
        required=False,
        help_text=_("Record the move for every member of the household who still lives here."),
    )

    class Meta:
        model = MoveOut
        fields = ("moved_on", "destination_municipality", "destination_country", "reason")
        widgets = {"moved_on": DATE}


class SectionNoteForm(forms.ModelForm):
    class Meta:
        model = SectionNote
        fields = ("body",)
        widgets = {"body": forms.Textarea(attrs={"rows": 4})}


class HouseholdForm(forms.Form):
    """The household and what its members share: settlement and background."""

    name = forms.CharField(
        label=_("Household name"),
        max_length=120,
        help_text=_("For example «The Tesfay family»."),
        validators=[rules.validate_no_control_characters],
    )
    municipality = forms.ModelChoiceField(label=_("Municipality"), queryset=Municipality.objects.none())
    settled_on = forms.DateField(label=_("Settlement date"), widget=DATE)
    category = forms.ChoiceField(label=_("Category"), choices=SettlementCategory.choices)
    came_directly = forms.BooleanField(
        label=_("Settled directly (not from a reception centre)"), required=False
    )
    imdi_reference = forms.CharField(
        label=_("IMDi reference"),
        max_length=40,
        required=False,
        validators=[rules.validate_no_control_characters],
    )
    country_background = Person._meta.get_field("country_background").formfield()
    languages = LanguagesField()
    interpreter_needed = forms.BooleanField(label=_("Needs an interpreter"), required=False)
    interpreter_language = forms.ChoiceField(
        label=_("Interpreter language"), choices=[("", "—"), *Language.choices], required=False
    )

    def __init__(self, *args, municipalities=None, **kwargs):
        super().__init__(*args, **kwargs)
        if municipalities is not None:
            self.fields["municipality"].queryset = municipalities

    def clean_settled_on(self):
        value = self.cleaned_data["settled_on"]
        rules.validate_settlement_date(value, None, timezone.localdate())
        return value


class MemberForm(NationalIdMixin, forms.ModelForm):
    household_role = forms.ChoiceField(
        label=_("Place in household"),
        choices=[
            (HouseholdRole.REFERENCE, _("Parent or reference person")),
            (HouseholdRole.SPOUSE, _("Spouse or partner")),
            (HouseholdRole.CHILD, _("Child")),
            (HouseholdRole.OTHER, pgettext_lazy("place in household", "Other")),
        ],
        initial=HouseholdRole.CHILD,
    )
    national_id = national_id_field()

    class Meta:
        model = Person
        fields = ("given_name", "family_name", "birth_date", "sex", "national_id")
        widgets = {"birth_date": DATE}

    def _update_errors(self, errors):
        # The model checks a national ID both as a field and against the birth date: one message once.
        if hasattr(errors, "error_dict"):
            unique = {}
            for name, found in errors.error_dict.items():
                seen, kept = set(), []
                for error in found:
                    text = " ".join(error.messages)
                    if text not in seen:
                        seen.add(text)
                        kept.append(error)
                unique[name] = kept
            errors = ValidationError(unique)
        super()._update_errors(errors)


class BaseMemberFormSet(forms.BaseFormSet):
    def __init__(self, *args, settled_on=None, **kwargs):
        self.settled_on = settled_on
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        if index == 0:
            # The first person registered is the one the household is registered for: an adult.
            kwargs["initial"] = {"household_role": HouseholdRole.REFERENCE}
        return kwargs

    def clean(self):
        if any(self.errors):
            return
        filled = [f for f in self.forms if f.has_changed() and not self._should_delete_form(f)]
        if not filled:
            raise ValidationError(_("Add at least one member of the household."))
        adults = [
            f
            for f in filled
            if f.cleaned_data["household_role"] in (HouseholdRole.REFERENCE, HouseholdRole.SPOUSE)
        ]
        if len(adults) > 2:
            raise ValidationError(_("A household can have at most two parents or reference persons."))
        ids = [f.cleaned_data.get("national_id") for f in filled if f.cleaned_data.get("national_id")]
        if len(ids) != len(set(ids)):
            raise ValidationError(_("Two members have the same national ID."))
        if self.settled_on:
            for form in filled:
                birth = form.cleaned_data.get("birth_date")
                if birth and self.settled_on < birth:
                    form.add_error("birth_date", rules.MSG_SETTLED_BEFORE_BIRTH)


# Two member blocks show; the rest wait behind «Add more members» (a <details>, so no script is needed).
MEMBERS_SHOWN = 2
MemberFormSet = forms.formset_factory(
    MemberForm, formset=BaseMemberFormSet, extra=10, max_num=20, absolute_max=20
)

WRITABLE_NOTE_SECTIONS = [
    s for s in Section if s not in (Section.IDENTITY, Section.SETTLEMENT, Section.FAMILY)
]
