"""Helpers every app's views use to read query parameters and to submit a form to a service."""

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

# The widest whole number the databases store (SQLite's INTEGER, PostgreSQL's bigint): a larger one in
# a filter fails in the database driver instead of finding nothing.
LARGEST_INT = 2**63 - 1
# The days a page takes from a query or its address: every birth date and deadline fits, and a year or
# a week added or taken away never leaves the calendar (which ends in the years 1 and 9999).
EARLIEST_DAY = dt.date(1800, 1, 1)
LATEST_DAY = dt.date(2999, 12, 31)


def int_or_none(value) -> int | None:
    """A query parameter as a whole number, or None when it is missing, not a number, or larger than a
    database stores."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if -LARGEST_INT - 1 <= number <= LARGEST_INT else None


def validate_day(value: dt.date | None) -> None:
    """A form's day within ``EARLIEST_DAY`` … ``LATEST_DAY``, so that a year added to it stays in the
    calendar (a form field's validator: the year 9999 is refused with a message, not a 500)."""
    if value is not None and not EARLIEST_DAY <= value <= LATEST_DAY:
        raise ValidationError(
            _("Give a date between the years %(first)s and %(last)s."),
            code="out_of_range",
            params={"first": EARLIEST_DAY.year, "last": LATEST_DAY.year},
        )


def search_text(value, max_length: int = 100) -> str:
    """A search typed into a query parameter: trimmed, at most ``max_length`` characters, and without NUL
    characters, which PostgreSQL refuses in text (a search for one would fail instead of finding nothing)."""
    if not isinstance(value, str):
        return ""
    return value.replace("\x00", "").strip()[:max_length]


def date_or_none(value) -> dt.date | None:
    """A day written as in ISO 8601 (2026-11-04) in a query or an address, or None when it is missing,
    not a day, or outside ``EARLIEST_DAY`` … ``LATEST_DAY``."""
    try:
        day = dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return None
    return day if EARLIEST_DAY <= day <= LATEST_DAY else None


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
