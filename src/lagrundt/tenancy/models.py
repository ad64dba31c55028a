from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Sector(models.TextChoices):
    """The parts of a municipality that serve refugees in their ordinary work (sektoransvar)."""

    INTEGRATION_SERVICE = "integration_service", _("Integration service")
    HEALTH = "health", _("Health")
    SCHOOL = "school", _("School")
    KINDERGARTEN = "kindergarten", _("Kindergarten")
    NAV = "nav", _("Nav")
    HOUSING = "housing", _("Housing")
    CULTURE_LEISURE = "culture_leisure", _("Culture and leisure")
    VOLUNTEER_CENTRE = "volunteer_centre", _("Volunteer centre")
    LEADERSHIP = "leadership", _("Leadership")
    DATA_PROTECTION = "data_protection", _("Data protection")
    SYSTEM_ADMINISTRATION = "system_administration", _("System administration")


class Role(models.TextChoices):
    EMPLOYEE = "employee", _("Employee")
    LEADER = "leader", _("Leader")


class Municipality(models.Model):
    number = models.CharField(
        _("municipality number"),
        max_length=4,
        unique=True,
        validators=[RegexValidator(r"^\d{4}$", _("A municipality number has four digits."))],
    )
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return f"{self.number} {self.name}"


class ServiceUnit(models.Model):
    """A unit that serves one or more municipalities, e.g. the integration service of Hemsedal and Gol."""

    name = models.CharField(_("name"), max_length=200)
    host_municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="hosted_units",
        verbose_name=_("host municipality"),
    )
    municipalities = models.ManyToManyField(
        Municipality, related_name="service_units", verbose_name=_("municipalities served")
    )
    # The sector the unit works in; a unit's own duties (welcome meetings, surveys) go to it.
    sector = models.CharField(_("sector"), max_length=32, choices=Sector.choices, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("service unit")
        verbose_name_plural = _("service units")

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A user works in a unit, for a sector, in a role. The access policy reads these."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    unit = models.ForeignKey(
        ServiceUnit, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("unit")
    )
    sector = models.CharField(_("sector"), max_length=32, choices=Sector.choices)
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.EMPLOYEE)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "unit", "sector"], name="membership_unique_per_unit_sector"
            )
        ]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user} – {self.unit} ({self.get_sector_display()}, {self.get_role_display()})"
