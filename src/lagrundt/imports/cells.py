"""Reading one cell of a spreadsheet as Norwegians write it: dates as 04.11.2026 (or 2026-11-04, or a
real date cell), numbers as 1 234,50, yes/no in three languages. Each function takes what the reader
gives (text, or a date or number from an XLSX cell) and raises ``ValueError`` with the message to show."""

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

DATE_FORMATS = ("%d.%m.%Y", "%Y-%m-%d", "%d.%m.%y", "%d/%m/%Y")
YES = {"ja", "j", "yes", "y", "x", "1", "sant", "true"}
NO = {"nei", "n", "no", "0", "usant", "false", ""}


def text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


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
                    names.setdefault(" ".join(str(label).split()).casefold(), code)
        for code, _label in choices:
            names[str(code).casefold()] = code
        _CHOICE_NAMES[key] = names
    return names


def choice(value, choices) -> str:
    """A choice by its stored code or by its label in any language the user could have written."""
    raw = text(value)
    if raw == "":
        return ""
    found = _choice_names(choices).get(" ".join(raw.split()).casefold())
    if found is not None:
        return found
    shown = ", ".join(str(label) for _code, label in choices)
    raise ValueError(_("Choose one of: %(choices)s.") % {"choices": shown})
