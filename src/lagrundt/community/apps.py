from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "lagrundt.community"
    label = "community"
    verbose_name = _("Volunteers, welcome and interpreters")
    default_auto_field = "django.db.models.BigAutoField"
