from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from lagrundt.access.sections import Section
from lagrundt.people.models import Household, Person
from lagrundt.tenancy.models import Municipality, Sector, ServiceUnit


class AppliesTo(models.TextChoices):
    PERSON = "person", _("Person")
    HOUSEHOLD = "household", _("Household")
    UNIT = "unit", _("Unit")
    # A settlement case before and around arrival: its duties count from the expected arrival.
    CASE = "case", _("Settlement case")


class Basis(models.TextChoices):
    LAW = "law", _("Law")
    REGULATION = "regulation", _("Regulation")
    GUIDANCE = "guidance", _("National guidance")
    PLAN = "plan", _("Municipal plan")


class Routine(models.Model):
    """A duty of one municipality, as loaded from the baseline and its profile (see docs/routines.md).

    Rows are written only by ``services.apply_routine_files``; a routine that leaves the files is
    made inactive, and the engine closes its open tasks.
    """

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="routines", verbose_name=_("municipality")
    )
    key = models.CharField(_("key"), max_length=100)
    profile = models.CharField(_("profile"), max_length=40)
    title_nb = models.CharField(_("title (bokmål)"), max_length=200)
    title_nn = models.CharField(_("title (nynorsk)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    description_nb = models.TextField(_("description (bokmål)"), blank=True)
    description_nn = models.TextField(_("description (nynorsk)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    sector = models.CharField(_("sector"), max_length=32, choices=Sector.choices)
    section = models.CharField(_("section"), max_length=16, choices=Section.choices)
    applies_to = models.CharField(_("applies to"), max_length=16, choices=AppliesTo.choices)
    spec = models.JSONField(_("rule"))
    source = models.CharField(_("source"), max_length=400)
    basis = models.CharField(_("basis"), max_length=16, choices=Basis.choices)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["municipality", "key"], name="routine_key_unique")]
        ordering = ["municipality", "key"]
        verbose_name = _("routine")
        verbose_name_plural = _("routines")

    def __str__(self) -> str:
        return self.title

    def _text(self, field: str) -> str:
        language = (get_language() or "nb")[:2]
        return getattr(self, f"{field}_{language}", "") or getattr(self, f"{field}_nb")

    @property
    def title(self) -> str:
        return self._text("title")

    @property
    def description(self) -> str:
        return self._text("description")


class TaskStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")
    NO_LONGER_APPLIES = "no_longer_applies", _("No longer applies")


CLOSED = (TaskStatus.DONE, TaskStatus.NOT_APPLICABLE, TaskStatus.NO_LONGER_APPLIES)


class Task(models.Model):
    """One duty with a due date, for a person, a household or a unit, made by the engine from a routine.

    ``subject`` ("p:12", "h:3", "u:4") and ``occurrence`` identify the task, so that recomputing
    finds it again: the engine changes only what changed and never deletes a task.
    """

    # Foreign keys that lead an index below get no index of their own: a full run inserts half a
    # million tasks, and every index is written for every row.
    routine = models.ForeignKey(Routine, on_delete=models.PROTECT, related_name="tasks", db_index=False)
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+", db_index=False)
    sector = models.CharField(_("sector"), max_length=32, choices=Sector.choices)
    section = models.CharField(_("section"), max_length=16, choices=Section.choices)
    subject = models.CharField(max_length=24)
    person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name=_("person"),
        db_index=False,
    )
    household = models.ForeignKey(
        Household,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name=_("household"),
        db_index=False,
    )
    unit = models.ForeignKey(
        ServiceUnit,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name=_("unit"),
        db_index=False,
    )
    occurrence = models.CharField(max_length=16)
    counts_from = models.DateField(_("counts from"))
    computed_due_on = models.DateField(_("deadline"))
    # The deadline that applies: the computed one, or a later one a user postponed to.
    due_on = models.DateField(_("due"))
    status = models.CharField(_("status"), max_length=20, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    note = models.TextField(_("note"), blank=True, max_length=2000)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    interpreter_used = models.BooleanField(_("interpreter used"), null=True, blank=True)
    interpreter_language = models.CharField(_("interpreter language"), max_length=8, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_tasks",
        verbose_name=_("assigned to"),
    )
    # The facts that made the task, as the engine read them: the answer to "why do I have this task?".
    facts = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        # Few indexes: the engine writes every task of a national register in one run. A person's,
        # household's or unit's tasks are found by ``subject``, which leads the unique index.
        constraints = [
            models.UniqueConstraint(fields=["subject", "routine", "occurrence"], name="task_identity_unique")
        ]
        # The worklist's index also holds the closing day, so that counting tasks done on time or
        # late per sector and year (compliance, the plans' indicator) reads the index alone.
        indexes = [
            models.Index(
                fields=["municipality", "sector", "status", "due_on", "closed_on"], name="task_worklist"
            )
        ]
        ordering = ["due_on", "pk"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")

    def __str__(self) -> str:
        return f"{self.routine.title} ({self.due_on:%d.%m.%Y})"

    @property
    def is_open(self) -> bool:
        return self.status == TaskStatus.OPEN

    @property
    def is_postponed(self) -> bool:
        return self.due_on != self.computed_due_on


class CountryListEntry(models.Model):
    """A country on a list that routines read, set by an administrator with its source and date.

    The high-incidence list for tuberculosis is kept by the Norwegian Institute of Public Health and
    changes; Lagrundt ships it empty rather than guess, and shows that it is not set.
    """

    class List(models.TextChoices):
        TB_HIGH_INCIDENCE = "tb_high_incidence", _("Countries with high tuberculosis incidence")

    list = models.CharField(_("list"), max_length=32, choices=List.choices)
    country = models.CharField(_("country"), max_length=2)
    source = models.CharField(_("source"), max_length=300)
    valid_from = models.DateField(_("valid from"))
    assumed = models.BooleanField(_("assumed, not checked against the source"), default=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["list", "country"], name="country_list_unique")]
        verbose_name = _("country list entry")
        verbose_name_plural = _("country list entries")

    def __str__(self) -> str:
        return f"{self.get_list_display()}: {self.country}"


class TaskNotice(models.Model):
    """A user's calendar feed and daily digest of tasks.

    Only a hash of the feed's secret is kept: the address is shown once, when it is made, and a
    lost address is replaced by a new one.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="task_notice", verbose_name=_("user")
    )
    feed_token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    feed_created_at = models.DateTimeField(null=True, blank=True)
    feed_used_at = models.DateTimeField(null=True, blank=True)
    digest = models.BooleanField(_("daily e-mail of tasks that became due or overdue"), default=True)
    digest_sent_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("task notice")
        verbose_name_plural = _("task notices")

    def __str__(self) -> str:
        return str(self.user)
