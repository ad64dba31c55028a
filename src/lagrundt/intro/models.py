"""The introduction programme's records. Rows are written only by ``services``; the rules that decide
what may be written are in ``rules`` (pure) and the law's numbers in ``data/`` and the two
administrator tables at the end (``RuleVersionRecord``, ``BaseAmountRecord``)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lagrundt.core.sources import confidence_field
from lagrundt.people.models import TEXT, Person
from lagrundt.tenancy.models import Municipality

from . import rules


class PermitBasis(models.TextChoices):
    ASYLUM = rules.Basis.ASYLUM, _("Refugee after asylum (utlendingsloven § 28)")
    RESETTLEMENT = rules.Basis.RESETTLEMENT, _("Resettlement refugee (utlendingsloven § 35)")
    HUMANITARIAN = (
        rules.Basis.HUMANITARIAN,
        _("Strong humanitarian grounds after asylum (utlendingsloven § 38)"),
    )
    COLLECTIVE_PROTECTION = (
        rules.Basis.COLLECTIVE_PROTECTION,
        _("Temporary collective protection (utlendingsloven § 34)"),
    )
    FAMILY_OF_REFUGEE = (
        rules.Basis.FAMILY_OF_REFUGEE,
        _("Family immigration to a person in these groups settled less than five years before"),
    )
    FAMILY_OTHER = rules.Basis.FAMILY_OTHER, _("Family immigration to others")
    INDEPENDENT = rules.Basis.INDEPENDENT, _("Independent grounds (utlendingsloven § 53)")
    OTHER = rules.Basis.OTHER, _("Another residence permit")


class EligibilityStatus(models.TextChoices):
    RIGHT_AND_DUTY = rules.Status.RIGHT_AND_DUTY, _("Right and duty")
    RIGHT_ONLY = rules.Status.RIGHT_ONLY, _("Right, no duty")
    MAY_BE_OFFERED = rules.Status.MAY_BE_OFFERED, _("May be offered")
    OUTSIDE = rules.Status.OUTSIDE, _("Outside the target group")


class ProgrammeCase(models.Model):
    """What the register does not hold and the right depends on: the permit, the agreement, family facts.

    An empty field means "read from the register" (the settlement category, the household), and the
    page says that the value is assumed until the case worker records it.
    """

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="programme_case")
    permit_basis = models.CharField(
        _("residence permit"), max_length=32, choices=PermitBasis.choices, blank=True
    )
    permit_granted_on = models.DateField(_("permit granted on"), null=True, blank=True)
    settled_by_agreement = models.BooleanField(_("settled by agreement with IMDi"), null=True, blank=True)
    nordic_or_eea = models.BooleanField(_("Nordic or EEA citizen"), default=False)
    claim_made_on = models.DateField(_("claim made on"), null=True, blank=True)
    lives_with_parent = models.BooleanField(_("lives with one or both parents"), null=True, blank=True)
    single_carer = models.BooleanField(_("single carer"), null=True, blank=True)
    couple_without_children = models.BooleanField(
        _("spouse or cohabitant also in the programme, no children"), default=False
    )
    declined_on = models.DateField(_("declined the programme on"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("programme case")
        verbose_name_plural = _("programme cases")

    def __str__(self) -> str:
        return str(self.person)


class EducationLevel(models.TextChoices):
    NONE = "none", _("No schooling")
    PRIMARY_PARTIAL = "primary_partial", _("Some primary school")
    PRIMARY = "primary", _("Primary and lower secondary school")
    UPPER_SECONDARY = "upper_secondary", _("Upper secondary school")
    HIGHER = "higher", _("Higher education")

    @classmethod
    def has_upper_secondary(cls, level: str) -> bool:
        return level in (cls.UPPER_SECONDARY, cls.HIGHER)


class Literacy(models.TextChoices):
    NOT_LITERATE = "not_literate", _("Cannot read and write")
    OTHER_SCRIPT = "other_script", _("Reads and writes another script")
    LATIN_SCRIPT = "latin_script", _("Reads and writes the Latin alphabet")


class NorwegianLevel(models.TextChoices):
    NONE = "none", pgettext_lazy("Norwegian level", "None")
    A1 = "A1", "A1"
    A2 = "A2", "A2"
    B1 = "B1", "B1"
    B2 = "B2", "B2"
    C1 = "C1", "C1"


class Assessment(models.Model):
    """The competence assessment (kartlegging, §§ 6, 10) and career guidance (§ 11), before the decision."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="programme_assessment")
    assessed_on = models.DateField(_("assessed on"))
    education_level = models.CharField(_("highest education"), max_length=16, choices=EducationLevel.choices)
    years_of_schooling = models.PositiveSmallIntegerField(
        _("years of schooling"), null=True, blank=True, validators=[MaxValueValidator(30)]
    )
    education_details = models.TextField(_("education"), blank=True, max_length=2000, validators=TEXT)
    work_experience = models.TextField(_("work experience"), blank=True, max_length=2000, validators=TEXT)
    skills = models.TextField(_("other skills"), blank=True, max_length=2000, validators=TEXT)
    literacy = models.CharField(_("literacy"), max_length=16, choices=Literacy.choices)
    norwegian_level = models.CharField(_("Norwegian level"), max_length=8, choices=NorwegianLevel.choices)
    health_limits = models.TextField(
        _("limits to take into account"),
        blank=True,
        max_length=1000,
        validators=TEXT,
        help_text=_(
            "What the participant cannot do or needs adapted (for example: cannot lift heavy loads, needs "
            "short days the first month). Never a diagnosis: those belong to health."
        ),
    )
    career_guidance_on = models.DateField(_("career guidance given on"), null=True, blank=True)
    career_guidance_by = models.CharField(
        _("career guidance given by"), max_length=200, blank=True, validators=TEXT
    )
    career_recommendation = models.TextField(
        _("recommendation from the career guidance"), blank=True, max_length=2000, validators=TEXT
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")

    def __str__(self) -> str:
        return f"{self.person} {self.assessed_on}"


class DecisionKind(models.TextChoices):
    PROGRAMME = "programme", _("Introduction programme granted")
    REFUSAL = "refusal", _("Introduction programme refused")
    EXTENSION = "extension", _("Extension of the programme")
    STOP_TEMPORARY = "stop_temporary", _("Temporary stop")
    STOP_PERMANENT = "stop_permanent", _("Stop")
    DEDUCTION = "deduction", _("Deduction in the benefit")


class FinalGoal(models.TextChoices):
    WORK = rules.Goal.WORK, _("Work")
    UPPER_SECONDARY = rules.Goal.UPPER_SECONDARY, _("Completed upper secondary school")
    HIGHER_EDUCATION = rules.Goal.HIGHER_EDUCATION, _("Higher education")
    PRIMARY_SCHOOL = rules.Goal.PRIMARY_SCHOOL, _("Primary school or parts of upper secondary")
    OTHER = rules.Goal.OTHER, _("Other")


class LetterLanguage(models.TextChoices):
    NB = "nb", _("Bokmål")
    NN = "nn", _("Nynorsk")


class Decision(models.Model):
    """A decision under integreringsloven, printed as a letter. Never changed once made: a new decision
    (an extension, a stop) follows it. ``rules`` keeps the rule versions applied, ``facts`` what the
    decision rested on (eligibility, education), so that the letter reads the same years later."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="programme_decisions")
    kind = models.CharField(_("kind"), max_length=16, choices=DecisionKind.choices)
    decided_on = models.DateField(_("decided on"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    language = models.CharField(_("language of the letter"), max_length=2, choices=LetterLanguage.choices)
    grounds = models.TextField(_("grounds"), max_length=4000, validators=TEXT)
    starts_on = models.DateField(_("from"), null=True, blank=True)
    ends_on = models.DateField(_("to"), null=True, blank=True)
    months = models.PositiveSmallIntegerField(_("months"), null=True, blank=True)
    final_goal = models.CharField(_("final goal"), max_length=20, choices=FinalGoal.choices, blank=True)
    has_upper_secondary = models.BooleanField(
        _("has completed upper secondary school"), null=True, blank=True
    )
    period = models.DateField(_("pay month"), null=True, blank=True)  # a deduction's month
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2, null=True, blank=True)
    rules = models.JSONField(default=list, blank=True)
    facts = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["decided_on", "pk"]
        indexes = [models.Index(fields=["person", "kind", "decided_on"], name="intro_decision_person")]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.decided_on}"

    @property
    def reference(self) -> str:
        return f"IP-{self.pk}"


class IntegrationPlan(models.Model):
    """The integration plan (§ 15) and contract (§ 16). The activities are its measures."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="integration_plan")
    made_on = models.DateField(_("made on"))
    final_goal = models.CharField(_("final goal"), max_length=20, choices=FinalGoal.choices)
    norwegian_goal = models.CharField(_("Norwegian goal"), max_length=8, choices=NorwegianLevel.choices)
    norwegian_hours = models.PositiveSmallIntegerField(
        _("hours of Norwegian"), null=True, blank=True, validators=[MaxValueValidator(5000)]
    )
    civics_hours = models.PositiveSmallIntegerField(
        _("hours of civics"), null=True, blank=True, validators=[MaxValueValidator(500)]
    )
    content = models.TextField(_("content and progression"), max_length=4000, validators=TEXT)
    participant_duties = models.TextField(_("the participant undertakes"), max_length=2000, validators=TEXT)
    municipality_duties = models.TextField(_("the municipality undertakes"), max_length=2000, validators=TEXT)
    long_term_goals = models.TextField(
        _("the participant's long-term goals"), blank=True, max_length=2000, validators=TEXT
    )
    contract_signed_on = models.DateField(_("contract signed on"), null=True, blank=True)
    language = models.CharField(_("language of the document"), max_length=2, choices=LetterLanguage.choices)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("integration plan")
        verbose_name_plural = _("integration plans")

    def __str__(self) -> str:
        return f"{self.person} {self.made_on}"


class ActivityKind(models.TextChoices):
    NORWEGIAN = "norwegian", _("Norwegian")
    CIVICS = "civics", _("Civics")
    LANGUAGE_PRACTICE = "language_practice", _("Language practice")
    WORK_PRACTICE = "work_practice", _("Work practice")
    TRADE_COURSE = "trade_course", _("Trade course")
    PARENTING_COURSE = "parenting_course", _("Parenting course (ICDP)")
    LIFE_SKILLS = "life_skills", _("Life skills in a new country")
    CAREER_GUIDANCE = "career_guidance", _("Career guidance")
    EDUCATION = "education", _("Primary or upper secondary education")
    WORK = "work", _("Paid work")
    OTHER = "other", _("Other")


class Activity(models.Model):
    """A measure of the plan with its weekly hours: Norwegian classes, language practice at a workplace …"""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="programme_activities")
    kind = models.CharField(_("kind"), max_length=20, choices=ActivityKind.choices)
    description = models.CharField(_("where and what"), max_length=200, blank=True, validators=TEXT)
    phase = models.CharField(_("phase"), max_length=40, blank=True)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"), null=True, blank=True)
    hours_per_week = models.DecimalField(
        _("hours per week"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(0), MaxValueValidator(60)],
    )
    self_study = models.BooleanField(_("significant self-study"), default=False)

    class Meta:
        ordering = ["starts_on", "pk"]
        indexes = [models.Index(fields=["person", "starts_on"], name="intro_activity_person")]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.starts_on}"


class LadderStep(models.Model):
    """The participant entered a phase of the municipality's ladder on a day."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="programme_steps")
    phase = models.CharField(_("phase"), max_length=40)
    entered_on = models.DateField(_("from"))

    class Meta:
        ordering = ["entered_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["person", "entered_on"], name="intro_step_per_day")]
        verbose_name = _("ladder step")
        verbose_name_plural = _("ladder steps")

    def __str__(self) -> str:
        return f"{self.phase} {self.entered_on}"


class HolidayWeek(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="programme_holidays")
    monday = models.DateField(_("week"))

    class Meta:
        ordering = ["monday"]
        constraints = [models.UniqueConstraint(fields=["person", "monday"], name="intro_holiday_week_unique")]
        verbose_name = _("holiday week")
        verbose_name_plural = _("holiday weeks")

    def __str__(self) -> str:
        return str(self.monday)


class LeaveKind(models.TextChoices):
    WELFARE = "welfare", _("Welfare leave")
    PARENTAL = "parental", _("Birth or adoption")
    ILLNESS = "illness", _("Long illness")
    OTHER = "other", _("Other")


class Leave(models.Model):
    """Leave (permisjon): the programme's end moves by the days of leave."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="programme_leaves")
    kind = models.CharField(_("kind"), max_length=16, choices=LeaveKind.choices)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    with_benefit = models.BooleanField(_("with benefit"), default=True)
    reason = models.CharField(_("reason"), max_length=300, validators=TEXT)

    class Meta:
        ordering = ["starts_on", "pk"]
        verbose_name = _("leave")
        verbose_name_plural = _("leaves")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.starts_on}–{self.ends_on}"

    @property
    def days(self) -> int:
        return (self.ends_on - self.starts_on).days + 1


class DayStatus(models.TextChoices):
    PRESENT = rules.Day.PRESENT, _("Present")
    SELF_CERTIFIED = rules.Day.SELF_CERTIFIED, _("Own illness, self-certified")
    DOCTOR_CERTIFIED = rules.Day.DOCTOR_CERTIFIED, _("Own illness, doctor's certificate")
    CHILD_ILLNESS = rules.Day.CHILD_ILLNESS, _("Child's illness")
    WELFARE = rules.Day.WELFARE, _("Compelling welfare reasons, permitted")
    LEAVE = rules.Day.LEAVE, _("Leave")
    HOLIDAY = rules.Day.HOLIDAY, _("Holiday")
    UNEXCUSED = rules.Day.UNEXCUSED, _("Unexcused absence")
    PUBLIC_HOLIDAY = rules.Day.PUBLIC_HOLIDAY, _("Public holiday")


class AttendanceDay(models.Model):
    """One programme day as registered in the weekly attendance.

    Hours of unexcused absence reduce the benefit.
    """

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="attendance_days", db_index=False
    )
    day = models.DateField(_("day"))
    status = models.CharField(_("attendance"), max_length=20, choices=DayStatus.choices)
    unexcused_hours = models.DecimalField(
        _("hours of unexcused absence"),
        max_digits=3,
        decimal_places=1,
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(24)],
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    registered_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["day"]
        constraints = [models.UniqueConstraint(fields=["person", "day"], name="intro_attendance_day_unique")]
        verbose_name = _("attendance day")
        verbose_name_plural = _("attendance days")

    def __str__(self) -> str:
        return f"{self.day} {self.status}"


class EndReason(models.TextChoices):
    GOAL_REACHED = "goal_reached", _("Final goal reached")
    TIME_EXPIRED = "time_expired", _("Programme time ran out")
    OWN_WISH = "own_wish", _("The participant's own wish")
    WORK = "work", _("Went over to work")
    EDUCATION = "education", _("Went over to education")
    MOVED = "moved", _("Moved to another municipality")
    STOPPED = "stopped", _("Stopped by decision")
    OTHER = "other", _("Other")


class Outcome(models.TextChoices):
    WORK = "work", _("Work")
    EDUCATION = "education", _("Education")
    BOTH = "both", _("Work and education")
    NAV = "nav", _("Follow-up by Nav")
    OTHER = "other", _("Other")
    UNKNOWN = "unknown", _("Not known")

    @classmethod
    def in_work_or_education(cls) -> tuple[str, ...]:
        return (cls.WORK, cls.EDUCATION, cls.BOTH)


class ProgrammeEnd(models.Model):
    """How the programme ended, and the participant's status then and one year later."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="programme_end")
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    ended_on = models.DateField(_("ended on"))
    reason = models.CharField(_("end reason"), max_length=16, choices=EndReason.choices)
    status_at_end = models.CharField(_("status at the end"), max_length=16, choices=Outcome.choices)
    status_after_one_year = models.CharField(
        _("status one year later"), max_length=16, choices=Outcome.choices, blank=True
    )
    status_checked_on = models.DateField(_("status one year later checked on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True, max_length=2000, validators=TEXT)

    class Meta:
        indexes = [models.Index(fields=["municipality", "ended_on"], name="intro_end_municipality")]
        verbose_name = _("programme end")
        verbose_name_plural = _("programme ends")

    def __str__(self) -> str:
        return f"{self.person} {self.ended_on}"


class PayrollExport(models.Model):
    """A month's benefit sent to the payroll system. Once exported, the month is locked."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    month = models.DateField(_("month"))
    first_day = models.DateField()
    last_day = models.DateField()
    exported_at = models.DateTimeField(auto_now_add=True)
    exported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-month", "municipality"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "month"], name="intro_payroll_month_unique")
        ]
        verbose_name = _("payroll export")
        verbose_name_plural = _("payroll exports")

    def __str__(self) -> str:
        return f"{self.municipality} {self.month:%Y-%m}"


class BenefitPayment(models.Model):
    """What one participant was paid for one month, as exported. Never changed."""

    export = models.ForeignKey(PayrollExport, on_delete=models.PROTECT, related_name="payments")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="benefit_payments")
    month = models.DateField(_("month"))
    gross = models.DecimalField(_("benefit"), max_digits=12, decimal_places=2)
    deduction = models.DecimalField(_("deduction"), max_digits=12, decimal_places=2)
    correction = models.DecimalField(_("correction of earlier months"), max_digits=12, decimal_places=2)
    amount = models.DecimalField(_("paid"), max_digits=12, decimal_places=2)
    g_assumed = models.BooleanField(_("built on an assumed G"), default=False)
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["month", "pk"]
        constraints = [models.UniqueConstraint(fields=["person", "month"], name="intro_payment_unique")]
        verbose_name = _("benefit payment")
        verbose_name_plural = _("benefit payments")

    def __str__(self) -> str:
        return f"{self.person} {self.month:%Y-%m} {self.amount}"


class RuleVersionRecord(models.Model):
    """A version of a programme rule recorded by an administrator: the in-force date of a reform that was
    not found, or a confirmed value. It wins over the file's version of the same day."""

    key = models.CharField(_("rule"), max_length=60)
    valid_from = models.DateField(_("valid from"))
    value = models.JSONField(_("value"))
    rule = models.CharField(_("legal basis"), max_length=300)
    source = models.CharField(_("source"), max_length=400)
    confidence = confidence_field()
    note = models.CharField(_("note"), max_length=400, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["key", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["key", "valid_from"], name="intro_rule_version_unique")
        ]
        verbose_name = _("programme rule version")
        verbose_name_plural = _("programme rule versions")

    def __str__(self) -> str:
        return f"{self.key} {self.valid_from}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        from .rulebook import file_rulebook

        rule = file_rulebook().rules.get(self.key)
        if rule is None:
            raise ValidationError({"key": _("There is no programme rule with this key.")})
        expected = set(rule.versions[0].value)
        if not isinstance(self.value, dict) or set(self.value) != expected:
            raise ValidationError(
                {
                    "value": _("The value must have exactly the keys %(keys)s.")
                    % {"keys": ", ".join(sorted(expected))}
                }
            )


class BaseAmountRecord(models.Model):
    """G for a period from 1 May, recorded by an administrator with its source (when the file lacks it)."""

    valid_from = models.DateField(_("valid from (1 May)"), unique=True)
    amount = models.DecimalField(
        _("G in kroner"), max_digits=10, decimal_places=2, validators=[MinValueValidator(1)]
    )
    source = models.CharField(_("source"), max_length=400)
    confidence = confidence_field()
    note = models.CharField(_("note"), max_length=400, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["valid_from"]
        verbose_name = _("base amount (G)")
        verbose_name_plural = _("base amounts (G)")

    def __str__(self) -> str:
        return f"G {self.valid_from:%Y}: {self.amount}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.valid_from and (self.valid_from.month, self.valid_from.day) != (5, 1):
            raise ValidationError({"valid_from": _("G changes on 1 May: the period starts on 1 May.")})
