"""Forms of the user's own account pages."""

from django import forms
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth import forms as auth_forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from . import services
from .models import ApiPart, ApiTokenScope


def _lifetime_choices():
    return [
        (days, ngettext_lazy("%(days)d day", "%(days)d days", days) % {"days": days})
        for days in services.API_TOKEN_LIFETIMES
    ]


class _PasswordAgain(forms.Form):
    """Asks for the user's password again before a change that a stolen session must not make."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        if not request.user.has_usable_password():  # logs in by single sign-on only
            del self.fields["password"]

    def clean_password(self):
        password = self.cleaned_data["password"]
        user = self.request.user
        # Through authenticate(), so that a wrong password counts as a failed login like any other.
        again = authenticate(self.request, username=user.get_username(), password=password)
        if again is None or again.pk != user.pk:
            raise forms.ValidationError(_("The password is not right."), code="password_incorrect")
        return password


class EmailForm(_PasswordAgain):
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        help_text=_("Links to choose a new password, and the daily e-mail if you want it, go here."),
    )
    field_order = ["email", "password"]


class ApiTokenForm(_PasswordAgain):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the key is for, so that you know it again (for example the script that uses it)."),
    )
    scope = forms.ChoiceField(
        label=_("Access"),
        choices=ApiTokenScope.choices,
        initial=ApiTokenScope.READ,
        widget=forms.RadioSelect,
        help_text=_("A read-only key cannot change anything."),
    )
    days = forms.TypedChoiceField(
        label=_("Valid for"),
        choices=_lifetime_choices,
        coerce=int,
        initial=services.API_TOKEN_DEFAULT_DAYS,
    )
    parts = forms.MultipleChoiceField(
        label=_("Parts of the API"),
        choices=ApiPart.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The key reaches only the parts you tick. Tick none for a key that reaches every part."),
    )
    field_order = ["name", "scope", "parts", "days", "password"]

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        if "password" in self.fields:
            self.fields["password"].help_text = _(
                "A key works without you logged in, so making one asks for your password again."
            )


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Asks for the e-mail address; sends a link to the users who may reset their password there.

    Django's own sends none to a user without a usable password; here a user who must choose one
    (new, or reset by an administrator) gets one too, and a user of single sign-on only does not.
    """

    def get_users(self, email):
        user_model = get_user_model()
        email_field = user_model.get_email_field_name()
        candidates = user_model._default_manager.filter(
            **{f"{email_field}__iexact": email, "is_active": True}
        )
        return [u for u in candidates if getattr(u, email_field).casefold() == email.casefold()]

    def save(self, **kwargs):
        for user in self.get_users(self.cleaned_data["email"]):
            if services.may_reset_password(user):
                services.send_password_link(user, purpose="forgot")


class LoginForm(auth_forms.AuthenticationForm):
    """The login form in plain words: what went wrong and what to do, not «Please enter a correct …»."""

    error_messages = {
        "invalid_login": _("The username or password is wrong. Check them and try again."),
        "inactive": _("This account is closed. Ask the system administrator if you need it again."),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].error_messages["required"] = _("Write your username.")
        self.fields["password"].error_messages["required"] = _("Write your password.")
