from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "lagrundt.surveys"
    label = "surveys"
    verbose_name = _("User surveys")
    default_auto_field = "django.db.models.BigAutoField"
