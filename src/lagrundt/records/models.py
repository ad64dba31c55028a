"""Each sector's own record of a person: what its routines produce, as structured fields.

The school keeps school places and decisions on special language teaching, the kindergarten its
places and the interpreter-assisted talks, the health service the GP, the arrival checks and the
health talks held. The health record holds dates and choices only, never what was found: clinical
content stays in the health service's own record system. Who reads and writes each record is the
policy's ``access.rules.RECORD_RULES``.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lagrundt.people.models import TEXT, Person

GRADES = (1, 13)
MAX_SCHOOL_HOURS = 40  # hours a week of special language teaching
MAX_KINDERGARTEN_HOURS = 45  # a full-time place is 41 hours a week


class ClassKind(models.TextChoices):
    WELCOME = "welcome", _("Welcome class")
    ORDINARY = "ordinary", _("Ordinary class")


class MotherTongueTeaching(models.TextChoices):
    NONE = "none", _("None")
    MOTHER_TONGUE = "mother_tongue", _("Mother-tongue teaching")
    BILINGUAL = "bilingual", _("Bilingual subject teaching")


class SchoolPlacement(models.Model):
    """A pupil's place at a school; without an end date it is the active one (one per pupil)."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="school_placements", verbose_name=_("pupil")
    )
    school = models.CharField(_("school"), max_length=200, validators=TEXT)
    grade = models.PositiveSmallIntegerField(
        _("grade"), validators=[MinValueValidator(GRADES[0]), MaxValueValidator(GRADES[1])]
    )
    starts_on = models.DateField(_("start date"))
    ends_on = models.DateField(_("end date"), null=True, blank=True)
    class_kind = models.CharField(_("class"), max_length=20, choices=ClassKind.choices)
    mother_tongue = models.CharField(
        _("mother-tongue or bilingual teaching"),
        max_length=20,
        choices=MotherTongueTeaching.choices,
        default=MotherTongueTeaching.NONE,
    )
    start_meeting_on = models.DateField(_("start meeting held on"), null=True, blank=True)
    level_test_on = models.DateField(_("level test done on"), null=True, blank=True)

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = _("school place")
        verbose_name_plural = _("school places")
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=Q(ends_on__isnull=True), name="records_one_active_school_place"
            ),
            models.CheckConstraint(
                condition=Q(grade__gte=GRADES[0], grade__lte=GRADES[1]), name="records_school_grade_range"
            ),
        ]

    def __str__(self) -> str:
        return self.school


class DecisionKind(models.TextChoices):
    NORWEGIAN = "norwegian", _("Special Norwegian teaching")
    WITH_MOTHER_TONGUE = "with_mother_tongue", _("Special Norwegian teaching and mother-tongue teaching")
    WITH_BILINGUAL = "with_bilingual", _("Special Norwegian teaching and bilingual subject teaching")
    NOT_GRANTED = "not_granted", _("Not granted")


class SpecialLanguageDecision(models.Model):
    """The school's decision on special language teaching (særskild språkopplæring)."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="language_decisions", verbose_name=_("pupil")
    )
    decided_on = models.DateField(_("decided on"))
    kind = models.CharField(_("decision"), max_length=20, choices=DecisionKind.choices)
    hours_per_week = models.PositiveSmallIntegerField(
        _("hours a week"), default=0, validators=[MaxValueValidator(MAX_SCHOOL_HOURS)]
    )

    class Meta:
        ordering = ["-decided_on", "-pk"]
        verbose_name = _("decision on special language teaching")
        verbose_name_plural = _("decisions on special language teaching")

    def __str__(self) -> str:
        return str(self.get_kind_display())


class KindergartenPlacement(models.Model):
    """A child's kindergarten place, from the application; without an end date it is the active one."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="kindergarten_placements", verbose_name=_("child")
    )
    applied_on = models.DateField(_("applied on"))
    kindergarten = models.CharField(_("kindergarten"), max_length=200, validators=TEXT)
    starts_on = models.DateField(_("start date"), null=True, blank=True)
    hours_per_week = models.PositiveSmallIntegerField(
        _("hours a week"), null=True, blank=True, validators=[MaxValueValidator(MAX_KINDERGARTEN_HOURS)]
    )
    ends_on = models.DateField(_("end date"), null=True, blank=True)
    welcome_talk_on = models.DateField(_("welcome talk held on"), null=True, blank=True)

    class Meta:
        ordering = ["-applied_on", "-pk"]
        verbose_name = _("kindergarten place")
        verbose_name_plural = _("kindergarten places")
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(ends_on__isnull=True),
                name="records_one_active_kindergarten_place",
            )
        ]

    def __str__(self) -> str:
        return self.kindergarten


class KindergartenTalk(models.Model):
    """An interpreter-assisted talk with the family in kindergarten, by its date."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="kindergarten_talks", verbose_name=_("child")
    )
    held_on = models.DateField(_("held on"))

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("interpreter-assisted talk")
        verbose_name_plural = _("interpreter-assisted talks")

    def __str__(self) -> str:
        return self.held_on.isoformat()


class HealthRecord(models.Model):
    """What coordination needs of the health service's work: the GP and whether the arrival checks are
    done, by date. Nothing of results or diagnoses: a date given means done, none means not done."""

    person = models.OneToOneField(
        Person, on_delete=models.CASCADE, related_name="health_record", verbose_name=_("person")
    )
    gp_practice = models.CharField(_("GP practice"), max_length=120, blank=True, validators=TEXT)
    gp_assigned_on = models.DateField(_("GP assigned on"), null=True, blank=True)
    tb_screening_on = models.DateField(_("tuberculosis screening done on"), null=True, blank=True)
    vaccination_reviewed_on = models.DateField(_("vaccination status reviewed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("health record")
        verbose_name_plural = _("health records")

    def __str__(self) -> str:
        return str(_("health record"))


class ContactKind(models.TextChoices):
    MAPPING = "mapping", _("Health mapping")
    FIRST_TALK = "first_talk", _("First health talk")
    SECOND_TALK = "second_talk", _("Second health talk")
    EXAMINATION = "examination", _("Health examination")


class HealthContact(models.Model):
    """A health talk or examination held, by kind and date: nothing of what was said or found."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="health_contacts", verbose_name=_("person")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ContactKind.choices)
    held_on = models.DateField(_("held on"))

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("health talk")
        verbose_name_plural = _("health talks")

    def __str__(self) -> str:
        return str(self.get_kind_display())
