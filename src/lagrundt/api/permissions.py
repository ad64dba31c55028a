"""What an API key may reach: its scope names read or read-write, and which parts of the API.

Every viewset names its part in ``api_part`` (one of ``PARTS``). A session (the browsable API) is
not limited by parts: the access policy alone decides, as on the pages.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission

# The parts of the API a key can be limited to, with the label its owner reads.
PARTS = {
    "register": _("Register: persons, households, settlements and moves"),
    "programme": _("Introduction programme"),
    "work": _("Work and employers"),
    "finance": _("Grants and economy"),
    "plans": _("Action plans and indicators"),
    "settlement": _("Settlement requests and process"),
    "housing": _("Housing"),
    "archive": _("Archive outbox"),
}


class TokenPartPermission(BasePermission):
    message = _("The API key does not cover this part of the API.")

    def has_permission(self, request, view) -> bool:
        token = request.auth
        covers = getattr(token, "covers", None)
        if covers is None:
            return True
        return covers(getattr(view, "api_part", "register"))
