"""Small template helpers shared by every app."""

from django import template

register = template.Library()


@register.simple_tag
def query_with(query, **changes):
    """The current query string with some parameters replaced: keeps filters across pages."""
    params = query.copy()
    for key, value in changes.items():
        params[key] = value
    return params.urlencode()


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def language(code):
    """A language code as its name in the reader's language ("ar": "arabisk"): pages never show codes."""
    from lagrundt.people.languages import language_name

    return language_name(code) if code else ""
