"""The spreadsheet import in the menu and on the home page, for those who may import something."""

from django.urls import reverse
from django.utils.translation import gettext as _

from lagrundt.core.plugins import Entry

from . import services


def entries(user) -> list[Entry]:
    if not getattr(user, "is_authenticated", False) or not services.kinds_for(user):
        return []
    return [
        Entry(
            "imports",
            reverse("imports:index"),
            _("Import"),
            _("Import spreadsheets: persons and households, dwellings, employers, volunteers and grants."),
        )
    ]
