"""Dwellings, landlords and their agreements, tenancies, and the inspections of five years.

A tenancy lets a dwelling to a household from a date; before arrival it is held for a settlement
case and becomes the household's when the case arrives. How a tenancy ends (a move within the
municipality, a home of one's own, rented or bought) is data, so that the plans can count it.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from lagrundt.people.models import PHONE, TEXT, Household
from lagrundt.settlement.models import SettlementCase
from lagrundt.tenancy.models import Municipality

KRONER = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1000000"))]
MINUTES = [MaxValueValidator(600)]


def checklist_titles() -> dict[str, str]:
    """Every checklist item and guidance topic of the housing profiles by its title, in the reader's
    language: a history shows a topic given, never its key."""
    from .profiles import profiles

    titles: dict[str, str] = {}
    for profile in profiles().values():
        items = [
            *profile.approval,
            *profile.guidance,
            *(i for year in profile.inspections.values() for i in year),
        ]
        for item in items:
            titles.setdefault(item.key, item.title)
    return titles


class Landlord(models.Model):
    """A private landlord (a person or a company) the municipality leases dwellings from.

    A person's contact details are personal data: reads and changes are audited in the housing section.
    """

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="landlords", verbose_name=_("municipality")
    )
    name = models.CharField(_("name"), max_length=200, validators=TEXT)
    organisation_number = models.CharField(_("organisation number"), max_length=9, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=PHONE)
    email = models.EmailField(_("email"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True, validators=TEXT)
    notes = models.TextField(_("notes"), blank=True, max_length=2000, validators=TEXT)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("landlord")
        verbose_name_plural = _("landlords")

    def __str__(self) -> str:
        return self.name


class Ownership(models.TextChoices):
    MUNICIPAL = "municipal", _("Municipal")
    MUNICIPAL_LEASED = "municipal_leased", _("Leased by the municipality")
    PRIVATE = "private", _("Private landlord, let directly")


class Dwelling(models.Model):
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="dwellings", verbose_name=_("municipality")
    )
    ownership = models.CharField(_("owner"), max_length=20, choices=Ownership.choices)
    landlord = models.ForeignKey(
        Landlord,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dwellings",
        verbose_name=_("landlord"),
    )
    address = models.CharField(_("address"), max_length=200, validators=TEXT)
    postcode = models.CharField(_("postcode"), max_length=4, blank=True)
    rooms = models.PositiveSmallIntegerField(
        _("rooms"), validators=[MinValueValidator(1), MaxValueValidator(30)]
    )
    bedrooms = models.PositiveSmallIntegerField(_("bedrooms"), validators=[MaxValueValidator(20)])
    area_m2 = models.PositiveSmallIntegerField(
        _("area (m²)"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(1000)]
    )
    floor = models.SmallIntegerField(
        _("floor"), default=1, validators=[MinValueValidator(-2), MaxValueValidator(40)]
    )
    has_lift = models.BooleanField(_("lift"), default=False)
    accessible = models.BooleanField(_("suited for wheelchair users"), default=False)
    rent = models.DecimalField(_("rent per month"), max_digits=9, decimal_places=0, validators=KRONER)
    charges = models.DecimalField(
        _("charges per month"), max_digits=9, decimal_places=0, default=0, validators=KRONER
    )
    deposit = models.DecimalField(_("deposit"), max_digits=9, decimal_places=0, default=0, validators=KRONER)
    guarantee = models.CharField(_("guarantee"), max_length=200, blank=True, validators=TEXT)
    central = models.BooleanField(_("central location"), default=False)
    minutes_to_centre = models.PositiveSmallIntegerField(
        _("minutes to the centre"), null=True, blank=True, validators=MINUTES
    )
    minutes_to_school = models.PositiveSmallIntegerField(
        _("minutes to school"), null=True, blank=True, validators=MINUTES
    )
    minutes_to_bus = models.PositiveSmallIntegerField(
        _("minutes to the bus"), null=True, blank=True, validators=MINUTES
    )
    # Let to refugees by the integration service (Hemsedal's "6 of 11" counts those let at a date).
    for_refugees = models.BooleanField(_("in the stock for settling refugees"), default=True)
    available_from = models.DateField(_("available from"), null=True, blank=True)
    retired_on = models.DateField(_("out of the stock from"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True, max_length=2000, validators=TEXT)
    # The last change, for a data warehouse that syncs with the API's ``?changed_since=``.
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        ordering = ["address", "pk"]
        indexes = [models.Index(fields=["municipality", "retired_on", "bedrooms"], name="dwelling_stock")]
        verbose_name = _("dwelling")
        verbose_name_plural = _("dwellings")

    def __str__(self) -> str:
        return self.address

    @property
    def monthly(self) -> Decimal:
        """Rent and charges per month."""
        return (self.rent or 0) + (self.charges or 0)


class InventoryItem(models.Model):
    """A piece of the furnished inventory, checked on move-in and move-out."""

    dwelling = models.ForeignKey(Dwelling, on_delete=models.CASCADE, related_name="inventory")
    name = models.CharField(_("item"), max_length=120, validators=TEXT)
    quantity = models.PositiveSmallIntegerField(
        _("quantity"), default=1, validators=[MinValueValidator(1), MaxValueValidator(999)]
    )

    class Meta:
        ordering = ["dwelling", "name", "pk"]
        verbose_name = _("inventory item")
        verbose_name_plural = _("inventory items")

    def __str__(self) -> str:
        return self.name


class LeaseAgreement(models.Model):
    """The municipality's agreement with a landlord for one dwelling: dates, rent and who pays what."""

    dwelling = models.ForeignKey(Dwelling, on_delete=models.CASCADE, related_name="agreements")
    landlord = models.ForeignKey(Landlord, on_delete=models.PROTECT, related_name="agreements")
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("end"), null=True, blank=True)
    rent = models.DecimalField(_("rent per month"), max_digits=9, decimal_places=0, validators=KRONER)
    who_pays = models.TextField(
        _("who pays what"),
        blank=True,
        max_length=1000,
        validators=TEXT,
        help_text=_("Electricity, internet, snow clearing, maintenance …"),
    )

    class Meta:
        ordering = ["dwelling", "-starts_on", "pk"]
        verbose_name = _("lease agreement")
        verbose_name_plural = _("lease agreements")

    def __str__(self) -> str:
        return f"{self.dwelling} – {self.landlord}"


class TenancyEnd(models.TextChoices):
    MOVED_WITHIN = "moved_within", _("Moved to another dwelling in the municipality")
    OWN_RENTED = "own_rented", _("Moved to a home rented privately")
    OWN_BOUGHT_STARTLAN = "own_bought_startlan", _("Bought a home with startlån")
    OWN_BOUGHT_GRANT = "own_bought_grant", _("Bought a home with the first-time buyer grant")
    OWN_BOUGHT = "own_bought", _("Bought a home otherwise")
    MOVED_AWAY = "moved_away", _("Moved from the municipality")
    OTHER = "other", _("Other")


OWN_HOME = (
    TenancyEnd.OWN_RENTED,
    TenancyEnd.OWN_BOUGHT_STARTLAN,
    TenancyEnd.OWN_BOUGHT_GRANT,
    TenancyEnd.OWN_BOUGHT,
)


class Tenancy(models.Model):
    """A dwelling let to a household (or held for a settlement case before it arrives) from a date."""

    dwelling = models.ForeignKey(Dwelling, on_delete=models.PROTECT, related_name="tenancies")
    household = models.ForeignKey(
        Household,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tenancies",
        verbose_name=_("household"),
    )
    case = models.ForeignKey(
        SettlementCase,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tenancies",
        verbose_name=_("settlement case"),
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="+", verbose_name=_("municipality")
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"), null=True, blank=True)
    end_reason = models.CharField(_("how it ended"), max_length=24, choices=TenancyEnd.choices, blank=True)
    rent = models.DecimalField(_("rent per month"), max_digits=9, decimal_places=0, validators=KRONER)
    # Inventory item ids found in place on move-in and on move-out.
    inventory_in = models.JSONField(_("inventory checked on move-in"), default=list, blank=True)
    inventory_out = models.JSONField(_("inventory checked on move-out"), default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    audit_codes = ("inventory_in", "inventory_out")

    class Meta:
        ordering = ["-starts_on", "pk"]
        indexes = [
            models.Index(fields=["dwelling", "starts_on"], name="tenancy_dwelling"),
            models.Index(fields=["household", "starts_on"], name="tenancy_household"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(household__isnull=False) | models.Q(case__isnull=False),
                name="tenancy_has_tenant",
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=models.F("starts_on")),
                name="tenancy_ends_after_start",
            ),
        ]
        verbose_name = _("tenancy")
        verbose_name_plural = _("tenancies")

    def __str__(self) -> str:
        return f"{self.dwelling} {self.starts_on}"


class ItemResult(models.TextChoices):
    OK = "ok", _("OK")
    FOLLOW_UP = "follow_up", _("Needs follow-up")
    NOT_CHECKED = "not_checked", _("Not checked")


class Inspection(models.Model):
    """An inspection of a tenancy in a year of the five (1–5), every checklist item with its result."""

    tenancy = models.ForeignKey(Tenancy, on_delete=models.PROTECT, related_name="inspections")
    year = models.PositiveSmallIntegerField(
        _("year after settlement"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    inspected_on = models.DateField(_("inspected on"))
    # {item key: result} for the checklist of the profile, as it was that day.
    results = models.JSONField(_("results"), default=dict)
    guidance = models.JSONField(_("tenant guidance given"), default=list, blank=True)
    notes = models.TextField(_("notes"), blank=True, max_length=4000, validators=TEXT)
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("inspector")
    )

    audit_codes = ("results", "guidance")

    class Meta:
        ordering = ["tenancy", "year", "inspected_on", "pk"]
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")

    def __str__(self) -> str:
        return f"{self.tenancy} – {self.year}"

    @classmethod
    def audit_labels(cls, field_name: str) -> dict[str, str]:
        return checklist_titles()


class Deviation(models.Model):
    """Something an inspection found that needs follow-up: an owner, a due date, done or not."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="deviations")
    item = models.CharField(_("checklist item"), max_length=60)
    description = models.TextField(_("what must be done"), max_length=2000, validators=TEXT)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="housing_deviations",
        verbose_name=_("owner"),
    )
    due_on = models.DateField(_("due"))
    done_on = models.DateField(_("done"), null=True, blank=True)

    audit_codes = ("item",)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("deviation")
        verbose_name_plural = _("deviations")

    def __str__(self) -> str:
        return self.item

    @classmethod
    def audit_labels(cls, field_name: str) -> dict[str, str]:
        return checklist_titles()


class ApprovalResult(models.TextChoices):
    APPROVED = "approved", _("Approved")
    APPROVED_WITH_CONDITIONS = "conditions", _("Approved with conditions")
    REJECTED = "rejected", _("Not approved")


class DwellingApproval(models.Model):
    """The settlement lead's approval of a private dwelling before it is used (Ål, 3.4)."""

    dwelling = models.ForeignKey(Dwelling, on_delete=models.CASCADE, related_name="approvals")
    approved_on = models.DateField(_("date"))
    result = models.CharField(_("result"), max_length=12, choices=ApprovalResult.choices)
    results = models.JSONField(_("checklist"), default=dict, blank=True)
    notes = models.TextField(_("notes"), blank=True, max_length=2000, validators=TEXT)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )

    audit_codes = ("results",)

    class Meta:
        ordering = ["dwelling", "-approved_on", "pk"]
        verbose_name = _("approval of a dwelling")
        verbose_name_plural = _("approvals of dwellings")

    def __str__(self) -> str:
        return f"{self.dwelling} {self.approved_on}"
