from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecordsConfig(AppConfig):
    name = "lagrundt.records"
    label = "records"
    verbose_name = _("School, kindergarten and health records")
    default_auto_field = "django.db.models.BigAutoField"
