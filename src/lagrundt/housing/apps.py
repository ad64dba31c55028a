from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HousingConfig(AppConfig):
    name = "lagrundt.housing"
    verbose_name = _("Housing")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The settlement app tells of an arrival; the dwelling held for the case becomes the household's.
        from lagrundt.settlement.signals import case_arrived

        from .services import on_case_arrived

        case_arrived.connect(on_case_arrived, dispatch_uid="housing.case_arrived")
