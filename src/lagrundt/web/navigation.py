"""The main menu and the home page's cards, gathered from every app's ``navigation.py``.

An app's ``entries(user)`` returns what that user may open there; the access policy decides, so the
menu never offers a page that would answer 404. ``core.plugins.MENU_ORDER`` places every entry.
"""

from django.core.exceptions import ImproperlyConfigured

from lagrundt.core.plugins import MENU_ORDER, Entry, app_modules

_PLACE = {key: i for i, key in enumerate(MENU_ORDER)}


def entries_for(user) -> list[Entry]:
    """Every entry for the user: the home page's cards (those with a description) and the menu."""
    if user is None or not user.is_authenticated:
        return []
    found = [entry for module in app_modules("navigation") for entry in module.entries(user)]
    unknown = sorted({e.key for e in found} - _PLACE.keys())
    if unknown:
        raise ImproperlyConfigured(f"Menu entries without a place in core.plugins.MENU_ORDER: {unknown}")
    return sorted(found, key=lambda e: _PLACE[e.key])


def entries(user) -> list[Entry]:
    """The web app's own: home, the statistics for leadership and Django's administration."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from lagrundt.access import policy

    found = [Entry("home", reverse("home"), _("Home"))]
    if policy.sees_aggregates(user):
        found.append(
            Entry(
                "statistics",
                reverse("statistics"),
                _("Statistics"),
                _("Settled and moved out per municipality, with small numbers hidden."),
            )
        )
    if user.is_staff:
        found.append(Entry("admin", reverse("admin:index"), _("Administration")))
    return found
