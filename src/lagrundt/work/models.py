"""Competence profiles (personal data, section «work»), employers, openings, placements and job fairs.

No logic here beyond field validation: changes go through ``services``, reads through ``selectors``,
the matching through ``rules``. A profile, a placement and a fair participant are personal data of
a refugee and are read and written only through the access policy; employers, openings and fairs are
not, and who may manage them is decided by ``access.resources``.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from lagrundt.people.languages import Language
from lagrundt.people.models import PHONE, TEXT, Person
from lagrundt.tenancy.models import Municipality

from . import occupations, rules
from .vocabulary import (
    CEFR,
    AgreementKind,
    ContactKind,
    EducationLevel,
    EmployerKind,
    EndReason,
    Industry,
    NavStatusKind,
    OpeningKind,
    OpeningStatus,
    PlacementOutcome,
    PlacementState,
    Recognition,
    RequirementKind,
    VisitKind,
)

OCCUPATION = [occupations.validate_unit_group]
CEFR_ERRORS = {"invalid_choice": rules.MSG_CEFR_RANGE}
MAX_HOURS = 60
# Hours a week in openings and placements are given to the half hour or tenth, as a contract says
# them: 37,5 is a full-time week.
HOURS_DIGITS = {"max_digits": 4, "decimal_places": 1}


def hours_label(hours: Decimal | float | int | None) -> str:
    """Hours a week as people write them: «37,5» in Norwegian, «37.5» in English, «20» not «20,0»."""
    if hours is None:
        return "–"
    value = Decimal(str(hours))
    if value == value.to_integral_value():
        return str(int(value))
    return number_format(value.normalize(), use_l10n=True)


def _cefr_field(label):
    return models.CharField(label, max_length=2, choices=CEFR.choices, blank=True, error_messages=CEFR_ERRORS)


# ---------------------------------------------------------------------------- the competence profile
class CompetenceProfile(models.Model):
    """What a person knows, can do and wants, filled by the case worker with the participant."""

    # Codes from fixed lists, kept in the audit log's change entries (free text never is).
    audit_codes = ("licences", "certificates", "wished_occupations")

    person = models.OneToOneField(
        Person, on_delete=models.CASCADE, related_name="competence_profile", verbose_name=_("person")
    )
    norwegian_oral = _cefr_field(_("oral Norwegian"))
    norwegian_written = _cefr_field(_("written Norwegian"))
    norwegian_assessed_on = models.DateField(_("Norwegian level assessed on"), null=True, blank=True)
    licences = models.JSONField(_("driving licence classes"), default=list, blank=True)
    certificates = models.JSONField(_("certificates"), default=list, blank=True)
    skills = models.JSONField(_("skills"), default=list, blank=True)
    skills_note = models.CharField(_("other skills"), max_length=500, blank=True, validators=TEXT)
    # Limits only, from a fixed list; there is deliberately no free text that could hold a diagnosis.
    limits = models.JSONField(_("work restrictions"), default=list, blank=True)
    max_hours_per_week = models.PositiveSmallIntegerField(
        _("hours a week at most"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_HOURS)],
        help_text=_("Leave empty for full time."),
    )
    available_from = models.DateField(_("available from"), null=True, blank=True)
    seasonal_work = models.BooleanField(_("willing to take seasonal work"), default=True)
    has_car = models.BooleanField(_("has a car"), default=False)
    takes_bus = models.BooleanField(_("can travel by bus"), default=True)
    wished_occupations = models.JSONField(_("wished occupations"), default=list, blank=True)
    interests = models.CharField(_("wishes and interests"), max_length=1000, blank=True, validators=TEXT)
    seeking = models.BooleanField(
        _("looking for a placement or work"),
        default=True,
        help_text=_("Only those looking are proposed for openings."),
    )
    programme_participant = models.BooleanField(_("in the introduction programme"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("competence profile")
        verbose_name_plural = _("competence profiles")

    def __str__(self) -> str:
        return str(self.person)


class Education(models.Model):
    profile = models.ForeignKey(CompetenceProfile, on_delete=models.CASCADE, related_name="educations")
    level = models.CharField(_("level"), max_length=20, choices=EducationLevel.choices)
    field = models.CharField(_("field"), max_length=120, blank=True, validators=TEXT)
    country = CountryField(_("country"), blank=True)
    years = models.PositiveSmallIntegerField(
        _("years"), null=True, blank=True, validators=[MaxValueValidator(30)]
    )
    completed = models.BooleanField(_("completed"), default=True)
    has_documents = models.BooleanField(_("has documents"), default=False)
    recognition = models.CharField(
        _("recognition in Norway"),
        max_length=16,
        choices=Recognition.choices,
        default=Recognition.NOT_APPLIED,
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("education")
        verbose_name_plural = _("educations")

    def __str__(self) -> str:
        return f"{self.get_level_display()} {self.field}".strip()


class WorkExperience(models.Model):
    audit_codes = ("occupation",)  # a STYRK-08 code, kept in the audit log's change entries

    profile = models.ForeignKey(CompetenceProfile, on_delete=models.CASCADE, related_name="experiences")
    occupation = models.CharField(_("occupation (STYRK-08)"), max_length=4, validators=OCCUPATION)
    description = models.CharField(_("what the person did"), max_length=200, blank=True, validators=TEXT)
    years = models.DecimalField(
        _("years"),
        max_digits=3,
        decimal_places=1,
        validators=[MinValueValidator(0), MaxValueValidator(60)],
    )
    country = CountryField(_("country"), blank=True)

    class Meta:
        ordering = ["-years", "pk"]
        verbose_name = _("work experience")
        verbose_name_plural = _("work experience")

    def __str__(self) -> str:
        return f"{occupations.label(self.occupation)} ({self.years})"

    @property
    def occupation_label(self) -> str:
        return occupations.label(self.occupation)

    @property
    def hours_label(self) -> str:
        return hours_label(self.hours_per_week)


class LanguageSkill(models.Model):
    """A language other than Norwegian, with the level spoken and written."""

    profile = models.ForeignKey(CompetenceProfile, on_delete=models.CASCADE, related_name="languages")
    language = models.CharField(_("language"), max_length=8, choices=Language.choices)
    native = models.BooleanField(_("mother tongue"), default=False)
    oral = _cefr_field(_("oral"))
    written = _cefr_field(_("written"))

    class Meta:
        ordering = ["-native", "language"]
        constraints = [models.UniqueConstraint(fields=["profile", "language"], name="work_language_once")]
        verbose_name = _("language")
        verbose_name_plural = _("languages")

    def __str__(self) -> str:
        return self.get_language_display()


# ---------------------------------------------------------------------------- employers
class Employer(models.Model):
    """A private business or a municipal department that takes participants for placements and jobs."""

    name = models.CharField(_("name"), max_length=200, validators=TEXT)
    kind = models.CharField(_("sector"), max_length=16, choices=EmployerKind.choices)
    org_number = models.CharField(
        _("organisation number"),
        max_length=9,
        blank=True,
        validators=[rules.validate_org_number],
        help_text=_("Nine digits. Required for private businesses."),
    )
    industry = models.CharField(_("industry"), max_length=24, choices=Industry.choices)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="+", verbose_name=_("municipality")
    )
    address = models.CharField(_("address"), max_length=200, blank=True, validators=TEXT)
    notes = models.TextField(_("notes"), max_length=2000, blank=True, validators=TEXT)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="work_employer_name_unique")
        ]
        indexes = [models.Index(fields=["municipality", "kind"], name="work_employer_kind")]
        verbose_name = _("employer")
        verbose_name_plural = _("employers")

    def __str__(self) -> str:
        return self.name


class ContactPerson(models.Model):
    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("name"), max_length=120, validators=TEXT)
    role = models.CharField(_("role"), max_length=120, blank=True, validators=TEXT)
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=PHONE)
    email = models.EmailField(_("email"), max_length=200, blank=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")

    def __str__(self) -> str:
        return self.name


class Agreement(models.Model):
    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="agreements")
    kind = models.CharField(_("kind"), max_length=20, choices=AgreementKind.choices)
    signed_on = models.DateField(_("signed on"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True, validators=TEXT)

    class Meta:
        ordering = ["-signed_on", "pk"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.signed_on:%d.%m.%Y}"


class EmployerContact(models.Model):
    """A contact with an employer: the history, and what «not contacted in 90 days» is read from."""

    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="contact_log")
    contacted_on = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=16, choices=ContactKind.choices)
    note = models.CharField(_("note"), max_length=500, blank=True, validators=TEXT)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )

    class Meta:
        ordering = ["-contacted_on", "-pk"]
        indexes = [models.Index(fields=["employer", "-contacted_on"], name="work_contact_latest")]
        verbose_name = _("contact with an employer")
        verbose_name_plural = _("contacts with employers")

    def __str__(self) -> str:
        return f"{self.employer} {self.contacted_on:%d.%m.%Y}"


# ---------------------------------------------------------------------------- openings
class JobFair(models.Model):
    """A job fair (jobbtreff), held with Nav: invited employers and participants, and what came of it."""

    title = models.CharField(_("title"), max_length=200, validators=TEXT)
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True, validators=TEXT)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="+", verbose_name=_("municipality")
    )
    with_nav = models.BooleanField(_("held together with Nav"), default=True)
    description = models.TextField(_("programme"), max_length=2000, blank=True, validators=TEXT)
    outcome_note = models.TextField(_("what came of it"), max_length=2000, blank=True, validators=TEXT)

    class Meta:
        ordering = ["-held_on", "pk"]
        verbose_name = _("job fair")
        verbose_name_plural = _("job fairs")

    def __str__(self) -> str:
        return self.title


class Opening(models.Model):
    """A placement or job an employer offers, with its requirements, each required or preferred."""

    employer = models.ForeignKey(
        Employer, on_delete=models.PROTECT, related_name="openings", verbose_name=_("employer")
    )
    title = models.CharField(_("title"), max_length=200, validators=TEXT)
    kind = models.CharField(_("kind"), max_length=20, choices=OpeningKind.choices)
    occupation = models.CharField(_("occupation (STYRK-08)"), max_length=4, validators=OCCUPATION)
    tasks = models.TextField(_("tasks"), max_length=2000, blank=True, validators=TEXT)
    positions = models.PositiveSmallIntegerField(
        _("places"), default=1, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    hours_per_week = models.DecimalField(
        _("hours a week"), **HOURS_DIGITS, validators=[MinValueValidator(1), MaxValueValidator(MAX_HOURS)]
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    place = models.CharField(_("place of work"), max_length=200, blank=True, validators=TEXT)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="+", verbose_name=_("municipality of the work")
    )
    bus_connection = models.BooleanField(_("reachable by bus"), default=True)
    transport_provided = models.BooleanField(_("the employer provides transport"), default=False)
    how_to_get_there = models.CharField(_("how to get there"), max_length=300, blank=True, validators=TEXT)
    # The language requirement analysis: the level really needed, who set it and why.
    language_set_by = models.CharField(
        _("language requirement set by"), max_length=120, blank=True, validators=TEXT
    )
    language_set_on = models.DateField(_("language requirement set on"), null=True, blank=True)
    language_basis = models.CharField(_("why this level"), max_length=500, blank=True, validators=TEXT)
    status = models.CharField(
        _("status"), max_length=8, choices=OpeningStatus.choices, default=OpeningStatus.OPEN
    )
    job_fair = models.ForeignKey(
        JobFair,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="openings",
        verbose_name=_("came from the job fair"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["municipality", "status"], name="work_opening_status")]
        verbose_name = _("opening")
        verbose_name_plural = _("openings")

    def __str__(self) -> str:
        return f"{self.title} – {self.employer}"

    @property
    def occupation_label(self) -> str:
        return occupations.label(self.occupation)

    @property
    def hours_label(self) -> str:
        return hours_label(self.hours_per_week)


class OpeningRequirement(models.Model):
    opening = models.ForeignKey(Opening, on_delete=models.CASCADE, related_name="requirements")
    kind = models.CharField(_("requirement"), max_length=20, choices=RequirementKind.choices)
    value = models.CharField(_("value"), max_length=24)
    required = models.BooleanField(_("required"), default=True, help_text=_("Otherwise preferred."))

    class Meta:
        ordering = ["kind", "value"]
        constraints = [
            models.UniqueConstraint(fields=["opening", "kind", "value"], name="work_requirement_once")
        ]
        verbose_name = _("requirement")
        verbose_name_plural = _("requirements")

    def __str__(self) -> str:
        return f"{self.kind}={self.value}"


# ---------------------------------------------------------------------------- placements
class Placement(models.Model):
    """A person at an employer: proposed → agreed → started → ended, with follow-up and outcome."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="placements")
    # The person's municipality when proposed: the policy filters on it and statistics count by it.
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    employer = models.ForeignKey(
        Employer, on_delete=models.PROTECT, related_name="placements", verbose_name=_("employer")
    )
    opening = models.ForeignKey(
        Opening, on_delete=models.SET_NULL, null=True, blank=True, related_name="placements"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=OpeningKind.choices)
    state = models.CharField(
        _("state"), max_length=10, choices=PlacementState.choices, default=PlacementState.PROPOSED
    )
    proposed_on = models.DateField(_("proposed on"))
    agreed_on = models.DateField(_("agreed on"), null=True, blank=True)
    starts_on = models.DateField(_("planned start"), null=True, blank=True)
    ends_on = models.DateField(_("planned end"), null=True, blank=True)
    started_on = models.DateField(_("started on"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    hours_per_week = models.DecimalField(
        _("hours a week"),
        **HOURS_DIGITS,
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_HOURS)],
    )
    supervisor = models.CharField(_("supervisor"), max_length=120, blank=True, validators=TEXT)
    mentor = models.CharField(_("mentor"), max_length=120, blank=True, validators=TEXT)
    outcome = models.CharField(_("outcome"), max_length=12, choices=PlacementOutcome.choices, blank=True)
    end_reason = models.CharField(_("why it ended"), max_length=20, choices=EndReason.choices, blank=True)
    outcome_note = models.CharField(_("note on the outcome"), max_length=500, blank=True, validators=TEXT)
    job_fair = models.ForeignKey(
        JobFair,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="placements",
        verbose_name=_("came from the job fair"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-proposed_on", "-pk"]
        indexes = [
            models.Index(fields=["municipality", "state"], name="work_placement_state"),
            models.Index(fields=["employer", "state"], name="work_placement_employer"),
        ]
        verbose_name = _("placement")
        verbose_name_plural = _("placements")

    def __str__(self) -> str:
        return f"{self.person} – {self.employer} ({self.state})"

    @property
    def hours_label(self) -> str:
        return hours_label(self.hours_per_week)


class FollowUpVisit(models.Model):
    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="visits")
    visited_on = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=10, choices=VisitKind.choices)
    note = models.CharField(_("note"), max_length=1000, blank=True, validators=TEXT)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-visited_on", "-pk"]
        verbose_name = _("follow-up visit")
        verbose_name_plural = _("follow-up visits")

    def __str__(self) -> str:
        return f"{self.placement_id} {self.visited_on:%d.%m.%Y}"


# ---------------------------------------------------------------------------- job fairs
class JobFairEmployer(models.Model):
    fair = models.ForeignKey(JobFair, on_delete=models.CASCADE, related_name="employers")
    employer = models.ForeignKey(Employer, on_delete=models.PROTECT, related_name="+")
    attended = models.BooleanField(_("attended"), null=True, blank=True)

    class Meta:
        ordering = ["employer__name", "pk"]
        constraints = [models.UniqueConstraint(fields=["fair", "employer"], name="work_fair_employer_once")]

    def __str__(self) -> str:
        return f"{self.fair} – {self.employer}"


class JobFairParticipant(models.Model):
    """A participant invited to a fair: personal data (section work), read and written through the policy."""

    fair = models.ForeignKey(JobFair, on_delete=models.CASCADE, related_name="participants")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    attended = models.BooleanField(_("attended"), null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["fair", "person"], name="work_fair_person_once")]

    def __str__(self) -> str:
        return f"{self.fair} – {self.person_id}"


# ---------------------------------------------------------------------------- Nav's record
class NavFollowUp(models.Model):
    """Nav's own record of a person (section «work», written only by Nav): the contact person at Nav and
    the transition meeting held when the introduction programme ends."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="nav_follow_up")
    contact_person = models.CharField(_("contact person at Nav"), max_length=200, blank=True, validators=TEXT)
    transition_meeting_on = models.DateField(
        _("transition meeting held on"),
        null=True,
        blank=True,
        help_text=_("The meeting with Nav when the introduction programme ends."),
    )

    class Meta:
        verbose_name = _("Nav follow-up")
        verbose_name_plural = _("Nav follow-ups")

    def __str__(self) -> str:
        return f"{self.person_id}"


class NavStatus(models.Model):
    """A person's status at Nav over a period; no end (``to_date`` empty) is the current status.

    A person's periods never overlap (``services.nav_status_save``); the indicator «settled adults in
    work or education» reads the status on the day it measures.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="nav_statuses")
    status = models.CharField(_("status at Nav"), max_length=16, choices=NavStatusKind.choices)
    from_date = models.DateField(_("from"))
    to_date = models.DateField(_("to"), null=True, blank=True, help_text=_("Empty while it lasts."))

    class Meta:
        ordering = ["-from_date", "-pk"]
        indexes = [models.Index(fields=["person", "from_date"], name="work_nav_status_person")]
        verbose_name = _("Nav status")
        verbose_name_plural = _("Nav statuses")

    def __str__(self) -> str:
        return f"{self.person_id} {self.status} {self.from_date:%d.%m.%Y}"
