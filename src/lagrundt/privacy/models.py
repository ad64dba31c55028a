"""Retention as data: how long each section of a person is kept, per municipality, and the runs that
anonymised what had run out. Rows change only through ``retention`` (and the admin, which calls it)."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from lagrundt.access.sections import Section
from lagrundt.tenancy.models import Municipality

ASSUMED_SOURCE = "assumed; set per the municipality's archive plan"


class Anchor(models.TextChoices):
    """The day a retention period counts from."""

    FOLLOW_UP_END = "follow_up_end", _("End of the five-year follow-up")
    MOVED_OUT = "moved_out", _("Moved out")


class RetentionRule(models.Model):
    """How long a municipality keeps one section of a person, counted from one day, and on what authority.

    A section without a rule of its own keeps the product's default (``retention.DEFAULT_RULES``),
    which is assumed: the facts give no period, so each municipality sets its own from its archive plan.
    """

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="+", verbose_name=_("municipality")
    )
    section = models.CharField(_("section"), max_length=16, choices=Section.choices)
    counted_from = models.CharField(_("counted from"), max_length=16, choices=Anchor.choices)
    period_months = models.PositiveSmallIntegerField(
        _("period in months"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(1200)],
        help_text=_(
            "Leave empty when the archive plan says the section is kept: it is then never anonymised."
        ),
    )
    source = models.CharField(
        _("source"),
        max_length=300,
        default=ASSUMED_SOURCE,
        help_text=_("The archive plan or rule the period comes from, with its reference."),
    )
    source_date = models.DateField(_("source date"), null=True, blank=True)
    assumed = models.BooleanField(
        _("assumed, not from the archive plan"),
        default=True,
        help_text=_("Untick when the period is taken from the municipality's archive plan."),
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        ordering = ["municipality", "section", "counted_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "section", "counted_from"], name="retention_rule_unique"
            )
        ]
        verbose_name = _("retention rule")
        verbose_name_plural = _("retention rules")

    def __str__(self) -> str:
        return f"{self.municipality} – {self.get_section_display()} – {self.get_counted_from_display()}"


class RunStatus(models.TextChoices):
    APPROVED = "approved", _("Approved, waiting to be carried out")
    DONE = "done", _("Carried out")
    REFUSED = "refused", _("Refused: what was due had changed")


class RetentionRun(models.Model):
    """One approved anonymisation: exactly the sections of the persons the approver was shown.

    ``items`` are the (section, person id) pairs shown in the dry run; the run carries out those and no
    others, and refuses when one of them is no longer due.
    """

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="+", verbose_name=_("municipality")
    )
    status = models.CharField(
        _("status"), max_length=12, choices=RunStatus.choices, default=RunStatus.APPROVED
    )
    items = models.JSONField(default=list)
    fingerprint = models.CharField(max_length=64)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("approved by")
    )
    approved_at = models.DateTimeField(_("approved"))
    carried_out_at = models.DateTimeField(_("carried out"), null=True, blank=True)
    # What was removed, per table: [{"table": …, "rows": …, "fields": […]}], labels in the run's language.
    outcome = models.JSONField(default=list, blank=True)
    refusal = models.CharField(_("why it was refused"), max_length=300, blank=True)

    class Meta:
        ordering = ["-approved_at", "-pk"]
        verbose_name = _("anonymisation run")
        verbose_name_plural = _("anonymisation runs")

    def __str__(self) -> str:
        return f"{self.municipality} {self.approved_at:%Y-%m-%d} ({self.get_status_display()})"

    @property
    def persons(self) -> int:
        return len({person_id for _section, person_id in self.items})


class Anonymisation(models.Model):
    """A section of a person that a run anonymised: it is never due again."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    section = models.CharField(_("section"), max_length=16, choices=Section.choices)
    run = models.ForeignKey(RetentionRun, on_delete=models.PROTECT, related_name="anonymisations")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "section"], name="anonymisation_once_per_section")
        ]
        verbose_name = _("anonymised section")
        verbose_name_plural = _("anonymised sections")

    def __str__(self) -> str:
        return f"{self.person_id} {self.section}"
