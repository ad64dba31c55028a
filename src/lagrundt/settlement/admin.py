"""Administration: the municipal defaults the settlement process needs and no law gives (the days to
reply to IMDi where a proposal gives none, the first weeks after arrival), dated and sourced. Cases
and the year's decision are changed on their pages, through the services that audit them."""

from django.contrib import admin

from .models import SettlementSetting


@admin.register(SettlementSetting)
class SettlementSettingAdmin(admin.ModelAdmin):
    list_display = ("municipality", "key", "value", "valid_from", "assumed", "source")
    list_filter = ("municipality", "key", "assumed")
