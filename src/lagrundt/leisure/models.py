"""Leisure's data. The interest list is the municipality's own (``Interest``): the interest mapping
after settlement, the activity catalogue and the volunteer centre's volunteers all choose from it, so
that a person's interests can be matched with activities and guides."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from lagrundt.people.models import TEXT
from lagrundt.tenancy.models import Municipality


class Interest(models.Model):
    """One interest of the municipality's list ("Football", "Music", "Hiking"), kept by culture."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="interests", verbose_name=_("municipality")
    )
    key = models.SlugField(_("key"), max_length=40)
    name = models.CharField(_("name"), max_length=80, validators=TEXT)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["municipality", "order", "name"]
        verbose_name = _("interest")
        verbose_name_plural = _("interests")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "key"], name="interest_unique_key"),
        ]

    def __str__(self) -> str:
        return self.name


class InterestMapping(models.Model):
    """A person's interests, mapped shortly after settlement: chosen from the municipality's list, with
    their own wishes in words. One current mapping per person, changed in place (the audit log keeps the
    history of changes)."""

    person = models.OneToOneField(
        "people.Person", on_delete=models.CASCADE, related_name="interest_mapping", verbose_name=_("person")
    )
    mapped_on = models.DateField(_("mapped on"))
    interests = models.ManyToManyField(
        Interest, blank=True, related_name="mappings", verbose_name=_("interests")
    )
    wishes = models.TextField(_("wishes in their own words"), max_length=2000, blank=True, validators=TEXT)

    class Meta:
        verbose_name = _("interest mapping")
        verbose_name_plural = _("interest mappings")

    def __str__(self) -> str:
        return f"{self.person_id} {self.mapped_on}"


class Season(models.TextChoices):
    ALL_YEAR = "all_year", _("All year")
    SCHOOL_YEAR = "school_year", _("School year (autumn and spring)")
    AUTUMN = "autumn", _("Autumn")
    WINTER = "winter", _("Winter")
    SPRING = "spring", _("Spring")
    SUMMER = "summer", _("Summer")


class Activity(models.Model):
    """One activity of the municipality's catalogue: who runs it, for which ages, where, what it costs."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="activities", verbose_name=_("municipality")
    )
    key = models.SlugField(_("key"), max_length=60, blank=True)
    organisation = models.CharField(_("organisation"), max_length=120, validators=TEXT)
    name = models.CharField(_("activity"), max_length=120, validators=TEXT)
    description = models.TextField(_("description"), max_length=2000, blank=True, validators=TEXT)
    age_from = models.PositiveSmallIntegerField(_("from age"), null=True, blank=True)
    age_to = models.PositiveSmallIntegerField(_("to age"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=120, blank=True, validators=TEXT)
    cost = models.DecimalField(_("cost in kroner"), max_digits=9, decimal_places=2, null=True, blank=True)
    cost_note = models.CharField(
        _("cost per"), max_length=80, blank=True, validators=TEXT, help_text=_("For example: per season.")
    )
    season = models.CharField(_("season"), max_length=20, choices=Season.choices, default=Season.ALL_YEAR)
    contact = models.CharField(_("contact"), max_length=160, blank=True, validators=TEXT)
    low_threshold = models.BooleanField(_("low-threshold"), default=False)
    interests = models.ManyToManyField(
        Interest, blank=True, related_name="activities", verbose_name=_("interests")
    )
    active = models.BooleanField(_("in the catalogue"), default=True)

    class Meta:
        ordering = ["municipality", "name", "pk"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})"

    def fits_age(self, age: int | None) -> bool:
        if age is None:
            return True
        return (self.age_from is None or age >= self.age_from) and (self.age_to is None or age <= self.age_to)


class Participation(models.Model):
    """A person takes part in an activity from a day, and perhaps stopped."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="participations", verbose_name=_("person")
    )
    activity = models.ForeignKey(
        Activity, on_delete=models.PROTECT, related_name="participations", verbose_name=_("activity")
    )
    started_on = models.DateField(_("started on"))
    stopped_on = models.DateField(_("stopped on"), null=True, blank=True)

    class Meta:
        ordering = ["-started_on", "-pk"]
        verbose_name = _("participation")
        verbose_name_plural = _("participations")

    def __str__(self) -> str:
        return f"{self.person_id} {self.activity_id} {self.started_on}"


class SchemeKind(models.TextChoices):
    MONEY = "money", _("Money towards fees and equipment")
    LENDING = "lending", _("Lending of equipment")
    FREE_PLACE = "free_place", _("Free place")
    LEISURE_CARD = "leisure_card", _("Leisure card")


class SupportScheme(models.Model):
    """A support scheme for leisure (Fritidskassa, BUA lending, free places in the culture school)."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="support_schemes", verbose_name=_("municipality")
    )
    key = models.SlugField(_("key"), max_length=40)
    name = models.CharField(_("name"), max_length=120, validators=TEXT)
    kind = models.CharField(_("kind"), max_length=20, choices=SchemeKind.choices)
    max_amount = models.DecimalField(
        _("most per person a year, kroner"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    children_only = models.BooleanField(_("children only"), default=False)
    source = models.CharField(_("source"), max_length=300, blank=True, validators=TEXT)
    assumed = models.BooleanField(_("limit assumed"), default=False)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["municipality", "name"]
        verbose_name = _("support scheme")
        verbose_name_plural = _("support schemes")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "key"], name="support_scheme_unique_key"),
        ]

    def __str__(self) -> str:
        return self.name


class SupportApplication(models.Model):
    """An application to a support scheme for a person, and its decision."""

    person = models.ForeignKey(
        "people.Person",
        on_delete=models.CASCADE,
        related_name="support_applications",
        verbose_name=_("person"),
    )
    scheme = models.ForeignKey(
        SupportScheme, on_delete=models.PROTECT, related_name="applications", verbose_name=_("scheme")
    )
    applied_on = models.DateField(_("applied on"))
    amount_applied = models.DecimalField(
        _("amount applied for, kroner"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    purpose = models.CharField(_("purpose"), max_length=200, blank=True, validators=TEXT)
    activity = models.ForeignKey(
        Activity,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="support_applications",
        verbose_name=_("activity"),
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    granted = models.BooleanField(_("granted"), null=True, blank=True)
    amount_granted = models.DecimalField(
        _("amount granted, kroner"), max_digits=9, decimal_places=2, null=True, blank=True
    )

    class Meta:
        ordering = ["-applied_on", "-pk"]
        verbose_name = _("support application")
        verbose_name_plural = _("support applications")

    def __str__(self) -> str:
        return f"{self.person_id} {self.scheme_id} {self.applied_on}"
