from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "lagrundt.accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from . import login, signals, two_factor_admin  # noqa: F401  (login: lockouts to the audit log)

        signals.connect()
