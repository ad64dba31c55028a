"""Whether the archive button is shown: the user works on that kind of letter where it belongs."""

from django import template

from lagrundt.archive import letters

register = template.Library()


@register.simple_tag(takes_context=True)
def may_archive(context, kind: str, municipality_id) -> bool:
    found = letters.KINDS.get(kind)
    request = context.get("request")
    if found is None or request is None:
        return False
    return municipality_id in found.municipality_ids(request.user)
