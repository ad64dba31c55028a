from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceConfig(AppConfig):
    name = "lagrundt.finance"
    verbose_name = _("Grants and economics")
    default_auto_field = "django.db.models.BigAutoField"
