"""Leisure's forms. They show the fields; ``services`` checks the rules and saves all or nothing."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lagrundt.core.forms import validate_day
from lagrundt.people.models import TEXT

from .models import Activity, Interest, SchemeKind, Season, SupportScheme

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
AMOUNT_ERRORS = {"invalid": _("Give the amount in kroner, as a number.")}
AGE_ERRORS = {"invalid": _("Give the age as a whole number.")}


def date_field(label, required=False):
    return forms.DateField(label=label, required=required, widget=DATE, validators=[validate_day])


def amount_field(label, required=False, help_text=""):
    return forms.DecimalField(
        label=label,
        required=required,
        max_digits=9,
        decimal_places=2,
        error_messages=AMOUNT_ERRORS,
        help_text=help_text,
    )


class _Named(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return str(obj)


class InterestMappingForm(forms.Form):
    mapped_on = date_field(_("Mapped on"), required=True)
    interests = forms.ModelMultipleChoiceField(
        label=_("Interests"),
        queryset=Interest.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    wishes = forms.CharField(
        label=_("Wishes in their own words"),
        required=False,
        max_length=2000,
        validators=TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, municipality_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["interests"].queryset = Interest.objects.filter(
            municipality_id=municipality_id, active=True
        )


class ParticipationForm(forms.Form):
    activity = _Named(label=_("Activity"), queryset=Activity.objects.none())
    started_on = date_field(_("Started on"), required=True)
    stopped_on = date_field(_("Stopped on"))

    def __init__(self, *args, municipality_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = Activity.objects.filter(
            municipality_id=municipality_id, active=True
        ).order_by("name", "pk")


class StopForm(forms.Form):
    stopped_on = date_field(_("Stopped on"), required=True)


class ApplicationForm(forms.Form):
    scheme = _Named(label=_("Support scheme"), queryset=SupportScheme.objects.none())
    applied_on = date_field(_("Applied on"), required=True)
    amount_applied = amount_field(_("Amount applied for, kroner"))
    purpose = forms.CharField(label=_("Purpose"), required=False, max_length=200, validators=TEXT)
    activity = _Named(label=_("For the activity"), queryset=Activity.objects.none(), required=False)

    def __init__(self, *args, municipality_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scheme"].queryset = SupportScheme.objects.filter(
            municipality_id=municipality_id, active=True
        )
        self.fields["activity"].queryset = Activity.objects.filter(
            municipality_id=municipality_id, active=True
        ).order_by("name", "pk")


class DecisionForm(forms.Form):
    decided_on = date_field(_("Decided on"), required=True)
    granted = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("yes", _("Granted")), ("no", _("Refused"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    amount_granted = amount_field(_("Amount granted, kroner"))


class ActivityForm(forms.Form):
    municipality = forms.ModelChoiceField(label=_("Municipality"), queryset=None)
    organisation = forms.CharField(label=_("Organisation"), max_length=120, validators=TEXT)
    name = forms.CharField(label=_("Activity"), max_length=120, validators=TEXT)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=2000,
        validators=TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    age_from = forms.IntegerField(label=_("From age"), required=False, error_messages=AGE_ERRORS)
    age_to = forms.IntegerField(label=_("To age"), required=False, error_messages=AGE_ERRORS)
    place = forms.CharField(label=_("Place"), required=False, max_length=120, validators=TEXT)
    cost = amount_field(_("Cost, kroner"), help_text=_("Leave empty when not known; 0 when free."))
    cost_note = forms.CharField(
        label=_("Cost per"),
        required=False,
        max_length=80,
        validators=TEXT,
        help_text=_("For example: per season."),
    )
    season = forms.ChoiceField(label=_("Season"), choices=Season.choices)
    contact = forms.CharField(label=_("Contact"), required=False, max_length=160, validators=TEXT)
    low_threshold = forms.BooleanField(
        label=_("Low-threshold: anyone can come without signing up"), required=False
    )
    interests = forms.ModelMultipleChoiceField(
        label=_("Interests"),
        queryset=Interest.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    active = forms.BooleanField(label=_("In the catalogue"), required=False, initial=True)

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities
        ids = [m.pk for m in municipalities]
        if len(ids) == 1:
            self.fields["municipality"].initial = ids[0]
        self.fields["interests"].queryset = Interest.objects.filter(municipality_id__in=ids, active=True)
        if len(ids) > 1:
            self.fields["interests"].label_from_instance = lambda i: f"{i.name} ({i.municipality.name})"
            self.fields["interests"].queryset = self.fields["interests"].queryset.select_related(
                "municipality"
            )


class InterestForm(forms.Form):
    municipality = forms.ModelChoiceField(label=_("Municipality"), queryset=None)
    key = forms.SlugField(
        label=_("Key"), max_length=40, help_text=_("Letters, digits and hyphens; kept when the name changes.")
    )
    name = forms.CharField(label=_("Name"), max_length=80, validators=TEXT)
    order = forms.IntegerField(label=_("Order"), min_value=0, max_value=999, initial=0)
    active = forms.BooleanField(label=_("In use"), required=False, initial=True)

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities
        if len(municipalities) == 1:
            self.fields["municipality"].initial = municipalities[0].pk


class SchemeForm(forms.Form):
    municipality = forms.ModelChoiceField(label=_("Municipality"), queryset=None)
    key = forms.SlugField(label=_("Key"), max_length=40)
    name = forms.CharField(label=_("Name"), max_length=120, validators=TEXT)
    kind = forms.ChoiceField(label=_("Kind"), choices=SchemeKind.choices)
    max_amount = amount_field(
        _("Most per person a year, kroner"), help_text=_("Leave empty when the scheme has no limit.")
    )
    children_only = forms.BooleanField(label=_("For children under 18 only"), required=False)
    source = forms.CharField(label=_("Source of the limit"), required=False, max_length=300, validators=TEXT)
    assumed = forms.BooleanField(label=_("The limit is assumed, not from a source"), required=False)
    active = forms.BooleanField(label=_("In use"), required=False, initial=True)

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities
        if len(municipalities) == 1:
            self.fields["municipality"].initial = municipalities[0].pk
