"""The audit log in the menu and on the home page, for data protection officers."""

from django.urls import reverse
from django.utils.translation import gettext as _

from lagrundt.core.plugins import Entry

from . import policy


def entries(user) -> list[Entry]:
    if not policy.can_read_audit_log(user):
        return []
    return [
        Entry(
            "audit",
            reverse("access:audit_search"),
            _("Audit log"),
            _("See who read or changed what, and when."),
        )
    ]
