"""The user's own account: password and API keys; and the password reset through an e-mailed link."""

import hashlib

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import PasswordChangeForm, SetPasswordForm
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from rest_framework.throttling import SimpleRateThrottle

from lagrundt.access.audit import Actor
from lagrundt.access.models import AuditChannel
from lagrundt.core.forms import submit

from . import login, middleware, services
from .forms import ApiTokenForm, EmailForm, PasswordResetForm
from .models import Account, ApiToken


def account(request):
    """The user's own account: their password and their API keys."""
    return render(
        request,
        "accounts/account.html",
        {
            "account": Account.objects.filter(user=request.user).first(),
            "active_keys": sum(t.is_usable() for t in services.api_tokens_of(request.user)),
        },
    )


def email_change(request):
    """The user's own e-mail address: an administrator cannot change it (links to choose a password go
    there), so the user does, with the password again."""
    form = EmailForm(request.POST or None, request=request, initial={"email": request.user.email})
    if request.method == "POST":
        done = submit(
            form,
            lambda data: services.email_change(
                request.user, data["email"], actor=Actor.from_request(request), channel=AuditChannel.PAGE
            ),
        )
        if done is not None:
            messages.success(request, _("Your e-mail address is saved."))
            return redirect("accounts:account")
    return render(request, "accounts/email_form.html", {"form": form})


# ---------------------------------------------------------------------------- password
class PasswordChangeView(auth_views.PasswordChangeView):
    """Change one's own password (or choose one, after logging in by single sign-on). The session
    goes on; every API key of the user is revoked (``services.password_changed``)."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:account")

    def get_form_class(self):
        return PasswordChangeForm if self.request.user.has_usable_password() else SetPasswordForm

    def form_valid(self, form):
        services.note_password_actor(
            form.user, Actor(user=self.request.user, detail=self.request.path), AuditChannel.PAGE
        )
        response = super().form_valid(form)
        middleware.password_changed(self.request)
        messages.success(
            self.request,
            _("Your password is changed. Your API keys were revoked: make new ones if you need them."),
        )
        return response


class _RateLimit(SimpleRateThrottle):
    """Django REST framework's throttle, for a page: ``rate`` requests per period and ``ident``."""

    scope = "accounts"

    def __init__(self, rate: str, ident: str):
        self.rate = rate
        self.ident = ident
        super().__init__()

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.ident}


def _rate_limited(request, email: str) -> bool:
    """Five reset e-mails an hour from one address, three to one e-mail address."""
    ip = login.client_ip(request) or "unknown"
    by_address = hashlib.sha256(email.casefold().encode()).hexdigest()[:32]
    limits = [_RateLimit("5/hour", f"reset-ip-{ip}"), _RateLimit("3/hour", f"reset-email-{by_address}")]
    return not all(limit.allow_request(request, None) for limit in limits)


@method_decorator(login_not_required, name="dispatch")
class PasswordResetView(auth_views.PasswordResetView):
    """Ask for a link to choose a new password. The answer is the same whether or not the address
    belongs to anyone."""

    form_class = PasswordResetForm
    template_name = "accounts/password_reset_form.html"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        if _rate_limited(self.request, form.cleaned_data["email"]):
            form.add_error(None, _("Too many requests for a new password. Wait an hour and try again."))
            return self.render_to_response(self.get_context_data(form=form), status=429)
        form.save()
        return redirect(self.success_url)


@method_decorator(login_not_required, name="dispatch")
class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


@method_decorator(login_not_required, name="dispatch")
class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Choose a new password from the e-mailed link. It does not log the user in: they log in as
    always, with the second factor."""

    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")
    post_reset_login = False

    def form_valid(self, form):
        services.note_password_actor(
            form.user,
            Actor(user=form.user, detail="password set through an e-mailed link"),
            AuditChannel.PAGE,
        )
        return super().form_valid(form)


@method_decorator(login_not_required, name="dispatch")
class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


# ---------------------------------------------------------------------------- API keys
def api_keys(request):
    now = timezone.now()
    keys = services.api_tokens_of(request.user)
    return render(
        request,
        "accounts/api_keys.html",
        {"keys": [(key, key.is_usable(now), key.status(now)) for key in keys], "limit": len(keys) >= 100},
    )


def api_key_create(request):
    """Make a key: shown once, on the answer to the form, and never again."""
    form = ApiTokenForm(request.POST or None, request=request)
    if request.method == "POST":
        made = submit(
            form,
            lambda data: services.api_token_make(
                user=request.user,
                name=data["name"],
                scope=data["scope"],
                days=data["days"],
                parts=data.get("parts") or (),
                actor=Actor.from_request(request),
                channel=AuditChannel.PAGE,
            ),
        )
        if made:
            token, key = made
            response = render(request, "accounts/api_key_created.html", {"token": token, "key": key})
            response["Cache-Control"] = "no-store"
            return response
    return render(request, "accounts/api_key_form.html", {"form": form})


@require_POST
def api_key_revoke(request, pk: int):
    token = get_object_or_404(ApiToken.objects.select_related("user"), pk=pk, user=request.user)
    if services.api_token_revoke(token, actor=Actor.from_request(request), channel=AuditChannel.PAGE):
        messages.success(request, _("The API key %(name)s is revoked.") % {"name": token.name})
    return redirect("accounts:api_keys")
