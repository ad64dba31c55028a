"""Grants and economics as data: rates per year with their source, the rules' parameters, the facts
about a person the register does not hold, and a municipality's own figures (actual receipts, costs,
scenarios of planned settlements).

No rate or legal number is written in code: every amount is a ``GrantRate`` row with its source and
confidence, and every threshold the rules use is a ``RuleParameter`` row (see ``parameters.py``).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lagrundt.core.sources import OFFICIAL, confidence_field
from lagrundt.people import rules as people_rules
from lagrundt.people.models import Person
from lagrundt.tenancy.models import Municipality

TEXT = [people_rules.validate_no_control_characters]
YEAR = [MinValueValidator(2000), MaxValueValidator(2100)]
MONEY = {"max_digits": 14, "decimal_places": 2}


class GrantCode(models.TextChoices):
    """One line of IMDi's rate tables: a grant, and where the rate differs, its grant year and group."""

    INTEGRATION_Y1_SINGLE_ADULT = "integration.y1.single_adult", _("Integration grant, year 1, single adult")
    INTEGRATION_Y1_ADULT = "integration.y1.adult", _("Integration grant, year 1, adult")
    INTEGRATION_Y1_CHILD = "integration.y1.child", _("Integration grant, year 1, child")
    INTEGRATION_Y1_UNACCOMPANIED_MINOR = (
        "integration.y1.unaccompanied_minor",
        _("Integration grant, year 1, unaccompanied minor"),
    )
    INTEGRATION_Y2 = "integration.y2", _("Integration grant, year 2")
    INTEGRATION_Y3 = "integration.y3", _("Integration grant, year 3")
    INTEGRATION_Y4 = "integration.y4", _("Integration grant, year 4")
    INTEGRATION_Y5 = "integration.y5", _("Integration grant, year 5")
    ELDERLY = "elderly", _("Elderly grant (one-time)")
    KINDERGARTEN = "kindergarten", _("Kindergarten grant (one-time)")
    UNACCOMPANIED_MINOR_YOUNGER = (
        "unaccompanied_minor.younger",
        _("Unaccompanied minors, younger age band (per year)"),
    )
    UNACCOMPANIED_MINOR_OLDER = (
        "unaccompanied_minor.older",
        _("Unaccompanied minors, older age band (per year)"),
    )
    DISABILITY_ONE_OFF = "disability.one_off", _("Disability grant 1 (one-time)")
    DISABILITY_ANNUAL = "disability.annual", _("Disability grant 2 (per year, highest amount)")
    NORWEGIAN_Y1_HIGH = "norwegian.y1.high", _("Norwegian training, year 1, high rate")
    NORWEGIAN_Y1_LOW = "norwegian.y1.low", _("Norwegian training, year 1, low rate")
    NORWEGIAN_Y2_HIGH = "norwegian.y2.high", _("Norwegian training, year 2, high rate")
    NORWEGIAN_Y2_LOW = "norwegian.y2.low", _("Norwegian training, year 2, low rate")
    NORWEGIAN_Y3_HIGH = "norwegian.y3.high", _("Norwegian training, year 3, high rate")
    NORWEGIAN_Y3_LOW = "norwegian.y3.low", _("Norwegian training, year 3, low rate")
    NORWEGIAN_COLLECTIVE_PROTECTION = (
        "norwegian.collective_protection",
        _("Norwegian training, collective protection (per year)"),
    )


class GrantGroup(models.TextChoices):
    """The grants as a municipality's accounts and IMDi's payments group them."""

    INTEGRATION = "integration", _("Integration grant")
    ELDERLY = "elderly", _("Elderly grant")
    KINDERGARTEN = "kindergarten", _("Kindergarten grant")
    UNACCOMPANIED_MINOR = "unaccompanied_minor", _("Unaccompanied minors")
    DISABILITY = "disability", _("Disabilities")
    NORWEGIAN = "norwegian", _("Norwegian training")
    OTHER = "other", _("Other grants")


def group_of(code: str) -> str:
    """The group of a rate code: the part before the first dot."""
    return code.split(".", 1)[0]


class RateSource(models.Model):
    """Where rates come from: a published table an administrator imported, or an entry of the facts file."""

    title = models.CharField(_("title"), max_length=200, validators=TEXT)
    reference = models.CharField(
        _("source"), max_length=400, validators=TEXT, help_text=_("Web address or document reference.")
    )
    published_on = models.DateField(_("published or read on"), null=True, blank=True)
    fact_id = models.CharField(_("facts file entry"), max_length=100, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    entered_at = models.DateTimeField(_("entered"), auto_now_add=True)

    class Meta:
        ordering = ["-entered_at", "-pk"]
        verbose_name = _("rate source")
        verbose_name_plural = _("rate sources")

    def __str__(self) -> str:
        return self.title


class GrantRate(models.Model):
    """A grant's rate for one budget year, in kroner, with its source and confidence."""

    code = models.CharField(_("grant"), max_length=40, choices=GrantCode.choices)
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR)
    amount = models.DecimalField(_("amount (kr)"), **MONEY, validators=[MinValueValidator(0)])
    confidence = confidence_field()
    source = models.ForeignKey(
        RateSource, on_delete=models.PROTECT, related_name="rates", verbose_name=_("source")
    )
    note = models.CharField(_("note"), max_length=300, blank=True, validators=TEXT)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["code", "year"], name="grant_rate_code_year")]
        ordering = ["code", "year"]
        verbose_name = _("grant rate")
        verbose_name_plural = _("grant rates")
        permissions = [("manage_rates", _("Can enter and import grant rates"))]

    def __str__(self) -> str:
        return f"{self.code} {self.year}: {self.amount}"

    @property
    def official(self) -> bool:
        return self.confidence in OFFICIAL


class RuleParameter(models.Model):
    """A number or list an entitlement rule reads (ages, years, months), with its source and confidence.

    The keys and their meaning are defined in ``parameters.py``; the values are data, seeded from the
    facts file and set by an administrator.
    """

    key = models.CharField(_("key"), max_length=60, unique=True)
    value = models.JSONField(_("value"))
    confidence = confidence_field()
    source = models.CharField(_("source"), max_length=400, validators=TEXT)
    fact_id = models.CharField(_("facts file entry"), max_length=100, blank=True)
    note = models.CharField(_("note"), max_length=400, blank=True, validators=TEXT)
    changed_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        ordering = ["key"]
        verbose_name = _("rule parameter")
        verbose_name_plural = _("rule parameters")

    def __str__(self) -> str:
        return self.key

    @property
    def official(self) -> bool:
        return self.confidence in OFFICIAL


# ---------------------------------------------------------------------------- facts about a person
class YearOneGroup(models.TextChoices):
    """The group whose year-1 rate the integration grant for a person follows."""

    SINGLE_ADULT = "single_adult", _("Single adult")
    ADULT = "adult", _("Adult")
    CHILD = "child", _("Child")
    UNACCOMPANIED_MINOR = "unaccompanied_minor", _("Unaccompanied minor")


class ReferenceStatus(models.TextChoices):
    """The residence basis of the person a family immigrant joined."""

    REFUGEE = "refugee", _("Refugee status")
    HUMANITARIAN = "humanitarian", _("Residence on humanitarian grounds")
    COLLECTIVE_PROTECTION = "collective_protection", _("Temporary collective protection")


class RateBand(models.TextChoices):
    HIGH = "high", pgettext_lazy("rate band", "High")
    LOW = "low", pgettext_lazy("rate band", "Low")


class GrantFacts(models.Model):
    """What the grants of a person depend on that the register does not record.

    Every field is optional: without it the rules derive the fact from the register and mark the
    amounts that depend on the guess as assumed.
    """

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="grant_facts")
    first_settled_on = models.DateField(
        _("first settled in Norway on"),
        null=True,
        blank=True,
        help_text=_(
            "Only if the person was settled in another municipality first: the grant years count from then."
        ),
    )
    year_one_group = models.CharField(
        _("year-1 rate group"),
        max_length=24,
        choices=YearOneGroup.choices,
        blank=True,
        help_text=_("Leave empty to derive it from age, category and household."),
    )
    reference_person = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reference person (whom the family immigrant joined)"),
    )
    reference_first_settled_on = models.DateField(
        _("reference person first settled on"),
        null=True,
        blank=True,
        help_text=_("Needed when the reference person is not in Lagrundt."),
    )
    reference_status = models.CharField(
        _("reference person's residence basis"), max_length=24, choices=ReferenceStatus.choices, blank=True
    )
    norwegian_rate_band = models.CharField(
        _("Norwegian training rate"),
        max_length=8,
        choices=RateBand.choices,
        blank=True,
        help_text=_("Leave empty to take it from the country background."),
    )
    note = models.CharField(_("note"), max_length=400, blank=True, validators=TEXT)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("grant facts")
        verbose_name_plural = _("grant facts")

    def __str__(self) -> str:
        return f"{self.person_id}"


class DisabilityKind(models.TextChoices):
    ONE_OFF = "one_off", _("Grant 1: one-time")
    ANNUAL = "annual", _("Grant 2: per year")


class Decision(models.TextChoices):
    PENDING = "pending", _("Applied for, not decided")
    GRANTED = "granted", _("Granted")
    REFUSED = "refused", _("Refused")


class DisabilityGrant(models.Model):
    """An application to IMDi for the special grant for a person with a disability or behavioural
    difficulties, and its decision. Only granted ones are counted in the schedule and the forecast."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="disability_grants")
    kind = models.CharField(_("grant"), max_length=8, choices=DisabilityKind.choices)
    applied_on = models.DateField(_("applied on"))
    decision = models.CharField(
        _("decision"), max_length=8, choices=Decision.choices, default=Decision.PENDING
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    amount_per_year = models.DecimalField(
        _("granted per year (kr)"), **MONEY, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    first_year = models.PositiveSmallIntegerField(_("first year"), null=True, blank=True, validators=YEAR)
    last_year = models.PositiveSmallIntegerField(_("last year"), null=True, blank=True, validators=YEAR)
    note = models.CharField(_("note"), max_length=400, blank=True, validators=TEXT)

    class Meta:
        ordering = ["applied_on", "pk"]
        verbose_name = _("disability grant")
        verbose_name_plural = _("disability grants")

    def __str__(self) -> str:
        return f"{self.person_id} {self.kind} {self.decision}"


# ---------------------------------------------------------------------------- a municipality's figures
class ActualReceipt(models.Model):
    """What a municipality actually received of a grant in a year, from its accounts."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR)
    grant = models.CharField(_("grant"), max_length=24, choices=GrantGroup.choices)
    amount = models.DecimalField(_("amount (kr)"), **MONEY, validators=[MinValueValidator(0)])
    note = models.CharField(_("note"), max_length=300, blank=True, validators=TEXT)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["municipality", "year", "grant"], name="actual_receipt_unique")
        ]
        ordering = ["municipality", "-year", "grant"]
        verbose_name = _("actual receipt")
        verbose_name_plural = _("actual receipts")

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.year} {self.grant}: {self.amount}"


class CostKind(models.TextChoices):
    INTRODUCTION_BENEFIT = "introduction_benefit", _("Introduction benefit paid")
    SOCIAL_ASSISTANCE = "social_assistance", _("Social assistance")
    MEASURE = "measure", _("Measure in the action plan")
    OTHER = "other", _("Other costs")


class CostEntry(models.Model):
    """A main cost of settlement in a year, entered by the municipality (a measure by its name)."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR)
    kind = models.CharField(_("kind"), max_length=24, choices=CostKind.choices)
    label = models.CharField(
        _("name"),
        max_length=200,
        blank=True,
        validators=TEXT,
        help_text=_("The measure's name, for measures."),
    )
    amount = models.DecimalField(_("amount (kr)"), **MONEY, validators=[MinValueValidator(0)])
    note = models.CharField(_("note"), max_length=300, blank=True, validators=TEXT)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "year", "kind", "label"], name="cost_entry_unique"
            )
        ]
        ordering = ["municipality", "-year", "kind", "label"]
        verbose_name = _("cost")
        verbose_name_plural = _("costs")

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.year} {self.kind} {self.label}: {self.amount}"


class Scenario(models.Model):
    """A named set of planned settlements (a council decision or an alternative to it)."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=120, validators=TEXT)
    description = models.CharField(_("description"), max_length=400, blank=True, validators=TEXT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["municipality", "name"], name="scenario_name_unique")]
        ordering = ["municipality", "name", "pk"]
        verbose_name = _("scenario")
        verbose_name_plural = _("scenarios")

    def __str__(self) -> str:
        return self.name


class PlannedSettlement(models.Model):
    """How many a scenario settles in a year, how many of them unaccompanied minors, and the household
    shapes expected. Without shapes, those of the municipality's last five years are used."""

    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="planned")
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR)
    persons = models.PositiveSmallIntegerField(_("persons"), validators=[MaxValueValidator(5000)])
    unaccompanied_minors = models.PositiveSmallIntegerField(_("of them unaccompanied minors"), default=0)
    minors_age = models.PositiveSmallIntegerField(
        _("age of the unaccompanied minors"),
        default=16,
        validators=[MinValueValidator(6), MaxValueValidator(17)],
    )
    single_adults = models.PositiveSmallIntegerField(_("single adults"), null=True, blank=True)
    adults_in_families = models.PositiveSmallIntegerField(_("adults in families"), null=True, blank=True)
    children = models.PositiveSmallIntegerField(_("children in families"), null=True, blank=True)
    children_under_6 = models.PositiveSmallIntegerField(_("of the children, under 6"), null=True, blank=True)
    elderly = models.PositiveSmallIntegerField(
        _("of the adults, old enough for the elderly grant"), null=True, blank=True
    )
    collective_protection = models.PositiveSmallIntegerField(
        _("under temporary collective protection"), default=0
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["scenario", "year"], name="planned_settlement_year")]
        ordering = ["scenario", "year"]
        verbose_name = _("planned settlement")
        verbose_name_plural = _("planned settlements")

    def __str__(self) -> str:
        return f"{self.scenario} {self.year}: {self.persons}"

    @property
    def shapes_given(self) -> bool:
        return self.single_adults is not None
