"""Where an administrator records what the sources did not give: rule versions and G per period."""

from django.contrib import admin

from .models import BaseAmountRecord, RuleVersionRecord


@admin.register(BaseAmountRecord)
class BaseAmountAdmin(admin.ModelAdmin):
    list_display = ("valid_from", "amount", "confidence", "source")
    readonly_fields = ("recorded_by", "recorded_at")

    def save_model(self, request, obj, form, change):
        obj.recorded_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(RuleVersionRecord)
class RuleVersionAdmin(admin.ModelAdmin):
    list_display = ("key", "valid_from", "confidence", "source")
    readonly_fields = ("recorded_by", "recorded_at")

    def save_model(self, request, obj, form, change):
        obj.recorded_by = request.user
        super().save_model(request, obj, form, change)
