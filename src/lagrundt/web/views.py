"""Home, statistics and login pages."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils import timezone
from django.utils.decorators import method_decorator

from lagrundt.access import policy, resources
from lagrundt.access.audit import Actor
from lagrundt.access.models import AuditChannel
from lagrundt.accounts import oidc, two_factor
from lagrundt.accounts.forms import LoginForm
from lagrundt.accounts.signals import previous_login
from lagrundt.people import selectors as people_selectors
from lagrundt.routines import mywork, presenters
from lagrundt.tenancy.models import Sector

__all__ = ["LoginView", "favicon", "home", "login_not_required", "statistics"]


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    """Username and password, then the second factor (``accounts.two_factor``) where the user's roles need
    one; a link to the municipality's single sign-on when it is set up. Lockout after failed logins is
    checked before this view runs (``accounts.login``)."""

    template_name = "web/login.html"
    authentication_form = LoginForm  # plain-language messages, not Django's own
    redirect_authenticated_user = True

    def get_success_url(self):
        return two_factor.after_password(self.request, super().get_success_url())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["single_sign_on"] = oidc.login_button(self.get_redirect_url())
        context["second_factor_optional"] = two_factor.is_optional()
        return context


def _landing(user) -> str | None:
    """Where a user who follows no persons starts: leaders on the plan overview, the data protection
    officer on the log. None for everyone else (the home page)."""
    if policy.task_sectors(user) - {Sector.DATA_PROTECTION}:
        return None
    if policy.sees_aggregates(user):
        return "plans:dashboard"
    if policy.can_read_audit_log(user):
        return "access:audit_search"
    return None


def home(request):
    """A user who follows persons sees their own work first (``routines.mywork``): their tasks and their
    units' unassigned ones, the persons they follow and what changed since their previous login; then
    their roles and a card for each part of Lagrundt they may open (from the navigation)."""
    user = request.user
    landing = _landing(user)
    if landing is not None:
        return redirect(landing)
    context = {"memberships": resources.memberships(user)}
    if policy.task_sectors(user):
        today = timezone.localdate()
        since = previous_login(request)
        work = mywork.my_work(user, today, since)
        presenters.name_case_subjects(user, work.tasks)
        actor = Actor.from_request(request)
        policy.record_task_reads(actor, work.tasks, channel=AuditChannel.PAGE)
        mywork.record_reads(actor, [f.person for f in work.followed], work.changes)
        context |= {
            "my_work": True,
            "mine": work.mine,
            "unassigned": work.unassigned,
            "followed": work.followed,
            "changes": work.changes,
            "since": since,
            "today": today,
        }
    return render(request, "web/home.html", context)


def statistics(request):
    """Aggregates for leadership: counts only, small numbers hidden."""
    municipality_ids = policy.aggregate_municipality_ids(request.user)
    if not municipality_ids:
        raise Http404
    table = people_selectors.settlement_statistics(municipality_ids, today=timezone.localdate())
    return render(request, "web/statistics.html", {"table": table})


@login_not_required
def favicon(request):
    """``/favicon.ico``, which browsers ask for whatever the page says: the site's icon, for everyone."""
    return HttpResponsePermanentRedirect(static("web/favicon.svg"))
