"""Home, statistics and login pages."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.decorators import method_decorator

from lagrundt.access import policy, resources
from lagrundt.accounts import oidc, two_factor
from lagrundt.people import selectors as people_selectors

__all__ = ["LoginView", "home", "login_not_required", "statistics"]


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    """Username and password, then the second factor (``accounts.two_factor``) where the user's roles need
    one; a link to the municipality's single sign-on when it is set up. Lockout after failed logins is
    checked before this view runs (``accounts.login``)."""

    template_name = "web/login.html"
    redirect_authenticated_user = True

    def get_success_url(self):
        return two_factor.after_password(self.request, super().get_success_url())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["single_sign_on"] = oidc.login_button(self.get_redirect_url())
        context["second_factor_optional"] = two_factor.is_optional()
        return context


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
