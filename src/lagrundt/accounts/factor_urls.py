"""Second factor (TOTP and recovery codes) and single sign-on."""

urlpatterns = []
