"""Administration of the rule parameters (the rates have their own pages, with import and sources)."""

from django.contrib import admin
from django.core.exceptions import ValidationError

from . import services
from .models import RateSource, RuleParameter


@admin.register(RuleParameter)
class RuleParameterAdmin(admin.ModelAdmin):
    list_display = ("key", "value", "confidence", "source", "changed_at")
    list_filter = ("confidence",)
    search_fields = ("key", "source", "note")

    def has_add_permission(self, request):
        return False  # the keys are fixed by the rules; values are seeded from the facts file

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        try:
            obj.value = services.check_parameter_value(obj.key, obj.value)
        except ValidationError as exc:
            raise ValidationError({"value": exc.messages}) from exc
        super().save_model(request, obj, form, change)


@admin.register(RateSource)
class RateSourceAdmin(admin.ModelAdmin):
    list_display = ("title", "published_on", "fact_id", "entered_by", "entered_at")
    search_fields = ("title", "reference", "fact_id")
    readonly_fields = ("entered_by", "entered_at")
