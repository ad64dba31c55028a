"""The archive's outbox in the menu, for those who follow a kind of letter it archives."""

from django.urls import reverse
from django.utils.translation import gettext as _

from lagrundt.core.plugins import Entry

from . import letters


def entries(user) -> list[Entry]:
    if not any(kind.municipality_ids(user) for kind in letters.KINDS.values()):
        return []
    return [
        Entry(
            "archive",
            reverse("archive:outbox"),
            _("Archive outbox"),
            _(
                "Letters and decisions on their way to the municipality's archive, "
                "and what the archive confirmed."
            ),
            in_menu=False,
        )
    ]
