"""The user surveys in the menu and on the home page."""

from django.urls import reverse
from django.utils.translation import gettext as _

from lagrundt.access.resources import SURVEYS
from lagrundt.core.plugins import Entry


def entries(user) -> list[Entry]:
    if SURVEYS.user_has_permission(user, "view"):
        return [
            Entry(
                "surveys",
                reverse("surveys:survey_list"),
                _("User surveys"),
                _("Anonymous surveys among the refugees, answered on a phone with a one-time code."),
            )
        ]
    if SURVEYS.user_has_permission(user, "statistics"):
        return [
            Entry(
                "surveys",
                reverse("surveys:survey_list"),
                _("User surveys"),
                _("The results of the user surveys, with small numbers hidden."),
            )
        ]
    return []
