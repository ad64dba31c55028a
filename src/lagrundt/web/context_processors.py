"""Template context shared by every page: the navigation the user's memberships allow.

``nav_items`` is every entry (the home page's cards come from it); ``nav_menu`` is the main menu:
the entries everyone uses daily as links, the rest in a few groups by theme, each a disclosure, so
that the menu stays on one line on a laptop and collapses behind one button on a phone. A group with
a single entry is a plain link. The user's own account sits by their name, not in the menu.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from lagrundt.core.plugins import Entry
from lagrundt.web.navigation import entries_for

# The theme of each menu entry that is not a link of its own; an entry may name one of these groups
# itself (``Entry.group``).
FOLLOW_UP = "follow_up"
STEERING = "steering"
ADMINISTRATION = "administration"
GROUP_LABELS = {
    FOLLOW_UP: _("Follow-up"),
    STEERING: _("Plans and results"),
    ADMINISTRATION: _("Administration"),
}
GROUPS = {
    "settlement": FOLLOW_UP,
    "housing": FOLLOW_UP,
    "intro": FOLLOW_UP,
    "work": FOLLOW_UP,
    "volunteers": FOLLOW_UP,
    "leisure": FOLLOW_UP,
    "welcome": FOLLOW_UP,
    "interpreters": FOLLOW_UP,
    "surveys": FOLLOW_UP,
    "plans": STEERING,
    "statistics": STEERING,
    "work_results": STEERING,
    "settlement_results": STEERING,
    "housing_results": STEERING,
    "finance": STEERING,
    "compliance": STEERING,
    "intro_results": STEERING,
    "audit": ADMINISTRATION,
    "retention": ADMINISTRATION,
    "imports": ADMINISTRATION,
    "archive": ADMINISTRATION,
    "admin": ADMINISTRATION,
}
ACCOUNT = "account"


@dataclass
class MenuItem:
    """A link of the main menu (``entry``) or a group of links (``label`` and ``entries``)."""

    key: str
    label: str = ""
    entry: Entry | None = None
    entries: list[Entry] = field(default_factory=list)
    current: bool = False


def _section(entries: list[Entry], path: str) -> str:
    """The URL of the menu entry the page belongs to: the longest that starts its path (home only itself)."""
    found = [e.url for e in entries if e.url == path or (e.url != "/" and path.startswith(e.url))]
    return max(found, key=len, default="")


def main_menu(entries: list[Entry], path: str) -> tuple[list[MenuItem], Entry | None]:
    """The menu's items in the entries' order (a group where its first entry is), and the account.

    An item is ``current`` when the page is its entry's or lies under it (a group: under one of its own).
    """
    section = _section([e for e in entries if e.in_menu], path)
    items: list[MenuItem] = []
    groups: dict[str, MenuItem] = {}
    account = None
    for entry in entries:
        if not entry.in_menu:
            continue
        if entry.key == ACCOUNT:
            account = entry
            continue
        key = entry.group if entry.group in GROUP_LABELS else GROUPS.get(entry.key, "")
        if not key:
            items.append(MenuItem(entry.key, entry.label, entry=entry, current=entry.url == section))
            continue
        if key not in groups:
            groups[key] = MenuItem(key, str(GROUP_LABELS[key]))
            items.append(groups[key])
        groups[key].entries.append(entry)
    for item in groups.values():
        if len(item.entries) == 1:
            (item.entry,) = item.entries
            item.key, item.label, item.entries = item.entry.key, item.entry.label, []
        item.current = any(e.url == section for e in item.entries or [item.entry])
    return items, account


def navigation(request):
    entries = entries_for(getattr(request, "user", None))
    menu, account = main_menu(entries, getattr(request, "path", ""))
    return {"nav_items": entries, "nav_menu": menu, "nav_account": account}
