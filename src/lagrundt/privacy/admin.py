"""Where an administrator sets each municipality's retention rules from its archive plan.

A section without a rule of its own keeps the product's assumed default (shown on the retention
page); a rule set here replaces it. Every change is written to the audit log as the administrator's.
"""

from django.contrib import admin

from lagrundt.access.audit import Actor

from . import retention
from .models import RetentionRule


@admin.register(RetentionRule)
class RetentionRuleAdmin(admin.ModelAdmin):
    list_display = (
        "municipality",
        "section",
        "counted_from",
        "period_months",
        "assumed",
        "source",
        "source_date",
    )
    list_filter = ("municipality", "section", "assumed")
    fields = ("municipality", "section", "counted_from", "period_months", "source", "source_date", "assumed")

    def save_model(self, request, obj, form, change):
        retention.rule_save(
            actor=Actor(request.user, detail=request.path[:300]), rule=obj, creating=not change
        )

    def delete_model(self, request, obj):
        retention.rule_delete(actor=Actor(request.user, detail=request.path[:300]), rule=obj)

    def delete_queryset(self, request, queryset):
        for rule in queryset:
            self.delete_model(request, rule)
