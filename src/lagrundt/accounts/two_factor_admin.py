"""The second factor in the administration: whose, since when, last used, and delete (a lost phone).

django-otp's own pages would show an authenticator's secret and the recovery codes in clear, and let an
administrator add a second factor for someone else; these replace them. After a deletion the user sets
up a new authenticator at the next login (docs/login.md, "Lost phone").
"""

from django.contrib import admin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

FIELDS = ("user", "name", "confirmed", "created_at", "last_used_at")


class SecondFactorAdmin(admin.ModelAdmin):
    list_display = FIELDS
    fields = FIELDS
    readonly_fields = FIELDS
    search_fields = ("user__username",)
    list_select_related = ("user",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


for model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
    admin.site.register(model, SecondFactorAdmin)
