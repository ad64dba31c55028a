"""Template context shared by every page: the navigation the user's memberships allow."""

from lagrundt.web.navigation import entries_for


def navigation(request):
    return {"nav_items": entries_for(getattr(request, "user", None))}
