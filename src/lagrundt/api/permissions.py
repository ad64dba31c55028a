"""What an API key may reach: its scope names read or read-write, and which parts of the API.

Every viewset names its part in ``api_part`` (one of ``PARTS``). A key limited to some parts answers
403 on the others (``{"detail": ...}``, as every error). A session (the browsable API) is not limited
by parts: the access policy alone decides, as on the pages.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission

from lagrundt.accounts.models import ApiPart

# The parts of the API a key can be limited to, with the label its owner reads (kept with the key,
# in accounts, which sits below the API).
PARTS = dict(ApiPart.choices)
DEFAULT_PART = ApiPart.REGISTER


class TokenPartPermission(BasePermission):
    message = _("The API key does not cover this part of the API.")

    def has_permission(self, request, view) -> bool:
        token = request.auth
        covers = getattr(token, "covers", None)
        if covers is None:
            return True
        return covers(getattr(view, "api_part", DEFAULT_PART))
