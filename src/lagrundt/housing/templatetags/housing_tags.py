from django import template

from lagrundt.access.resources import CHANGE, DWELLINGS
from lagrundt.core.formats import kroner

register = template.Library()


@register.filter
def kr(value):
    """Whole kroner as the pages write them ("8 500 kr")."""
    return "" if value is None or value == "" else kroner(value)


@register.simple_tag
def housing_writes(user) -> bool:
    """Whether the user changes housing anywhere (the landlords and the deviations are theirs)."""
    return DWELLINGS.user_has_permission(user, CHANGE)
