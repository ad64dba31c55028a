"""Deny by default: every page needs a login, except those marked ``@login_not_required``; the
language a page speaks; and the security headers Django does not send by itself.

The API is left to Django REST framework, which authenticates sessions *and* tokens and answers
401 instead of redirecting a script to the login page.
"""

from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequiredMiddleware
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.utils import translation
from django.utils.cache import add_never_cache_headers

# Browser features no page of Lagrundt uses, switched off for every page and anything it embeds. Only
# features Chromium knows: an unknown one is an error in the console (the browser test reads it).
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
        "browsing-topics",
    )
)


class SecurityHeadersMiddleware:
    """Permissions-Policy and Cross-Origin-Resource-Policy on every response, and no caching of anything
    the application itself answers.

    Every page, PDF, export and API answer is either personal data or a form with a CSRF token, so none
    may stay in a browser's or a proxy's cache (``Cache-Control: no-store``). Static files (CSS, scripts,
    fonts) are the same for everyone and keep the long cache their server gives them. The Content Security
    Policy comes from Django's own middleware (``SECURE_CSP``); HSTS, nosniff and the referrer policy from
    its SecurityMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        if not request.path.startswith(settings.STATIC_URL):
            add_never_cache_headers(response)
        return response


class LoginRequiredMiddleware(DjangoLoginRequiredMiddleware):
    api_prefix = "/api/"

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path.startswith(self.api_prefix):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Pages speak bokmål unless the user chose another language with the language switch.

    A browser's Accept-Language is not asked: many Norwegian case workers run an English browser and
    would otherwise meet an English Lagrundt without having chosen it. The choice is the language
    cookie the switch sets. The API, whose scripts send no cookie, still honours Accept-Language.
    """

    def process_request(self, request):
        if request.path.startswith(LoginRequiredMiddleware.api_prefix):
            return super().process_request(request)
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
