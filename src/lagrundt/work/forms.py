"""Forms of the work module. They show the rules; ``services`` and the models enforce them."""

import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lagrundt.core.formats import date_label
from lagrundt.core.forms import validate_day
from lagrundt.people.languages import Language
from lagrundt.people.models import TEXT

from . import occupations, rules, services
from .models import (
    Agreement,
    CompetenceProfile,
    ContactPerson,
    Education,
    Employer,
    EmployerContact,
    FollowUpVisit,
    JobFair,
    LanguageSkill,
    NavFollowUp,
    NavStatus,
    Opening,
    WorkExperience,
    hours_label,
)
from .vocabulary import (
    CEFR,
    Certificate,
    EndReason,
    LicenceClass,
    Limit,
    OpeningKind,
    PhysicalDemand,
    PlacementOutcome,
    RequirementKind,
    Skill,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
NOT_ASSESSED = [("", _("Not assessed"))]
CEFR_ERRORS = {"invalid_choice": rules.MSG_CEFR_RANGE}
NO_REQUIREMENT = [("", _("No requirement"))]
REQUIRED_OR_PREFERRED = [("required", _("Required")), ("preferred", _("Preferred"))]


class Grouped:
    """A form whose fields are shown in titled groups (``groups``: title → field names)."""

    groups: list[tuple[str, list[str]]] = []

    def field_groups(self):
        return [
            (title, [self[name] for name in names if name in self.fields]) for title, names in self.groups
        ]


def multiple(choices, label, help_text=""):
    return forms.MultipleChoiceField(
        label=label, choices=choices, required=False, widget=forms.CheckboxSelectMultiple, help_text=help_text
    )


class OccupationField(forms.ChoiceField):
    """A STYRK-08 unit group, chosen from a list grouped by major group."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Occupation (STYRK-08)"))
        super().__init__(choices=self._choices, **kwargs)

    @staticmethod
    def _choices():
        return [("", "—"), *occupations.choices()]

    def validate(self, value):
        # Unknown codes get the message that says what a STYRK-08 code is, not Django's generic one.
        if value:
            occupations.validate_unit_group(value)
        elif self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")


MSG_NO_SUCH_OCCUPATION = _(
    "No occupation is called «%(text)s». Write part of the title or the four-digit code, "
    "and choose from the list."
)
MSG_HOURS = _("Give the hours a week as a number from 1 to 60, for example 37,5.")
MSG_HOURS_DECIMALS = _("Give the hours a week with at most one decimal, for example 37,5.")


class OccupationComboField(forms.CharField):
    """A STYRK-08 unit group in a text box with a list to choose from (``<input list>`` and a
    ``<datalist>``): a browser suggests as one types, and without a list the box still takes a code.

    It takes the code («9112»), a choice from the list («9112 – Renholdere …») or a title written in
    full; anything else gets a message, and the text typed stays in the box.
    """

    LIST_ID = "styrk-occupations"

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Occupation (STYRK-08)"))
        kwargs.setdefault(
            "help_text", _("Write part of the title or the code and choose from the list, for example 9112.")
        )
        kwargs.setdefault("max_length", 300)
        super().__init__(**kwargs)
        self.widget.attrs.update({"list": self.LIST_ID, "autocomplete": "off", "spellcheck": "false"})

    @staticmethod
    def options(language=None) -> list[str]:
        """What the list offers: «code – title» for every unit group."""
        return [
            f"{code} – {label.split(' ', 1)[1]}"
            for _major, group in occupations.choices(language)
            for code, label in group
        ]

    def prepare_value(self, value):
        # A stored code is shown as the list shows it; what a person typed is shown as typed.
        if value and occupations.is_unit_group(str(value)):
            return f"{value} – {occupations.title(str(value))}"
        return value

    def to_python(self, value):
        text = " ".join(str(super().to_python(value) or "").split())
        if not text:
            return ""
        code = re.match(r"\d*", text).group()
        if code:  # «9112», «9112 – Renholdere …», «9112–Renholdere»: the code decides
            occupations.validate_unit_group(code)
            return code
        folded = text.casefold()
        for occupation in occupations.occupations().values():
            if occupation.level == occupations.UNIT_GROUP_DIGITS and folded in (
                occupation.title_nb.casefold(),
                occupation.title_en.casefold(),
            ):
                return occupation.code
        raise forms.ValidationError(MSG_NO_SUCH_OCCUPATION, code="unknown_occupation", params={"text": text})


class HoursField(forms.DecimalField):
    """Hours a week as a contract gives them: «37,5» and «37.5» alike, at most one decimal."""

    widget = forms.TextInput

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Hours a week"))
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 60)
        kwargs.setdefault("max_digits", 4)
        kwargs.setdefault("decimal_places", 1)
        errors = {"invalid": MSG_HOURS, "min_value": MSG_HOURS, "max_value": MSG_HOURS}
        errors.update(
            {"max_decimal_places": MSG_HOURS_DECIMALS, "max_digits": MSG_HOURS, "max_whole_digits": MSG_HOURS}
        )
        kwargs.setdefault("error_messages", errors)
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        # A text box, not a number box: a number box in an English browser refuses «37,5».
        return {"inputmode": "decimal"}

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace(" ", "").replace("\u00a0", "").replace(",", ".")
        return super().to_python(value)

    def run_validators(self, value):
        # «600» breaks the highest value and the number of digits: one message, once.
        try:
            super().run_validators(value)
        except forms.ValidationError as exc:
            raise forms.ValidationError(list(dict.fromkeys(exc.messages))) from None

    def prepare_value(self, value):
        if value in (None, ""):
            return value
        try:
            return hours_label(value)
        except (ArithmeticError, ValueError):
            return value  # what was typed, shown again as typed


# ---------------------------------------------------------------------------- the competence profile
class ProfileForm(Grouped, forms.ModelForm):
    norwegian_oral = forms.ChoiceField(
        label=_("Oral Norwegian"),
        choices=NOT_ASSESSED + CEFR.choices,
        required=False,
        error_messages=CEFR_ERRORS,
    )
    norwegian_written = forms.ChoiceField(
        label=_("Written Norwegian"),
        choices=NOT_ASSESSED + CEFR.choices,
        required=False,
        error_messages=CEFR_ERRORS,
    )
    licences = multiple(LicenceClass.choices, _("Driving licence classes"))
    certificates = multiple(Certificate.choices, _("Certificates and courses"))
    skills = multiple(Skill.choices, _("Skills"))
    limits = multiple(
        Limit.choices,
        _("Work restrictions"),
        _("Only what the person cannot do at work, never why: diagnoses belong to the health section."),
    )
    wished_occupations = forms.MultipleChoiceField(
        label=_("Wished occupations"),
        required=False,
        choices=lambda: occupations.choices(),
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Hold down Ctrl (or Cmd) to choose more than one."),
    )

    groups = [
        (_("Norwegian"), ["norwegian_oral", "norwegian_written", "norwegian_assessed_on"]),
        (_("Licences and certificates"), ["licences", "certificates"]),
        (_("Skills"), ["skills", "skills_note"]),
        (_("Work restrictions"), ["limits", "max_hours_per_week"]),
        (_("Availability and travel"), ["available_from", "seasonal_work", "has_car", "takes_bus"]),
        (_("Wishes"), ["wished_occupations", "interests"]),
        (_("Status"), ["seeking", "programme_participant"]),
    ]

    class Meta:
        model = CompetenceProfile
        fields = (
            "norwegian_oral",
            "norwegian_written",
            "norwegian_assessed_on",
            "licences",
            "certificates",
            "skills",
            "skills_note",
            "limits",
            "max_hours_per_week",
            "available_from",
            "seasonal_work",
            "has_car",
            "takes_bus",
            "wished_occupations",
            "interests",
            "seeking",
            "programme_participant",
        )
        widgets = {
            "norwegian_assessed_on": DATE,
            "available_from": DATE,
            "interests": forms.Textarea(attrs={"rows": 3}),
        }


class EducationForm(forms.ModelForm):
    class Meta:
        model = Education
        fields = ("level", "field", "country", "years", "completed", "has_documents", "recognition")


class ExperienceForm(forms.ModelForm):
    occupation = OccupationField()

    class Meta:
        model = WorkExperience
        fields = ("occupation", "description", "years", "country")


class LanguageForm(forms.ModelForm):
    oral = forms.ChoiceField(
        label=_("Oral"), choices=NOT_ASSESSED + CEFR.choices, required=False, error_messages=CEFR_ERRORS
    )
    written = forms.ChoiceField(
        label=_("Written"), choices=NOT_ASSESSED + CEFR.choices, required=False, error_messages=CEFR_ERRORS
    )

    class Meta:
        model = LanguageSkill
        fields = ("language", "native", "oral", "written")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [c for c in Language.choices if c[0] != Language.NORWEGIAN]


# ---------------------------------------------------------------------------- employers
class EmployerForm(forms.ModelForm):
    org_number = forms.CharField(
        label=_("Organisation number"),
        max_length=11,
        required=False,
        help_text=_("Nine digits. Required for private businesses."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    class Meta:
        model = Employer
        fields = ("name", "kind", "org_number", "industry", "municipality", "address", "notes", "active")
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, municipalities=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities
        if municipalities is not None and len(municipalities) == 1 and not self.initial.get("municipality"):
            self.initial["municipality"] = municipalities[0].pk

    def clean_org_number(self):
        # The model field keeps nine digits; the number may be typed with spaces as it is printed.
        return (self.cleaned_data.get("org_number") or "").replace(" ", "")


class ContactPersonForm(forms.ModelForm):
    class Meta:
        model = ContactPerson
        fields = ("name", "role", "phone", "email")


class AgreementForm(forms.ModelForm):
    class Meta:
        model = Agreement
        fields = ("kind", "signed_on", "valid_until", "note")
        widgets = {"signed_on": DATE, "valid_until": DATE}


class EmployerContactForm(forms.ModelForm):
    class Meta:
        model = EmployerContact
        fields = ("contacted_on", "kind", "note")
        widgets = {"contacted_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contacted_on"].initial = timezone.localdate


# ---------------------------------------------------------------------------- openings
class OpeningForm(Grouped, forms.ModelForm):
    occupation = OccupationComboField()
    hours_per_week = HoursField()
    oral_level = forms.ChoiceField(
        label=_("Oral Norwegian"),
        choices=NO_REQUIREMENT + CEFR.choices,
        required=False,
        error_messages=CEFR_ERRORS,
    )
    oral_is = forms.ChoiceField(
        label=_("Oral Norwegian is"),
        choices=REQUIRED_OR_PREFERRED,
        initial="required",
        widget=forms.RadioSelect,
    )
    written_level = forms.ChoiceField(
        label=_("Written Norwegian"),
        choices=NO_REQUIREMENT + CEFR.choices,
        required=False,
        error_messages=CEFR_ERRORS,
    )
    written_is = forms.ChoiceField(
        label=_("Written Norwegian is"),
        choices=REQUIRED_OR_PREFERRED,
        initial="required",
        widget=forms.RadioSelect,
    )
    experience_years = forms.IntegerField(
        label=_("Years of experience in the occupation"), required=False, min_value=1, max_value=40
    )
    experience_is = forms.ChoiceField(
        label=_("Experience is"), choices=REQUIRED_OR_PREFERRED, initial="preferred", widget=forms.RadioSelect
    )
    licences_required = multiple(LicenceClass.choices, _("Driving licence, required"))
    licences_preferred = multiple(LicenceClass.choices, _("Driving licence, preferred"))
    certificates_required = multiple(Certificate.choices, _("Certificates, required"))
    certificates_preferred = multiple(Certificate.choices, _("Certificates, preferred"))
    physical_required = multiple(
        PhysicalDemand.choices,
        _("Physical demands that are part of the job"),
        _("A person who cannot do one of these is not proposed."),
    )
    physical_preferred = multiple(
        PhysicalDemand.choices,
        _("Physical demands that can be adjusted"),
        _("They weigh in the ranking, but exclude nobody."),
    )

    groups = [
        (
            _("The opening"),
            ["title", "kind", "occupation", "tasks", "positions", "hours_per_week", "starts_on", "ends_on"],
        ),
        (
            _("Place and travel"),
            ["place", "municipality", "bus_connection", "transport_provided", "how_to_get_there"],
        ),
        (
            _("Language requirement analysis"),
            [
                "oral_level",
                "oral_is",
                "written_level",
                "written_is",
                "language_set_by",
                "language_set_on",
                "language_basis",
            ],
        ),
        (
            _("Other requirements"),
            [
                "experience_years",
                "experience_is",
                "licences_required",
                "licences_preferred",
                "certificates_required",
                "certificates_preferred",
                "physical_required",
                "physical_preferred",
            ],
        ),
        (_("Status"), ["status", "job_fair"]),
    ]

    class Meta:
        model = Opening
        fields = services.OPENING_FIELDS
        widgets = {
            "starts_on": DATE,
            "ends_on": DATE,
            "language_set_on": DATE,
            "tasks": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "language_set_by": _(
                "Who found the level really needed, for example the manager and the adviser."
            ),
        }

    def __init__(self, *args, municipalities=None, fairs=None, requirements=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities
        self.fields["municipality"].required = False
        self.fields["municipality"].help_text = _("Where the work is, if not where the employer is.")
        self.fields["job_fair"].queryset = fairs
        # Required only with a Norwegian level: the label says so before anyone tries.
        self.fields["language_set_by"].label = _(
            "Language requirement set by (required when a Norwegian level is set)"
        )
        if not self.is_bound:
            self._initial_requirements(requirements)

    def occupation_options(self) -> list[str]:
        return OccupationComboField.options()

    def clean(self):
        """The rules that join two fields, checked with the rest so that every error shows at once."""
        cd = super().clean()
        has_level = cd.get("oral_level") or cd.get("written_level")
        set_by = (cd.get("language_set_by") or "").strip()
        if has_level and not set_by and "language_set_by" not in self.errors:
            self.add_error("language_set_by", services.MSG_LANGUAGE_SET_BY)
        starts_on, ends_on = cd.get("starts_on"), cd.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on and "ends_on" not in self.errors:
            self.add_error(
                "ends_on",
                forms.ValidationError(services.MSG_ENDS_BEFORE_START, params={"date": date_label(starts_on)}),
            )
        return cd

    def _initial_requirements(self, requirements):
        for r in requirements:
            is_ = "required" if r.required else "preferred"
            if r.kind == RequirementKind.NORWEGIAN_ORAL:
                self.initial.update(oral_level=r.value, oral_is=is_)
            elif r.kind == RequirementKind.NORWEGIAN_WRITTEN:
                self.initial.update(written_level=r.value, written_is=is_)
            elif r.kind == RequirementKind.EXPERIENCE:
                self.initial.update(experience_years=int(r.value), experience_is=is_)
            else:
                name = {"licence": "licences", "certificate": "certificates", "physical": "physical"}[r.kind]
                self.initial.setdefault(f"{name}_{is_}", []).append(r.value)

    def requirements(self) -> list[dict]:
        """The requirements as the services take them: kind, value, and required or preferred."""
        cd = self.cleaned_data
        found = []
        for level, is_, kind in (
            ("oral_level", "oral_is", RequirementKind.NORWEGIAN_ORAL),
            ("written_level", "written_is", RequirementKind.NORWEGIAN_WRITTEN),
        ):
            if cd.get(level):
                found.append({"kind": kind, "value": cd[level], "required": cd.get(is_) != "preferred"})
        if cd.get("experience_years"):
            found.append(
                {
                    "kind": RequirementKind.EXPERIENCE,
                    "value": str(cd["experience_years"]),
                    "required": cd.get("experience_is") == "required",
                }
            )
        for name, kind in (
            ("licences", RequirementKind.LICENCE),
            ("certificates", RequirementKind.CERTIFICATE),
            ("physical", RequirementKind.PHYSICAL),
        ):
            required = cd.get(f"{name}_required") or []
            found += [{"kind": kind, "value": v, "required": True} for v in required]
            found += [
                {"kind": kind, "value": v, "required": False}
                for v in cd.get(f"{name}_preferred") or []
                if v not in required
            ]
        return found


# ---------------------------------------------------------------------------- placements
class AgreeForm(forms.Form):
    agreed_on = forms.DateField(label=_("Agreed on"), widget=DATE, initial=timezone.localdate)
    starts_on = forms.DateField(label=_("Planned start"), widget=DATE, required=False)
    ends_on = forms.DateField(label=_("Planned end"), widget=DATE, required=False)
    hours_per_week = HoursField(required=False)
    supervisor = forms.CharField(
        label=_("Supervisor at the workplace"), max_length=120, required=False, validators=TEXT
    )
    mentor = forms.CharField(label=_("Mentor"), max_length=120, required=False, validators=TEXT)


class StartForm(forms.Form):
    started_on = forms.DateField(label=_("Started on"), widget=DATE, initial=timezone.localdate)


class EndForm(forms.Form):
    ended_on = forms.DateField(label=_("Ended on"), widget=DATE, initial=timezone.localdate)
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=[("", "—"), *PlacementOutcome.choices], required=False
    )
    end_reason = forms.ChoiceField(
        label=_("Why it ended without a job"),
        choices=[("", "—"), *EndReason.choices],
        required=False,
        help_text=_("Never a diagnosis: that belongs to the health section."),
    )
    outcome_note = forms.CharField(label=_("Note"), max_length=500, required=False, validators=TEXT)


class WithdrawForm(forms.Form):
    outcome_note = forms.CharField(label=_("Why is the proposal withdrawn?"), max_length=500, validators=TEXT)


class PlacementEditForm(forms.Form):
    starts_on = forms.DateField(label=_("Planned start"), widget=DATE, required=False)
    ends_on = forms.DateField(label=_("Planned end"), widget=DATE, required=False)
    hours_per_week = HoursField(required=False)
    supervisor = forms.CharField(
        label=_("Supervisor at the workplace"), max_length=120, required=False, validators=TEXT
    )
    mentor = forms.CharField(label=_("Mentor"), max_length=120, required=False, validators=TEXT)


class VisitForm(forms.ModelForm):
    class Meta:
        model = FollowUpVisit
        fields = ("visited_on", "kind", "note")
        widgets = {"visited_on": DATE, "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["visited_on"].initial = timezone.localdate


class DirectPlacementForm(forms.Form):
    employer = forms.ModelChoiceField(label=_("Employer"), queryset=Employer.objects.none())
    kind = forms.ChoiceField(label=_("Kind"), choices=OpeningKind.choices)
    starts_on = forms.DateField(label=_("Planned start"), widget=DATE, required=False)
    ends_on = forms.DateField(label=_("Planned end"), widget=DATE, required=False)
    hours_per_week = HoursField(required=False)
    supervisor = forms.CharField(
        label=_("Supervisor at the workplace"), max_length=120, required=False, validators=TEXT
    )
    mentor = forms.CharField(label=_("Mentor"), max_length=120, required=False, validators=TEXT)

    def __init__(self, *args, employers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employer"].queryset = employers


# ---------------------------------------------------------------------------- job fairs
class FairForm(forms.ModelForm):
    class Meta:
        model = JobFair
        fields = ("title", "held_on", "place", "municipality", "with_nav", "description", "outcome_note")
        widgets = {
            "held_on": DATE,
            "description": forms.Textarea(attrs={"rows": 3}),
            "outcome_note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, municipalities=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities


class InviteEmployerForm(forms.Form):
    employer = forms.ModelChoiceField(label=_("Employer"), queryset=Employer.objects.none())

    def __init__(self, *args, employers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employer"].queryset = employers


class InviteParticipantForm(forms.Form):
    person = forms.TypedChoiceField(label=_("Participant"), coerce=int, choices=())

    def __init__(self, *args, persons=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [
            ("", "—"),
            *((p.pk, f"{p.family_name}, {p.given_name}") for p in persons),
        ]


class OutcomeForm(forms.Form):
    outcome_note = forms.CharField(
        label=_("What came of it"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


# ---------------------------------------------------------------------------- Nav's record
class NavFollowUpForm(forms.ModelForm):
    class Meta:
        model = NavFollowUp
        fields = ("contact_person", "transition_meeting_on")
        widgets = {"transition_meeting_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["transition_meeting_on"].validators.append(validate_day)


class NavStatusForm(forms.ModelForm):
    class Meta:
        model = NavStatus
        fields = ("status", "from_date", "to_date")
        widgets = {"from_date": DATE, "to_date": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.fields["from_date"].initial = timezone.localdate
        for name in ("from_date", "to_date"):
            self.fields[name].validators.append(validate_day)
