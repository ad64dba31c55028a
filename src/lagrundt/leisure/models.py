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
