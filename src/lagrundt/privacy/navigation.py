"""Retention in the menu and on the home page, for the integration service's leaders."""

from django.urls import reverse
from django.utils.translation import gettext as _

from lagrundt.access.resources import VIEW
from lagrundt.core.plugins import Entry

from .permissions import RETENTION


def entries(user) -> list[Entry]:
    if not RETENTION.user_has_permission(user, VIEW):
        return []
    return [
        Entry(
            "retention",
            reverse("privacy:retention"),
            _("Retention"),
            _("What is due for anonymisation, and approving it."),
        )
    ]
