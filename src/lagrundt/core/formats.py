"""How Lagrundt writes a day, a month and an amount of kroner, on pages, in letters and in exports.

One formatter per kind of value, in the active language (Norwegian digit grouping with a space, a
comma before øre): a page, a PDF and a message never spell the same value two ways.
"""

import datetime as dt
from decimal import Decimal

from django.utils.formats import date_format, number_format


def date_label(day: dt.date) -> str:
    """A day as people in Norway write it: 05.01.2026."""
    return date_format(day, "d.m.Y")


def month_label(month: dt.date) -> str:
    """A month by name and year: "januar 2026"."""
    return date_format(month, "F Y")


def kroner(value: Decimal | int, *, decimals: int = 0, unit: bool = True) -> str:
    """An amount with the language's grouping: "1 234 kr", or "1 234,50" with ``decimals=2, unit=False``.

    Whole kroner (the default) are rounded to the nearest krone (half to even, as ``Decimal`` does);
    a rounding rule that is law (the benefit's) is applied before, where the amount is computed.
    """
    value = Decimal(value)
    if decimals == 0:
        value = value.to_integral_value()
    text = number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)
    return f"{text} kr" if unit else text
