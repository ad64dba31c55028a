"""Reading one cell of a spreadsheet as Norwegians write it: dates as 04.11.2026 (or 2026-11-04, or a
real date cell), numbers as 1 234,50, yes/no in three languages. Each function takes what the reader
gives (text, or a date or number from an XLSX cell) and raises ``ValueError`` with the message to show.

Two helpers serve a kind's ``clean``: ``read`` puts one cell through such a reader and adds what is wrong
to the row's errors, and ``model_errors`` adds a model's (or a service's) ``ValidationError`` to them, each
message on its column."""

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lagrundt.core.forms import validate_day

from .kinds.base import RowError

DATE_FORMATS = ("%d.%m.%Y", "%Y-%m-%d", "%d.%m.%y", "%d/%m/%Y")
YES = {"ja", "j", "yes", "y", "x", "1", "sant", "true"}
NO = {"nei", "n", "no", "0", "usant", "false", ""}
MSG_REQUIRED = gettext_lazy("Fill in this cell.")


def text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def folded(value) -> str:
    """Text as a key for comparing: spaces collapsed and case folded ("Sentrumsvegen  12" is "sentrumsvegen
    12")."""
    return " ".join(text(value).split()).casefold()


def date(value) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    raw = text(value)
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
    raise ValueError(_("Write the date as 04.11.2026."))


def day(value) -> dt.date | None:
    """A date as ``date`` reads it, within the days the forms take."""
    found = date(value)
    try:
        validate_day(found)
    except ValidationError as exc:
        raise ValueError(" ".join(exc.messages)) from None
    return found


def decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return Decimal(str(value))
    raw = re.sub(r"[\s\u00a0\u202f]|kr\.?|NOK", "", text(value), flags=re.IGNORECASE)
    if "," in raw:
        raw = raw.replace(".", "").replace(",", ".")
    try:
        number = Decimal(raw)
    except InvalidOperation:
        raise ValueError(_("Write a number, such as 1 234,50.")) from None
    if not number.is_finite():
        raise ValueError(_("Write a number, such as 1 234,50."))
    return number


def integer(value) -> int | None:
    number = decimal(value)
    if number is None:
        return None
    if number != number.to_integral_value():
        raise ValueError(_("Write a whole number."))
    return int(number)


def yes_no(value) -> bool:
    raw = text(value).casefold()
    if raw in YES:
        return True
    if raw in NO:
        return False
    raise ValueError(_("Write ja or nei."))


_CHOICE_NAMES: dict[tuple, dict[str, str]] = {}


def _choice_names(choices) -> dict[str, str]:
    """Every name of every choice (its code, its label in each of Lagrundt's languages), folded → code.
    Kept per set of codes: labels are the same for the whole run."""
    choices = list(choices)
    key = tuple(str(code) for code, _label in choices)
    names = _CHOICE_NAMES.get(key)
    if names is None:
        names = {}
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                for code, label in choices:
                    names.setdefault(folded(str(label)), code)
        for code, _label in choices:
            names[str(code).casefold()] = code
        _CHOICE_NAMES[key] = names
    return names


def choice(value, choices) -> str:
    """A choice by its stored code or by its label in any language the user could have written."""
    raw = text(value)
    if raw == "":
        return ""
    found = _choice_names(choices).get(folded(raw))
    if found is not None:
        return found
    shown = ", ".join(str(label) for _code, label in choices)
    raise ValueError(_("Choose one of: %(choices)s.") % {"choices": shown})


def read(values: dict, errors: list[RowError], key: str, reader, *, required=False, message=MSG_REQUIRED):
    """The cell ``key`` of a row through its reader (``text``, ``date``, …), or None: an empty cell of a
    required column (with ``message``) or a value the reader refuses is added to ``errors``."""
    raw = values.get(key)
    if text(raw) == "":
        if required:
            errors.append(RowError(key, message))
        return None
    try:
        return reader(raw)
    except ValueError as exc:
        errors.append(RowError(key, str(exc)))
        return None


def model_errors(
    exc: ValidationError, errors: list[RowError], columns, *, fields=None, one_for_the_row=False
) -> None:
    """A model's (or a service's) messages added to ``errors``, each on the column of its field.

    ``columns``: the row's column keys; a column fills the field of its name unless ``fields`` (column →
    field) says otherwise. A field no column fills is the row's (column None). A column that already has
    an error gets no second one; with ``one_for_the_row``, neither does the row."""
    by_field = {field: column for column, field in (fields or {}).items()}
    seen = {e.column for e in errors}
    for name, messages in exc.message_dict.items():
        column = by_field.get(name, name)
        if column not in columns:
            column = None
        if column in seen and (column is not None or one_for_the_row):
            continue
        seen.add(column)
        errors.append(RowError(column, " ".join(messages)))
