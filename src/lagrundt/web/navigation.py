"""The main menu and the home page's cards, gathered from every app's ``navigation.py``.

An app's ``entries(user)`` returns what that user may open there; the access policy decides, so the
menu never offers a page that would answer 404. ``order`` places an entry among all apps' entries.
"""

from dataclasses import dataclass

from lagrundt.core.plugins import app_modules


@dataclass(frozen=True)
class Entry:
    order: int
    url: str
    label: str
    key: str
    # One sentence for the card on the home page; an entry without one is in the menu only.
    description: str = ""
    # A page reached from another (programme results from the programme) may be a card only, so
    # that the menu stays one line for those who work in many parts of Lagrundt.
    in_menu: bool = True


def entries_for(user) -> list[Entry]:
    """Every entry for the user: the home page's cards (those with a description) and the menu."""
    if user is None or not user.is_authenticated:
        return []
    found = [entry for module in app_modules("navigation") for entry in module.entries(user)]
    return sorted(found, key=lambda e: e.order)


def entries(user) -> list[Entry]:
    """The web app's own: home, the statistics for leadership and Django's administration."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from lagrundt.access import policy

    found = [Entry(0, reverse("home"), _("Home"), "home")]
    if policy.sees_aggregates(user):
        found.append(
            Entry(
                50,
                reverse("statistics"),
                _("Statistics"),
                "statistics",
                _("Settled and moved out per municipality, with small numbers hidden."),
            )
        )
    if user.is_staff:
        found.append(Entry(100, reverse("admin:index"), _("Administration"), "admin"))
    return found
