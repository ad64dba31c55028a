"""Template context shared by every page: the navigation the user's memberships allow."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lagrundt.access import policy


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = [(reverse("home"), _("Home"), "home")]
    if policy.can_see_persons(user):
        items.append((reverse("people:person_list"), _("Persons"), "persons"))
    if policy.task_sectors(user):
        items.append((reverse("routines:task_list"), _("Tasks"), "tasks"))
    if policy.registering_municipality_ids(user):
        items.append((reverse("people:household_register"), _("Register household"), "register"))
    if policy.sees_aggregates(user):
        items.append((reverse("statistics"), _("Statistics"), "statistics"))
    if policy.sees_aggregates(user) or policy.task_sectors(user):
        items.append((reverse("routines:compliance"), _("Deadlines kept"), "compliance"))
    if policy.can_read_audit_log(user):
        items.append((reverse("access:audit_search"), _("Audit log"), "audit"))
    if user.is_staff:
        items.append((reverse("admin:index"), _("Administration"), "admin"))
    return {"nav_items": items}
