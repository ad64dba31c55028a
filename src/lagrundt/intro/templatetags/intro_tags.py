"""Kroner and months the Norwegian way in the programme's pages and letters."""

from django import template

from .. import presenters

register = template.Library()


@register.filter
def kr(value):
    """21693.33 → «21 693,33» (in the active language's format)."""
    if value is None or value == "":
        return "–"
    return presenters.kroner(value)


@register.filter
def month_label(value):
    return presenters.month_label(value) if value else ""


@register.filter
def confidence(value):
    return presenters.confidence_label(value)
