"""Forms of housing. They show the rules; ``services``, ``rules`` and the models enforce them."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lagrundt.access.resources import CHANGE, DWELLINGS
from lagrundt.core.forms import validate_day

from .models import (
    ApprovalResult,
    Dwelling,
    ItemResult,
    Landlord,
    LeaseAgreement,
    TenancyEnd,
)
from .profiles import YEARS, HousingProfile

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DEVIATION_ROWS = 3


def date_field(label, required=True, initial=None):
    return forms.DateField(
        label=label, required=required, widget=DATE, validators=[validate_day], initial=initial
    )


class Grouped:
    groups: list[tuple[str, list[str]]] = []

    def field_groups(self):
        return [(title, [self[n] for n in names if n in self.fields]) for title, names in self.groups]


class LandlordForm(forms.ModelForm):
    class Meta:
        model = Landlord
        fields = ["municipality", "name", "organisation_number", "phone", "email", "address", "notes"]

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities
        self.fields["notes"].widget.attrs["rows"] = 3


class DwellingForm(Grouped, forms.ModelForm):
    groups = [
        (
            _("Where and whose"),
            ["municipality", "ownership", "landlord", "address", "postcode", "for_refugees"],
        ),
        (_("Size"), ["rooms", "bedrooms", "area_m2", "floor", "has_lift", "accessible"]),
        (_("Money"), ["rent", "charges", "deposit", "guarantee"]),
        (_("Location"), ["central", "minutes_to_centre", "minutes_to_school", "minutes_to_bus"]),
        (_("Availability"), ["available_from", "retired_on", "notes"]),
    ]

    class Meta:
        model = Dwelling
        fields = [
            "municipality",
            "ownership",
            "landlord",
            "address",
            "postcode",
            "for_refugees",
            "rooms",
            "bedrooms",
            "area_m2",
            "floor",
            "has_lift",
            "accessible",
            "rent",
            "charges",
            "deposit",
            "guarantee",
            "central",
            "minutes_to_centre",
            "minutes_to_school",
            "minutes_to_bus",
            "available_from",
            "retired_on",
            "notes",
        ]
        widgets = {"available_from": DATE, "retired_on": DATE}

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities
        self.fields["landlord"].queryset = Landlord.objects.filter(municipality__in=municipalities)
        # The rules' messages (0 rooms, a negative rent, more bedrooms than rooms) come from the service,
        # so the form lets the numbers through to it.
        for name in ("rooms", "bedrooms"):
            self.fields[name].validators = []
            self.fields[name].widget.attrs.pop("min", None)
        for name in ("rent", "charges", "deposit"):
            self.fields[name].validators = [
                v for v in self.fields[name].validators if getattr(v, "code", None) != "min_value"
            ]
            self.fields[name].widget.attrs.pop("min", None)
        self.fields["notes"].widget.attrs["rows"] = 3

    def _post_clean(self):
        # The service validates the whole dwelling (``full_clean``) after its own rules.
        pass


class InventoryForm(forms.Form):
    name = forms.CharField(label=_("Item"), max_length=120)
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, max_value=999, initial=1)


class AgreementForm(forms.ModelForm):
    class Meta:
        model = LeaseAgreement
        fields = ["landlord", "starts_on", "ends_on", "rent", "who_pays"]
        widgets = {"starts_on": DATE, "ends_on": DATE}

    def __init__(self, *args, dwelling, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["landlord"].queryset = Landlord.objects.filter(municipality_id=dwelling.municipality_id)
        self.fields["landlord"].initial = dwelling.landlord_id
        self.fields["rent"].validators = [
            v for v in self.fields["rent"].validators if getattr(v, "code", None) != "min_value"
        ]
        self.fields["who_pays"].widget.attrs["rows"] = 3

    def _post_clean(self):
        pass


def _checklist_fields(form, items, prefix: str, initial: str = "") -> None:
    for item in items:
        form.fields[f"{prefix}{item.key}"] = forms.ChoiceField(
            label=item.title,
            choices=ItemResult.choices,
            widget=forms.RadioSelect,
            initial=initial or None,
        )


class ApprovalForm(forms.Form):
    approved_on = date_field(_("Date"))
    result = forms.ChoiceField(label=_("Result"), choices=ApprovalResult.choices)
    notes = forms.CharField(
        label=_("Notes"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, profile: HousingProfile, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = profile.approval
        _checklist_fields(self, self.items, "item_")
        self.fields["approved_on"].initial = timezone.localdate()

    def results(self) -> dict[str, str]:
        return {i.key: self.cleaned_data[f"item_{i.key}"] for i in self.items}


class HoldForm(forms.Form):
    starts_on = date_field(_("Held from (ready)"))
    rent = forms.DecimalField(label=_("Rent per month"), required=False, max_digits=9, decimal_places=0)


class TenancyStartForm(forms.Form):
    starts_on = date_field(_("Moves in"))
    rent = forms.DecimalField(
        label=_("Rent per month"),
        required=False,
        max_digits=9,
        decimal_places=0,
        help_text=_("Empty: the dwelling's rent."),
    )
    inventory_in = forms.MultipleChoiceField(
        label=_("Inventory in place on move-in"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, dwelling, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["inventory_in"].choices = [
            (str(i.pk), f"{i.name} ({i.quantity})") for i in dwelling.inventory.all()
        ]


class TenancyEndForm(forms.Form):
    ends_on = date_field(_("Last day"))
    end_reason = forms.ChoiceField(label=_("How it ended"), choices=[("", ""), *TenancyEnd.choices])
    inventory_out = forms.MultipleChoiceField(
        label=_("Inventory in place on move-out"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, dwelling, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["inventory_out"].choices = [
            (str(i.pk), f"{i.name} ({i.quantity})") for i in dwelling.inventory.all()
        ]


class MoveForm(forms.Form):
    dwelling = forms.ModelChoiceField(label=_("New dwelling"), queryset=Dwelling.objects.none())
    moves_on = date_field(_("Moves in on"))
    rent = forms.DecimalField(label=_("Rent per month"), required=False, max_digits=9, decimal_places=0)

    def __init__(self, *args, dwellings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dwelling"].queryset = dwellings


def unit_users(municipality_id: int):
    """The users who write housing in the municipality: who can own a deviation."""
    candidates = (
        get_user_model()
        .objects.filter(memberships__unit__municipalities=municipality_id, is_active=True)
        .distinct()
        .order_by("last_name", "first_name", "username")
    )
    return [u for u in candidates if DWELLINGS.scopes(u, CHANGE, municipality_id)]


class InspectionForm(forms.Form):
    year = forms.TypedChoiceField(
        label=_("Year after settlement"), coerce=int, choices=[(y, str(y)) for y in YEARS]
    )
    inspected_on = date_field(_("Inspected on"))
    notes = forms.CharField(
        label=_("Notes"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    guidance = forms.MultipleChoiceField(
        label=_("Tenant guidance given"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, profile: HousingProfile, year: int, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = profile.checklist(year)
        self.fields["guidance"].choices = [(g.key, g.title) for g in profile.guidance]
        self.fields["year"].initial = year
        self.fields["inspected_on"].initial = timezone.localdate()
        _checklist_fields(self, self.items, "item_", initial=ItemResult.NOT_CHECKED)
        item_choices = [("", "")] + [(i.key, i.title) for i in self.items]
        owner_choices = [("", "")] + [(str(u.pk), u.get_full_name() or u.username) for u in owners]
        self.owners = {str(u.pk): u for u in owners}
        for n in range(DEVIATION_ROWS):
            self.fields[f"dev{n}_item"] = forms.ChoiceField(
                label=_("Deviation %(n)s: item") % {"n": n + 1}, choices=item_choices, required=False
            )
            self.fields[f"dev{n}_description"] = forms.CharField(
                label=_("Deviation %(n)s: what must be done") % {"n": n + 1}, required=False, max_length=2000
            )
            self.fields[f"dev{n}_owner"] = forms.ChoiceField(
                label=_("Deviation %(n)s: owner") % {"n": n + 1}, choices=owner_choices, required=False
            )
            self.fields[f"dev{n}_due_on"] = date_field(
                _("Deviation %(n)s: due") % {"n": n + 1}, required=False
            )

    def item_fields(self):
        return [self[f"item_{i.key}"] for i in self.items]

    def deviation_rows(self):
        names = ("item", "description", "owner", "due_on")
        return [[self[f"dev{n}_{name}"] for name in names] for n in range(DEVIATION_ROWS)]

    def results(self) -> dict[str, str]:
        return {i.key: self.cleaned_data.get(f"item_{i.key}") for i in self.items}

    def deviations(self) -> list[dict]:
        rows = []
        for n in range(DEVIATION_ROWS):
            row = {
                name: self.cleaned_data.get(f"dev{n}_{name}")
                for name in ("item", "description", "owner", "due_on")
            }
            if any(row.values()):
                row["owner"] = self.owners.get(row["owner"] or "")
                rows.append(row)
        return rows


class DoneForm(forms.Form):
    done_on = date_field(_("Done on"), required=False)


class SuggestionForm(forms.Form):
    """What the register does not know of a household's needs, asked on the suggestions page."""

    accessible = forms.BooleanField(label=_("Needs a dwelling suited for wheelchair users"), required=False)
    has_car = forms.BooleanField(label=_("Has a car"), required=False)
    on = date_field(_("Vacant on"), required=False)
