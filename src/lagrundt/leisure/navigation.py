"""Leisure in the menu and on the home page: the catalogue for who keeps it (culture and the integration
service). A person's leisure is reached from the person's page."""

from django.urls import reverse
from django.utils.translation import gettext as _

from lagrundt.access.resources import ACTIVITIES, VIEW
from lagrundt.core.plugins import Entry


def entries(user) -> list[Entry]:
    if not ACTIVITIES.user_has_permission(user, VIEW):
        return []
    return [
        Entry(
            "leisure",
            reverse("leisure:catalogue"),
            _("Leisure"),
            _("The activity catalogue, the interest list and the support schemes for leisure."),
        )
    ]
