"""The second factor's pages: set up an authenticator app, show a code after the password, and make new
recovery codes. The work is in ``two_factor``; these pages read the form and say what happened."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from lagrundt.access.audit import Actor

from . import two_factor


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=40,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}
        ),
    )


class AppCodeForm(CodeForm):
    code = forms.CharField(
        label=_("Code from the app"),
        help_text=_("Six digits."),
        max_length=12,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autofocus": True,
                "spellcheck": "false",
            }
        ),
    )


def setup(request):
    """Set up an authenticator app: scan the code (or type the secret), confirm a code, get recovery codes.

    With an app already set up, the page says so (after the second factor) and offers new recovery codes or
    another app; only a session that has shown its second factor may replace it.
    """
    user = request.user
    next_url = two_factor.safe_next(request)
    device = two_factor.authenticator(user)
    if device is not None and not two_factor.is_verified(request):
        return redirect(two_factor.step_url(two_factor.VERIFY, next_url))
    replacing = request.GET.get("ny") == "1" or request.POST.get("ny") == "1"
    if device is not None and not replacing and request.method != "POST":
        context = {
            "device": device,
            "codes_left": two_factor.recovery_codes_left(user),
            "next": next_url,
        }
        return render(request, "accounts/two_factor_status.html", context)
    key = two_factor.pending_key(request)
    form = AppCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        step = two_factor.matching_step(key, form.cleaned_data["code"])
        if step is None:
            form.add_error(
                "code",
                _("The code is not right. Check that the app shows Lagrundt and type the newest code."),
            )
        else:
            device, codes = two_factor.enrol(Actor.from_request(request), user, key, step)
            two_factor.mark_verified(request, device)
            return _show_codes(request, codes, next_url, first=True)
    uri = two_factor.provisioning_uri(user, key)
    context = {
        "form": form,
        "qr": two_factor.qr_svg(uri),
        "secret": two_factor.secret_text(key),
        "next": next_url,
        "replacing": replacing,
        "required": two_factor.pending_step(request) == two_factor.ENROL,
    }
    return render(request, "accounts/two_factor_setup.html", context)


def verify(request):
    """After the password: a code from the authenticator app, or one of the recovery codes."""
    next_url = two_factor.safe_next(request)
    if two_factor.is_verified(request):
        return redirect(next_url)
    if two_factor.authenticator(request.user) is None:
        return redirect(two_factor.step_url(two_factor.ENROL, next_url))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome = two_factor.verify(request, form.cleaned_data["code"])
        if not outcome.error:
            if outcome.recovery_codes_left is not None:
                messages.warning(request, _recovery_used_message(outcome.recovery_codes_left))
            return redirect(next_url)
        form.add_error("code", outcome.error)
    return render(request, "accounts/two_factor_verify.html", {"form": form, "next": next_url})


@require_POST
def recovery_codes(request):
    """Ten new recovery codes (the old ones stop working), shown once; needs the second factor shown."""
    next_url = two_factor.safe_next(request)
    if two_factor.authenticator(request.user) is None:
        return redirect(two_factor.step_url(two_factor.ENROL, next_url))
    if not two_factor.is_verified(request):
        return redirect(two_factor.step_url(two_factor.VERIFY, next_url))
    codes = two_factor.renew_recovery_codes(Actor.from_request(request), request.user)
    return _show_codes(request, codes, next_url, first=False)


def _show_codes(request, codes, next_url, *, first: bool):
    context = {"codes": [two_factor.shown_code(c) for c in codes], "next": next_url, "first": first}
    return render(request, "accounts/two_factor_recovery_codes.html", context)


def _recovery_used_message(left: int) -> str:
    return ngettext(
        "You logged in with a recovery code. %(left)d code is left: make new ones on the second factor page.",
        "You logged in with a recovery code. %(left)d codes are left: make new ones on the second factor "
        "page.",
        left,
    ) % {"left": left}
