from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccessConfig(AppConfig):
    name = "lagrundt.access"
    verbose_name = _("Access and audit")

    def ready(self) -> None:
        from . import signals  # noqa: F401  (records failed logins)
