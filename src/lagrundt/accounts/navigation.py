"""The user's own account (password, e-mail, API keys, second factor) in the menu and on the home page."""

from django.urls import reverse
from django.utils.translation import gettext as _

from lagrundt.core.plugins import Entry


def entries(user) -> list[Entry]:
    return [
        Entry(
            "account",
            reverse("accounts:account"),
            _("Your account"),
            _("Your password, e-mail address, second factor and API keys."),
        )
    ]
