from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LeisureConfig(AppConfig):
    name = "lagrundt.leisure"
    label = "leisure"
    verbose_name = _("Leisure")
    default_auto_field = "django.db.models.BigAutoField"
