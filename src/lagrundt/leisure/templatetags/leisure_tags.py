"""Leisure's template filters: a day and an amount written the way the rest of Lagrundt writes them."""

from django import template

from lagrundt.core.formats import date_label, kroner

register = template.Library()


@register.filter
def day(value):
    return date_label(value) if value else ""


@register.filter
def kr(value):
    return kroner(value) if value is not None else ""
