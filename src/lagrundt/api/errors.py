"""API errors as structured JSON, never a 500 for bad input.

Django's ``ValidationError`` raised by a service becomes a 400 with the same shape as DRF's own:
``{"field": ["message", ...], "non_field_errors": [...]}``.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            data = {
                ("non_field_errors" if field == "__all__" else field): [
                    str(m) for e in errors for m in e.messages
                ]
                for field, errors in exc.error_dict.items()
            }
        else:
            data = {"non_field_errors": [str(m) for m in exc.messages]}
        return Response(data, status=status.HTTP_400_BAD_REQUEST)
    return drf_exception_handler(exc, context)
