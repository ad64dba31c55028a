"""Deny by default: every page needs a login, except those marked ``@login_not_required``; and the
language a page speaks.

The API is left to Django REST framework, which authenticates sessions *and* tokens and answers
401 instead of redirecting a script to the login page.
"""

from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequiredMiddleware
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.utils import translation


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
