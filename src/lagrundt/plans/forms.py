"""Forms of the plans' pages. The rules are in ``services``; the forms show them and keep what was typed."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lagrundt.core.measurement import Kind
from lagrundt.people import rules as people_rules
from lagrundt.people.models import SettlementCategory, Sex
from lagrundt.tenancy.models import Sector

from . import registry
from .models import Direction, MeasureStatus

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = [people_rules.validate_no_control_characters]
# The sectors that carry measures (not data protection or system administration).
MEASURE_SECTORS = [
    (s.value, s.label) for s in Sector if s not in (Sector.DATA_PROTECTION, Sector.SYSTEM_ADMINISTRATION)
]


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=MeasureStatus.choices)
    reason = forms.CharField(
        label=_("Reason"),
        help_text=_("Needed when the measure is dropped."),
        required=False,
        max_length=1000,
        validators=TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


NO_NAMES = _("Write about the measure, never about a named person: leaders and the council read this.")


class ProgressNoteForm(forms.Form):
    written_on = forms.DateField(label=_("Date"), widget=DATE, initial=timezone.localdate)
    text = forms.CharField(
        label=_("What has been done, and what comes next?"),
        help_text=NO_NAMES,
        max_length=4000,
        validators=TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class LinkForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, validators=TEXT)
    url = forms.URLField(label=_("Address"), max_length=500, assume_scheme="https")


class MeasureForm(forms.Form):
    text = forms.CharField(
        label=_("Measure"), max_length=2000, validators=TEXT, widget=forms.Textarea(attrs={"rows": 3})
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=4000,
        validators=TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    sector = forms.ChoiceField(
        label=_("Responsible sector"), choices=[("", "—"), *MEASURE_SECTORS], required=False
    )
    other_sectors = forms.MultipleChoiceField(
        label=_("Also involved"), choices=MEASURE_SECTORS, required=False, widget=forms.CheckboxSelectMultiple
    )
    responsible = forms.CharField(
        label=_("Responsible (as the plan says)"), required=False, max_length=200, validators=TEXT
    )
    unit = forms.TypedChoiceField(label=_("Responsible unit"), required=False, coerce=int, empty_value=None)
    starts_on = forms.DateField(label=_("From"), widget=DATE, required=False)
    ends_on = forms.DateField(label=_("Deadline"), widget=DATE, required=False)
    budget = forms.DecimalField(
        label=_("Budget (kroner)"), required=False, min_value=0, max_digits=14, decimal_places=2
    )
    budget_note = forms.CharField(
        label=_("About the budget"), required=False, max_length=300, validators=TEXT
    )

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.units = {u.pk: u for u in units}
        self.fields["unit"].choices = [("", "—"), *((u.pk, u.name) for u in units)]

    def clean_unit(self):
        pk = self.cleaned_data.get("unit")
        return self.units.get(pk) if pk else None


class GroupFields(forms.Form):
    """Whom an indicator counts: everyone unless a group is chosen."""

    category = forms.ChoiceField(
        label=_("Settlement category"), choices=[("", _("All")), *SettlementCategory.choices], required=False
    )
    sex = forms.ChoiceField(
        label=_("Sex"),
        choices=[("", _("All")), (Sex.FEMALE, Sex.FEMALE.label), (Sex.MALE, Sex.MALE.label)],
        required=False,
    )
    age = forms.ChoiceField(
        label=_("Age"),
        choices=[
            ("", _("All")),
            ("adults", _("Adults (18 and over)")),
            ("children", _("Children (under 18)")),
        ],
        required=False,
    )
    settled_years_min = forms.IntegerField(
        label=_("Settled at least this many years ago"), required=False, min_value=0, max_value=30
    )

    @classmethod
    def describe(cls, group: dict) -> str:
        """A stored group as read: «Sex: Women, settled at least this many years ago: 2»."""
        fields = cls.base_fields
        parts = []
        for key, value in group.items():
            found = fields.get(key)
            if found is None:
                continue
            shown = dict(getattr(found, "choices", ()) or ()).get(value, value)
            parts.append(f"{found.label}: {shown}")
        return ", ".join(parts)

    def group(self) -> dict:
        data = getattr(self, "cleaned_data", {}) or {}
        return {
            k: data.get(k)
            for k in ("category", "sex", "age", "settled_years_min")
            if data.get(k) not in (None, "")
        }


class TargetForm(GroupFields):
    indicator = forms.ChoiceField(label=_("Indicator"))
    series = forms.CharField(
        label=_("Series"),
        required=False,
        max_length=60,
        help_text=_("For an indicator with several series, the one the target is for (e.g. «settled»)."),
    )
    direction = forms.ChoiceField(label=_("The value should be"), choices=Direction.choices)
    value = forms.DecimalField(label=_("Target value"), max_digits=14, decimal_places=2)
    by = forms.DateField(label=_("By"), widget=DATE)
    source = forms.CharField(
        label=_("Where the target comes from"), required=False, max_length=300, validators=TEXT
    )

    field_order = ["indicator", "series", "direction", "value", "by", "source"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = [(k, i.label) for k, i in registry.all_indicators().items()]


class FigureForm(GroupFields):
    indicator = forms.ChoiceField(label=_("Indicator"))
    series = forms.CharField(label=_("Series"), required=False, max_length=60)
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100)
    value = forms.DecimalField(
        label=_("Value"),
        max_digits=16,
        decimal_places=2,
        help_text=_("A share in per cent, a number of persons, or kroner."),
    )
    source = forms.CharField(
        label=_("Source"),
        max_length=300,
        validators=TEXT,
        help_text=_("Where the figure comes from, e.g. «SSB, table 12345»"),
    )
    measured_on = forms.DateField(label=_("Measured on"), widget=DATE, required=False)
    note = forms.CharField(label=_("Note"), required=False, max_length=500, validators=TEXT)

    field_order = ["indicator", "series", "year", "value", "source", "measured_on", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        found = registry.all_indicators()
        # Those the register cannot compute first: that is what figures are entered for.
        ordered = sorted(found.values(), key=lambda i: i.is_computed)
        self.fields["indicator"].choices = [(i.key, self._choice_label(i)) for i in ordered]

    @staticmethod
    def _choice_label(indicator) -> str:
        """A computed share or count shows an entered figure for a year it has no data for (the
        selectors' fallback); other computed indicators only list the figures entered for them."""
        if not indicator.is_computed:
            return indicator.label
        if indicator.kind in (Kind.SHARE, Kind.COUNT):
            return _("%(indicator)s (computed: shown for years without data)") % {
                "indicator": indicator.label
            }
        return _("%(indicator)s (computed: listed beside it, not in the table)") % {
            "indicator": indicator.label
        }


class ReviseForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, validators=TEXT)
    starts_on = forms.DateField(label=_("Period from"), widget=DATE)
    ends_on = forms.DateField(label=_("Period to"), widget=DATE)
    vision = forms.CharField(
        label=_("Vision"), required=False, validators=TEXT, widget=forms.Textarea(attrs={"rows": 2})
    )
    note = forms.CharField(
        label=_("What the revision changes"),
        validators=TEXT,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    carry_closed = forms.BooleanField(
        label=_("Also carry over measures that are done or dropped"), required=False
    )


class SummaryForm(forms.Form):
    summary = forms.CharField(
        label=_("Summary from the service"),
        help_text=NO_NAMES,
        required=False,
        max_length=10000,
        validators=TEXT,
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class SectorTextForm(forms.Form):
    sector = forms.ChoiceField(label=_("Sector"))
    text = forms.CharField(
        label=_("Text"),
        help_text=NO_NAMES,
        required=False,
        max_length=6000,
        validators=TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, sectors=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sector"].choices = [(s, Sector(s).label) for s in sectors]


class IndicatorFilterForm(GroupFields):
    first = forms.IntegerField(label=_("From year"), required=False, min_value=1990, max_value=2100)
    last = forms.IntegerField(label=_("To year"), required=False, min_value=1990, max_value=2100)
