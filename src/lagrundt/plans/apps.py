from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "lagrundt.plans"
    verbose_name = _("Action plans and reports")
    default_auto_field = "django.db.models.BigAutoField"
