"""The blank spreadsheet of a kind: a header row in the user's language, and a sheet that explains each
column (required or not, what to write, a synthetic example)."""

from django.utils.translation import gettext as _

from lagrundt.core.documents import Sheet

from .kinds.base import Kind


def data_sheet(kind: Kind) -> Sheet:
    return Sheet(title=str(kind.label)[:31], header=[str(c.label) for c in kind.columns], rows=[])


def explanations_sheet(kind: Kind) -> Sheet:
    return Sheet(
        title=_("Explanations"),
        header=[_("Column"), _("Required"), _("What to write"), _("Example")],
        rows=[
            [str(c.label), _("yes") if c.required else _("no"), str(c.help), c.example] for c in kind.columns
        ],
    )
