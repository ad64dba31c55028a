"""Administration: routines come from the routine files and are shown read-only; the lists that
routines read (countries with high tuberculosis incidence) are set here, with source and date."""

from django.contrib import admin

from .models import CountryListEntry, Routine


@admin.register(Routine)
class RoutineAdmin(admin.ModelAdmin):
    list_display = ("key", "title_nb", "municipality", "sector", "applies_to", "basis", "active")
    list_filter = ("municipality", "sector", "basis", "active")
    search_fields = ("key", "title_nb", "title_nn", "source")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CountryListEntry)
class CountryListEntryAdmin(admin.ModelAdmin):
    list_display = ("list", "country", "valid_from", "assumed", "source")
    list_filter = ("list", "assumed")
