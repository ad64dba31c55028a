"""Home, statistics and login pages."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.decorators import method_decorator

from lagrundt.access import policy, resources
from lagrundt.people import selectors as people_selectors

__all__ = ["LoginView", "home", "login_not_required", "statistics"]


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    template_name = "web/login.html"
    redirect_authenticated_user = True


def home(request):
    """The user's roles and a card for each part of Lagrundt they may open (from the navigation)."""
    return render(request, "web/home.html", {"memberships": resources.memberships(request.user)})


def statistics(request):
    """Aggregates for leadership: counts only, small numbers hidden."""
    municipality_ids = policy.aggregate_municipality_ids(request.user)
    if not municipality_ids:
        raise Http404
    table = people_selectors.settlement_statistics(municipality_ids, today=timezone.localdate())
    return render(request, "web/statistics.html", {"table": table})
