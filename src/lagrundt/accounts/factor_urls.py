"""Second factor (TOTP and recovery codes) and single sign-on."""

from django.urls import path

from . import oidc, two_factor_views

urlpatterns = [
    path("tofaktor/", two_factor_views.setup, name="two_factor_setup"),
    path("tofaktor/bekreft/", two_factor_views.verify, name="two_factor_verify"),
    path("tofaktor/reservekoder/", two_factor_views.recovery_codes, name="two_factor_recovery_codes"),
    # The address to register at the identity provider is the callback: https://<host>/konto/kommunekonto/svar/
    path("kommunekonto/", oidc.StartView.as_view(), name="oidc_start"),
    path("kommunekonto/svar/", oidc.CallbackView.as_view(), name="oidc_callback"),
    path("kommunekonto/avvist/", oidc.refused, name="oidc_refused"),
]
