"""The user's own account pages: password, API keys, second factor, single sign-on."""

from . import factor_urls, self_service_urls

app_name = "accounts"
urlpatterns = [*self_service_urls.urlpatterns, *factor_urls.urlpatterns]
