"""Deny by default: every page needs a login, except those marked ``@login_not_required``.

The API is left to Django REST framework, which authenticates sessions *and* tokens and answers
401 instead of redirecting a script to the login page.
"""

from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequiredMiddleware


class LoginRequiredMiddleware(DjangoLoginRequiredMiddleware):
    api_prefix = "/api/"

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path.startswith(self.api_prefix):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)
