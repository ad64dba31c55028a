"""Password change and API keys (the user's own), and the password reset through an e-mailed link."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.account, name="account"),
    path("passord/", views.PasswordChangeView.as_view(), name="password_change"),
    path("e-post/", views.email_change, name="email_change"),
    path("api-nokler/", views.api_keys, name="api_keys"),
    path("api-nokler/ny/", views.api_key_create, name="api_key_create"),
    path("api-nokler/<int:pk>/trekk-tilbake/", views.api_key_revoke, name="api_key_revoke"),
    # Without a login: asked for from the login page, opened from the e-mail.
    path("glemt-passord/", views.PasswordResetView.as_view(), name="password_reset"),
    path("glemt-passord/sendt/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "nytt-passord/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("nytt-passord/ferdig/", views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
]
