from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "lagrundt.community"
    label = "community"
    verbose_name = _("Volunteers, welcome and interpreters")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from lagrundt.people.signals import consent_withdrawn

        from .guides.services import end_pairs_without_consent

        consent_withdrawn.connect(
            end_pairs_without_consent, dispatch_uid="community.end_pairs_without_consent"
        )
