"""Helpers every app's views use to read query parameters and to submit a form to a service."""

from collections.abc import Callable
from typing import Any

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


def submit(form, service: Callable[[dict[str, Any]], Any]) -> Any:
    """A posted form handed to a service: what the service gave, or None when it was refused.

    When the form is valid, ``service`` is called with its ``cleaned_data`` (a view passes a small
    function that names the actor and the object). A service that gives nothing counts as done and
    gives ``True``. When the form is not valid, or the service raises ``ValidationError``, the answer is
    None and the form carries the errors (a service's on the fields it names, see ``add_errors``), so
    that the page shows them beside what was typed. Services change all or nothing, so a refusal has
    written nothing.
    """
    if not form.is_valid():
        return None
    try:
        result = service(form.cleaned_data)
    except ValidationError as exc:
        add_errors(form, exc)
        return None
    return True if result is None else result


def error_messages(form) -> list[str]:
    """Every error of a bound form, as text: for a form posted from another page, shown as a message."""
    return [str(message) for errors in form.errors.values() for message in errors]


# Django 6.1's label for an empty choice has no bokmål or nynorsk translation in Django's own
# catalogues yet; ours, which comes first, carries it.
gettext_noop("- Select an option -")
