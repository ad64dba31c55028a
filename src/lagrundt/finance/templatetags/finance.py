"""Amounts in templates, always with their marks: assumed, rates missing, hidden."""

from decimal import Decimal

from django import template
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lagrundt.finance.money import Amount

register = template.Library()


def _number(value: Decimal) -> str:
    return number_format(value.to_integral_value(), decimal_pos=0, use_l10n=True, force_grouping=True)


@register.simple_tag
def amount(value, hidden=False):
    """An Amount (or a Decimal) as whole kroner with its marks, for a table cell."""
    if hidden:
        return format_html(
            '<span aria-hidden="true">–</span><span class="ds-sr-only">{}</span>', _("hidden (small numbers)")
        )
    if value is None:
        return ""
    if isinstance(value, Decimal):
        value = Amount(value)
    parts = []
    if value.missing and not value.kroner:
        parts.append(
            format_html(
                '<span class="ds-tag" data-color="danger" data-size="sm">{}</span>', _("rate missing")
            )
        )
    else:
        if value.missing:
            parts.append(format_html("{} ", _("at least")))
        parts.append(format_html("{}", _number(value.kroner)))
    if value.assumed:
        parts.append(
            format_html(' <span class="ds-tag" data-color="warning" data-size="sm">{}</span>', _("assumed"))
        )
    if value.missing and value.kroner:
        text = ngettext("%(n)d without rate", "%(n)d without rate", value.missing) % {"n": value.missing}
        parts.append(format_html(' <span class="ds-tag" data-color="danger" data-size="sm">{}</span>', text))
    return mark_safe("".join(str(p) for p in parts))  # noqa: S308 (every part is escaped by format_html)


@register.simple_tag
def kroner(value):
    """A Decimal or Amount as "1 234 kr" with marks (for text outside tables)."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        value = Amount(value)
    return format_html("{} kr", amount(value)) if not (value.missing and not value.kroner) else amount(value)
