"""Settlement in the menu and on the home page: the board for the integration service, the year's
progress against the council's decision for leadership."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lagrundt.access.resources import SETTLEMENT_CASES, SETTLEMENT_YEARS, VIEW
from lagrundt.core.plugins import Entry


def entries(user) -> list[Entry]:
    if SETTLEMENT_CASES.user_has_permission(user, VIEW):
        return [
            Entry(
                "settlement",
                reverse("settlement:board"),
                _("Settlement"),
                _("IMDi's proposals from reply to arrival, the tasks before arrival, the year's decision."),
            )
        ]
    if SETTLEMENT_YEARS.user_has_permission(user, VIEW):
        return [
            Entry(
                "settlement_results",
                reverse("settlement:year", args=[timezone.localdate().year]),
                _("Settlement this year"),
                _("The council's decision against the persons accepted and arrived, per category."),
            )
        ]
    return []
