"""Action plans: a plan's chapters, goals and sub-goals, measures with their owners and progress,
targets for indicators, figures entered from other sources, and the yearly reports to the council.

Plan texts stay in the plan's own language form (bokmål for Hemsedal, nynorsk for Ål); only the
labels around them follow the user's language. No personal data lives here.
"""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from lagrundt.people.rules import validate_no_control_characters
from lagrundt.tenancy.models import Municipality, Sector, ServiceUnit

TEXT = [validate_no_control_characters]


class PlanLanguage(models.TextChoices):
    BOKMAL = "nb", _("Bokmål")
    NYNORSK = "nn", _("Nynorsk")


class PlanStatus(models.TextChoices):
    ACTIVE = "active", _("In force")
    SUPERSEDED = "superseded", _("Replaced by a newer version")


class Plan(models.Model):
    """One version of a municipality's action plan. A revision is a new version; the old stays readable."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="plans", verbose_name=_("municipality")
    )
    key = models.SlugField(_("plan key"), max_length=80)  # the same for every version of one plan
    version = models.PositiveIntegerField(_("version"), default=1)
    title = models.CharField(_("title"), max_length=200, validators=TEXT)
    language = models.CharField(_("language form"), max_length=2, choices=PlanLanguage.choices)
    starts_on = models.DateField(_("period from"))
    ends_on = models.DateField(_("period to"))
    vision = models.TextField(_("vision"), blank=True, validators=TEXT)
    source = models.CharField(_("source document"), max_length=300, blank=True, validators=TEXT)
    status = models.CharField(
        _("status"), max_length=12, choices=PlanStatus.choices, default=PlanStatus.ACTIVE
    )
    previous = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="next_version",
        verbose_name=_("previous version"),
    )
    revision_note = models.TextField(_("what the revision changed"), blank=True, validators=TEXT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["municipality__name", "key", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "key", "version"], name="plan_unique_version"),
            models.UniqueConstraint(
                fields=["municipality", "key"],
                condition=models.Q(status="active"),
                name="plan_one_active_version",
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="plan_period"
            ),
        ]
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")

    def __str__(self) -> str:
        return f"{self.title} ({self.starts_on.year}–{self.ends_on.year}, v{self.version})"

    @property
    def is_active(self) -> bool:
        return self.status == PlanStatus.ACTIVE

    @property
    def period_label(self) -> str:
        first, last = self.starts_on.year, self.ends_on.year
        return str(first) if first == last else f"{first}–{last}"


class Chapter(models.Model):
    """A chapter or section of the plan that goals and measures cite ("3.1", "5.0 Barnehagene")."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="chapters")
    number = models.CharField(_("chapter"), max_length=20)
    title = models.CharField(_("title"), max_length=200, validators=TEXT)
    # The service the chapter describes, in the plan's words ("Helsestasjon og skolehelsetjenesten").
    service = models.CharField(_("service"), max_length=200, blank=True, validators=TEXT)
    sector = models.CharField(_("sector"), max_length=32, choices=Sector.choices, blank=True)
    description = models.TextField(_("description"), blank=True, validators=TEXT)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["plan", "order"]
        verbose_name = _("chapter")
        verbose_name_plural = _("chapters")

    def __str__(self) -> str:
        return f"{self.number} {self.service or self.title}"

    @property
    def citation(self) -> str:
        """How a goal or measure cites it: "kap. 5.0 Barnehagene"."""
        return f"{self.number} {self.service}".strip() if self.service else f"{self.number} {self.title}"


class GoalKind(models.TextChoices):
    NATIONAL = "national", _("National goal")
    SUSTAINABILITY = "sustainability", _("UN sustainable development goal")
    MUNICIPAL = "municipal", _("Municipal goal")
    PLAN = "plan", _("Goal of the plan")


class Goal(models.Model):
    """A goal ("slik vil vi ha det"), or a sub-goal when it has a parent."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="goals")
    chapter = models.ForeignKey(Chapter, on_delete=models.CASCADE, related_name="goals")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="sub_goals"
    )
    key = models.CharField(_("key"), max_length=60)  # stable across versions
    kind = models.CharField(_("kind"), max_length=16, choices=GoalKind.choices, default=GoalKind.PLAN)
    number = models.CharField(_("number"), max_length=20, blank=True)
    text = models.TextField(_("goal"), validators=TEXT)
    description = models.TextField(_("description"), blank=True, validators=TEXT)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["plan", "order"]
        constraints = [models.UniqueConstraint(fields=["plan", "key"], name="goal_unique_key")]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")

    def __str__(self) -> str:
        return self.text

    @property
    def is_sub_goal(self) -> bool:
        return self.parent_id is not None


class MeasureStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    UNDER_WAY = "under_way", _("Under way")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


CLOSED_STATUSES = (MeasureStatus.DONE, MeasureStatus.DROPPED)


class Measure(models.Model):
    """A measure ("tiltak", "slik gjer vi det"): who is responsible, when, its status and budget."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="measures")
    chapter = models.ForeignKey(Chapter, on_delete=models.CASCADE, related_name="measures")
    goal = models.ForeignKey(
        Goal,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="measures",
        verbose_name=_("goal"),
    )
    key = models.CharField(_("key"), max_length=60)  # stable across versions
    text = models.TextField(_("measure"), validators=TEXT)
    description = models.TextField(_("description"), blank=True, validators=TEXT)
    sector = models.CharField(_("responsible sector"), max_length=32, choices=Sector.choices, blank=True)
    other_sectors = models.JSONField(_("also involved"), default=list, blank=True)
    responsible = models.CharField(_("responsible"), max_length=200, blank=True, validators=TEXT)
    unit = models.ForeignKey(
        ServiceUnit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plan_measures",
        verbose_name=_("responsible unit"),
    )
    starts_on = models.DateField(_("from"), null=True, blank=True)
    ends_on = models.DateField(_("deadline"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=MeasureStatus.choices, default=MeasureStatus.NOT_STARTED
    )
    status_reason = models.TextField(_("reason"), blank=True, validators=TEXT)
    budget = models.DecimalField(
        _("budget (kroner)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    budget_note = models.CharField(_("about the budget"), max_length=300, blank=True, validators=TEXT)
    # The work Lagrundt records that carries the measure out ("welcome_letters"): keys of
    # ``registry.recorded_work``, whose counts per year the measure's page shows.
    recorded_in = models.JSONField(_("recorded in Lagrundt"), default=list, blank=True)
    carried_from = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="carried_to",
        verbose_name=_("carried over from"),
    )
    order = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        ordering = ["plan", "order"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "key"], name="measure_unique_key"),
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(starts_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="measure_period",
            ),
        ]
        indexes = [models.Index(fields=["plan", "status", "ends_on"])]
        verbose_name = _("measure")
        verbose_name_plural = _("measures")

    def __str__(self) -> str:
        return self.text

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_STATUSES

    @property
    def sectors(self) -> list[str]:
        return [s for s in [self.sector, *self.other_sectors] if s]


class ProgressNote(models.Model):
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="notes")
    written_on = models.DateField(_("date"))
    text = models.TextField(_("progress"), max_length=4000, validators=TEXT)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("author")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-written_on", "-pk"]
        indexes = [models.Index(fields=["measure", "-written_on"])]
        verbose_name = _("progress note")
        verbose_name_plural = _("progress notes")

    def __str__(self) -> str:
        return f"{self.measure_id} {self.written_on}"


class MeasureLink(models.Model):
    """Something the measure produced: a routine, a decision, a document, a page."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="links")
    title = models.CharField(_("title"), max_length=200, validators=TEXT)
    url = models.URLField(_("address"), max_length=500)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added_at", "pk"]
        verbose_name = _("link")
        verbose_name_plural = _("links")

    def __str__(self) -> str:
        return self.title


class ChangeKind(models.TextChoices):
    CREATED = "created", _("Added")
    CHANGED = "changed", _("Changed")
    STATUS = "status", _("Status changed")
    NOTE = "note", _("Progress noted")
    LINK = "link", _("Link added")
    CARRIED = "carried", _("Carried over to a new version")


class MeasureChange(models.Model):
    """The history of a measure: who changed what, with old and new values. Only appended to."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(max_length=10, choices=ChangeKind.choices)
    changes = models.JSONField(default=dict, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("change to a measure")
        verbose_name_plural = _("changes to measures")

    def __str__(self) -> str:
        return f"{self.measure_id} {self.kind} {self.at:%Y-%m-%d}"


class Direction(models.TextChoices):
    AT_LEAST = "at_least", _("at least")
    AT_MOST = "at_most", _("at most")


class Target(models.Model):
    """A goal measured by an indicator: the value to reach by a date, for a group where given."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="targets")
    indicator = models.CharField(_("indicator"), max_length=60)
    series = models.CharField(_("series"), max_length=60, blank=True)  # for an indicator with several
    group = models.JSONField(_("group"), default=dict, blank=True)
    value = models.DecimalField(_("target value"), max_digits=14, decimal_places=2)
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.AT_LEAST
    )
    by = models.DateField(_("by"))
    source = models.CharField(_("where the target comes from"), max_length=300, blank=True, validators=TEXT)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    set_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["goal", "by", "pk"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")

    def __str__(self) -> str:
        return f"{self.indicator} {self.direction} {self.value} by {self.by}"


class EnteredFigure(models.Model):
    """A figure typed in from another source (SSB, IMDi, a survey), marked as entered, with its source.

    For an indicator the register cannot compute yet, or for years before Lagrundt. A newer entry
    for the same year replaces an older one on the pages; the older stays as history.
    """

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    indicator = models.CharField(_("indicator"), max_length=60)
    series = models.CharField(_("series"), max_length=60, blank=True)
    group = models.JSONField(_("group"), default=dict, blank=True)
    year = models.PositiveIntegerField(_("year"))
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=2)
    source = models.CharField(_("source"), max_length=300, validators=TEXT)
    measured_on = models.DateField(_("measured on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True, validators=TEXT)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    entered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["municipality", "indicator", "series", "year", "-entered_at", "-pk"]
        indexes = [models.Index(fields=["municipality", "indicator", "year"])]
        verbose_name = _("entered figure")
        verbose_name_plural = _("entered figures")

    def __str__(self) -> str:
        return f"{self.indicator} {self.year}: {self.value}"


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ISSUED = "issued", _("Sent to the council")


class Report(models.Model):
    """The yearly report to the council on a plan. Issuing freezes its content (``snapshot``)."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="reports")
    year = models.PositiveIntegerField(_("year"))
    status = models.CharField(max_length=8, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    summary = models.TextField(_("summary from the service"), blank=True, validators=TEXT)
    snapshot = models.JSONField(default=dict, blank=True)
    issued_at = models.DateTimeField(null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["plan", "-year"]
        constraints = [models.UniqueConstraint(fields=["plan", "year"], name="report_one_per_year")]
        verbose_name = _("report to the council")
        verbose_name_plural = _("reports to the council")

    def __str__(self) -> str:
        return f"{self.plan} – {self.year}"

    @property
    def is_issued(self) -> bool:
        return self.status == ReportStatus.ISSUED


class ReportText(models.Model):
    """A sector's own words in the report: what it did and what it sees ahead."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="texts")
    sector = models.CharField(_("sector"), max_length=32, choices=Sector.choices)
    text = models.TextField(_("text"), validators=TEXT)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["report", "sector"]
        constraints = [models.UniqueConstraint(fields=["report", "sector"], name="report_text_per_sector")]
        verbose_name = _("text in a report")
        verbose_name_plural = _("texts in reports")

    def __str__(self) -> str:
        return f"{self.report} – {self.sector}"
