from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntroConfig(AppConfig):
    name = "lagrundt.intro"
    verbose_name = _("The introduction programme")
    default_auto_field = "django.db.models.BigAutoField"
