"""Kroner and months the Norwegian way in the programme's pages and letters."""

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from lagrundt.core import formats
from lagrundt.core.formats import kroner
from lagrundt.core.sources import confidence_label

from .. import presenters, rule_values

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


@register.simple_tag
def assumed_marker(reason: str):
    """One quiet marker beside an amount that rests on an assumed value: a small «assumed» that opens
    to the reason and the way to the assumptions in force (and who confirms them)."""
    return format_html(
        '<details class="lg-assumed" data-size="sm"><summary class="lg-muted">{}</summary>'
        '<span class="lg-muted">{} <a class="ds-link" href="{}#assumptions">{}</a></span></details>',
        _("assumed"),
        reason,
        reverse("intro:rules"),
        _("The assumptions in force"),
    )


@register.simple_tag
def assumed_g_marker(benefit):
    """The marker of an amount computed with a G no source confirms (nothing when every G is)."""
    if benefit is None or not benefit.g_assumed:
        return ""
    return assumed_marker(presenters.assumed_g_reason(benefit))


@register.filter
def rule_value(value):
    """A rule version's value in words: «lowest age: 18, highest age: 55», never its keys."""
    return rule_values.rule_value(value)
