from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkConfig(AppConfig):
    name = "lagrundt.work"
    verbose_name = _("Competence and work")
    default_auto_field = "django.db.models.BigAutoField"
