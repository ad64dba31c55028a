"""Kroner and months the Norwegian way in the programme's pages and letters."""

from django import template

from lagrundt.core import formats
from lagrundt.core.formats import kroner
from lagrundt.core.sources import confidence_label

register = template.Library()


@register.filter
def kr(value):
    """21693.33 → «21 693,33» (in the active language's format)."""
    if value is None or value == "":
        return "–"
    return kroner(value, decimals=2, unit=False)


@register.filter
def whole_kr(value):
    """130160 → «130 160»: whole kroner without øre (G is set in whole kroner)."""
    if value is None or value == "":
        return "–"
    return kroner(value, decimals=0 if value == int(value) else 2, unit=False)


@register.filter
def month_label(value):
    return formats.month_label(value) if value else ""


@register.filter
def confidence(value):
    return confidence_label(value)
