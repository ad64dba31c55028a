from django.contrib import admin

from .models import Dwelling


@admin.register(Dwelling)
class DwellingAdmin(admin.ModelAdmin):
    """The stock for an administrator: addresses and numbers, no one's personal data."""

    list_display = ("address", "municipality", "ownership", "rooms", "bedrooms", "retired_on")
    list_filter = ("municipality", "ownership")
    search_fields = ("address",)
    exclude = ("landlord",)
