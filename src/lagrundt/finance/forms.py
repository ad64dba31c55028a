"""Forms for rates, a person's grant facts, receipts, costs and scenarios. The rules are in services."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lagrundt.core.sources import Confidence
from lagrundt.people import rules as people_rules

from .models import (
    CostKind,
    DisabilityGrant,
    GrantCode,
    GrantFacts,
    GrantGroup,
    PlannedSettlement,
    RateBand,
    ReferenceStatus,
    YearOneGroup,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = [people_rules.validate_no_control_characters]
MONEY = {"max_digits": 14, "decimal_places": 2, "min_value": 0}


def year_field(label=None, **kwargs):
    return forms.IntegerField(
        label=label or _("Year"), min_value=2000, max_value=2100, initial=timezone.localdate().year, **kwargs
    )


class SourceFields(forms.Form):
    title = forms.CharField(
        label=_("Source"),
        max_length=200,
        validators=TEXT,
        help_text=_("E.g. «IMDi: Satser for integreringstilskudd 2026»."),
    )
    reference = forms.CharField(label=_("Web address or document reference"), max_length=400, validators=TEXT)
    published_on = forms.DateField(label=_("Published or read on"), widget=DATE, required=False)
    confidence = forms.ChoiceField(
        label=_("Confidence"), choices=Confidence.choices, initial=Confidence.VERIFIED
    )


class RateForm(SourceFields):
    code = forms.ChoiceField(label=_("Grant"), choices=GrantCode.choices)
    year = year_field()
    amount = forms.DecimalField(label=_("Amount (kr)"), **MONEY)
    note = forms.CharField(label=_("Note"), max_length=300, required=False, validators=TEXT)

    field_order = ["code", "year", "amount", "title", "reference", "published_on", "confidence", "note"]


class RateImportForm(SourceFields):
    file = forms.FileField(label=_("Rate table (CSV or XLSX)"))
    replace = forms.BooleanField(label=_("Replace rates already entered"), required=False)

    field_order = ["file", "title", "reference", "published_on", "confidence", "replace"]


class TemplateYearForm(forms.Form):
    year = year_field(_("Year of the rates"))


class GrantFactsForm(forms.ModelForm):
    class Meta:
        model = GrantFacts
        fields = [
            "first_settled_on",
            "year_one_group",
            "reference_person",
            "reference_first_settled_on",
            "reference_status",
            "norwegian_rate_band",
            "note",
        ]
        widgets = {"first_settled_on": DATE, "reference_first_settled_on": DATE}

    def __init__(self, *args, reference_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        # Only persons of the household the user may see can be chosen: the others are typed as a date.
        self.fields["reference_person"].queryset = self.fields["reference_person"].queryset.filter(
            pk__in=[p.pk for p in reference_choices]
        )
        self.fields["reference_person"].label_from_instance = lambda p: p.full_name
        self.fields["year_one_group"].choices = [("", _("Derive from the register")), *YearOneGroup.choices]
        self.fields["reference_status"].choices = [("", _("Not known")), *ReferenceStatus.choices]
        self.fields["norwegian_rate_band"].choices = [
            ("", _("From the country background")),
            *RateBand.choices,
        ]


class DisabilityGrantForm(forms.ModelForm):
    class Meta:
        model = DisabilityGrant
        fields = [
            "kind",
            "applied_on",
            "decision",
            "decided_on",
            "amount_per_year",
            "first_year",
            "last_year",
            "note",
        ]
        widgets = {"applied_on": DATE, "decided_on": DATE}


class ReceiptForm(forms.Form):
    year = year_field()
    grant = forms.ChoiceField(label=_("Grant"), choices=GrantGroup.choices)
    amount = forms.DecimalField(label=_("Amount received (kr)"), **MONEY)
    note = forms.CharField(label=_("Note"), max_length=300, required=False, validators=TEXT)


class CostForm(forms.Form):
    year = year_field()
    kind = forms.ChoiceField(label=_("Kind"), choices=CostKind.choices)
    label = forms.CharField(label=_("Name (for a measure)"), max_length=200, required=False, validators=TEXT)
    amount = forms.DecimalField(label=_("Amount (kr)"), **MONEY)
    note = forms.CharField(label=_("Note"), max_length=300, required=False, validators=TEXT)


class ScenarioForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=120,
        validators=TEXT,
        help_text=_("E.g. «Decision 2027: 30 persons, 5 unaccompanied minors»."),
    )
    description = forms.CharField(label=_("Description"), max_length=400, required=False, validators=TEXT)


class PlannedSettlementForm(forms.ModelForm):
    class Meta:
        model = PlannedSettlement
        fields = [
            "year",
            "persons",
            "unaccompanied_minors",
            "minors_age",
            "single_adults",
            "adults_in_families",
            "children",
            "children_under_6",
            "elderly",
            "collective_protection",
        ]
        help_texts = {
            "single_adults": _(
                "Leave single adults, adults in families and children empty to use the household "
                "shapes of those settled in the last five years."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year + 1
