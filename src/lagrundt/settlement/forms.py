"""Forms of the settlement pages. The rules live in the services; the forms show them and keep what
was typed."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lagrundt.core.forms import validate_day
from lagrundt.people.forms import DATE, LanguagesField, national_id_field
from lagrundt.people.languages import Language
from lagrundt.people.models import Person, Sex
from lagrundt.people.rules import normalise_national_id
from lagrundt.tenancy.models import Municipality

from .models import (
    CaseKind,
    CaseMember,
    DeclineReason,
    IntegrationRecord,
    NorwegianTest,
    NorwegianTraining,
    SettlementCase,
    SettlementRequest,
    SettlementSetting,
)
from .services import (
    ARRIVAL_FIELDS,
    MEMBER_INPUT_FIELDS,
    RECORD_FIELDS,
    REQUEST_FIELDS,
    TEST_FIELDS,
    TRAINING_FIELDS,
)


def _date(label, *, required=True, initial=None):
    return forms.DateField(
        label=label, required=required, widget=DATE, validators=[validate_day], initial=initial
    )


class SettingForm(forms.ModelForm):
    """A municipal default from a day, with where it comes from; «assumed» unless a source gives it."""

    class Meta:
        model = SettlementSetting
        fields = ("key", "value", "valid_from", "source", "assumed")
        widgets = {"valid_from": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["valid_from"].initial = timezone.localdate()
        self.fields["valid_from"].validators.append(validate_day)
        self.fields["value"].help_text = _("Days.")

    def validate_unique(self):
        """A value for a day already set replaces it (the service finds it again)."""


class RequestForm(forms.ModelForm):
    class Meta:
        model = SettlementRequest
        fields = REQUEST_FIELDS
        widgets = {
            "received_on": DATE,
            "decided_on": DATE,
            "wishes": forms.Textarea(attrs={"rows": 3}),
            "conditions": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("received_on", "decided_on"):
            self.fields[name].validators.append(validate_day)

    def validate_unique(self):
        """The year and municipality are the page's; the service finds the row again."""


CASE_FORM_FIELDS = (
    "name",
    "imdi_reference",
    "category",
    "origin",
    "country_background",
    "reception_centre",
    "stated_needs",
    "received_on",
    "reply_due_on",
    "expected_arrival",
    "joins",
    "applied_on",
    "granted_on",
)
REUNIFICATION_ONLY = ("joins", "applied_on", "granted_on")
PROPOSAL_ONLY = ("reception_centre", "reply_due_on")


class CaseForm(forms.ModelForm):
    """A case's facts; ``kind`` decides which fields are asked (a proposal's or a reunification's)."""

    municipality = forms.ModelChoiceField(label=_("Municipality"), queryset=Municipality.objects.none())

    class Meta:
        model = SettlementCase
        fields = CASE_FORM_FIELDS
        widgets = {
            "received_on": DATE,
            "reply_due_on": DATE,
            "expected_arrival": DATE,
            "applied_on": DATE,
            "granted_on": DATE,
            "stated_needs": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, kind: str, municipalities=None, joinable=None, creating=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        if creating:
            self.fields["municipality"].queryset = municipalities or Municipality.objects.none()
            if municipalities is not None and len(municipalities) == 1:
                self.fields["municipality"].initial = municipalities[0].pk
            self.fields["received_on"].initial = timezone.localdate()
        else:
            del self.fields["municipality"]
            del self.fields["expected_arrival"]  # set through its own form, which checks the day
        for name in REUNIFICATION_ONLY if kind != CaseKind.FAMILY_REUNIFICATION else PROPOSAL_ONLY:
            self.fields.pop(name, None)
        if "joins" in self.fields:
            self.fields["joins"].queryset = joinable if joinable is not None else Person.objects.none()
            self.fields["joins"].required = True
            self.fields["joins"].label_from_instance = lambda p: f"{p.family_name}, {p.given_name}"
        for field in self.fields.values():
            if isinstance(field, forms.DateField):
                field.validators.append(validate_day)

    def validate_unique(self):
        """Nothing on a case is unique."""


class MemberForm(forms.ModelForm):
    languages = LanguagesField()
    interpreter_language = forms.ChoiceField(
        label=_("Interpreter language"), choices=[("", "—"), *Language.choices], required=False
    )

    class Meta:
        model = CaseMember
        fields = MEMBER_INPUT_FIELDS
        widgets = {"birth_date": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["birth_year"].required = False
        self.fields["birth_year"].help_text = _("Enough where the birth date is not known.")
        self.fields["birth_date"].validators.append(validate_day)
        self.fields["role"].initial = "child"

    def clean(self):
        data = super().clean()
        if self.has_changed() and not data.get("birth_year") and not data.get("birth_date"):
            self.add_error("birth_year", _("Give the birth year, or the birth date where it is known."))
        return data


class BaseMemberFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        if not [f for f in self.forms if f.has_changed()]:
            raise ValidationError(_("Add at least one person."))


MemberFormSet = forms.formset_factory(
    MemberForm, formset=BaseMemberFormSet, extra=5, max_num=20, absolute_max=20
)


def member_values(form) -> dict:
    data = dict(form.cleaned_data)
    data["interpreter_language"] = data.get("interpreter_language") or ""
    return data


class ReplyForm(forms.Form):
    decision = forms.TypedChoiceField(
        label=_("Reply"),
        choices=[("accept", _("Accept")), ("decline", _("Decline"))],
        widget=forms.RadioSelect,
    )
    on = _date(_("Replied on"), initial=timezone.localdate)
    reason = forms.ChoiceField(
        label=_("Reason for declining"), choices=[("", "—"), *DeclineReason.choices], required=False
    )
    text = forms.CharField(
        label=_("Explanation"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "decline" and not data.get("reason"):
            self.add_error("reason", _("Give the reason for declining."))
        return data


class ExpectedArrivalForm(forms.Form):
    expected_arrival = _date(_("Expected arrival"))


class DayForm(forms.Form):
    """A step on a day (first weeks done, withdrawn), today unless another is given."""

    on = _date(_("Date"), initial=timezone.localdate)


class WithdrawForm(DayForm):
    text = forms.CharField(
        label=_("Explanation"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ArrivalForm(forms.Form):
    arrived_on = _date(_("Arrived on"), initial=timezone.localdate)


class ArrivalMemberForm(forms.Form):
    """One member as the register will know them: prefilled from the case, completed where needed."""

    member = forms.IntegerField(widget=forms.HiddenInput)
    given_name = forms.CharField(label=_("Given name"), max_length=100)
    family_name = forms.CharField(label=_("Family name"), max_length=100)
    birth_date = _date(_("Birth date"), required=False)
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices)
    national_id = national_id_field()
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)

    def clean_national_id(self):
        return normalise_national_id(self.cleaned_data.get("national_id") or "") or None


ArrivalMemberFormSet = forms.formset_factory(ArrivalMemberForm, extra=0, max_num=20, absolute_max=20)


def arrival_values(form) -> dict:
    return {k: v for k, v in form.cleaned_data.items() if k in ARRIVAL_FIELDS}


# ---------------------------------------------------------------------- the integration service's record
class IntegrationRecordForm(forms.ModelForm):
    class Meta:
        model = IntegrationRecord
        fields = RECORD_FIELDS
        widgets = {
            "permit_expires_on": DATE,
            "permanent_residence_on": DATE,
            "citizenship_on": DATE,
            "aftercare_until": DATE,
        }

    def __init__(self, *args, unaccompanied: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("permit_expires_on", "permanent_residence_on", "citizenship_on", "aftercare_until"):
            self.fields[name].validators.append(validate_day)
        if not unaccompanied and not (self.instance.guardian or self.instance.aftercare_until):
            # Only for unaccompanied minors: not offered to others (the service refuses them too).
            del self.fields["guardian"]
            del self.fields["aftercare_until"]


class NorwegianTrainingForm(forms.ModelForm):
    class Meta:
        model = NorwegianTraining
        fields = TRAINING_FIELDS


class NorwegianTestForm(forms.ModelForm):
    class Meta:
        model = NorwegianTest
        fields = TEST_FIELDS
        widgets = {"passed_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["passed_on"].validators.append(validate_day)
        self.fields["passed_on"].initial = timezone.localdate
