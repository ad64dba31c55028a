"""Helpers every app's views use to read query parameters and show a service's refusal on a form."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_noop


def int_or_none(value) -> int | None:
    """A query parameter as a whole number, or None when it is missing or not a number."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def add_errors(form, exc: ValidationError) -> None:
    """Put a service's ``ValidationError`` on the form: on its fields where it names them."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


# Django 6.1's label for an empty choice has no bokmål or nynorsk translation in Django's own
# catalogues yet; ours, which comes first, carries it.
gettext_noop("- Select an option -")
