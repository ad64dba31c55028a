"""The respondent's pages, without logging in: enter the printed code or open the one-time link,
choose a language, answer the questions on one page, and be thanked.

Nothing here reads who the respondent is: no session, no log of the request, no cookie but the
form's CSRF token. The pages work without JavaScript and are laid out for a phone first.

Page texts: the questions, the survey's title and introduction, its button, its thanks and its
message for an unanswered question come in the chosen language where the municipality translated
them (the survey's texts). Everything else on the page, and those texts where missing, is in the
chosen language when the interface is translated into it (bokmål, nynorsk, English), and otherwise
in bokmål and English side by side: better a language many respondents read with help than a
machine's guess at theirs.
"""

import hashlib
from collections.abc import Callable

from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from lagrundt.accounts.login import client_ip
from lagrundt.core.forms import int_or_none

from . import forms, languages, services
from .models import Survey
from .services import CodeState


def say(language: str, text: Callable[[], str]) -> str:
    """``text()`` in ``language`` where the interface has it, else in bokmål and English, each marked
    with its language and written left to right (on a right-to-left page too)."""
    if language in languages.INTERFACE:
        with translation.override(language):
            return str(text())
    with translation.override("nb"):
        nb = str(text())
    with translation.override("en"):
        en = str(text())
    if nb == en:  # not translated yet: the source text is English
        return format_html('<span lang="en" dir="ltr">{}</span>', en)
    return format_html('<span lang="nb" dir="ltr">{}</span> / <span lang="en" dir="ltr">{}</span>', nb, en)


DEFAULTS: dict[str, Callable[[], str]] = {
    "submit": lambda: _("Send answers"),
    "thanks": lambda: _("Thank you! Your answers have been received."),
    "required": lambda: _("Please answer this question."),
    "invalid": lambda: _("Choose one of the options."),
    "too_long": lambda: _("The answer is too long. Please shorten it."),
    "choose_language": lambda: _("Choose your language"),
    "errors": lambda: _("Please look at these questions again:"),
    "anonymous": lambda: _(
        "Your answers are anonymous. They are not linked to your name, and the code can be used only once."
    ),
    "skip": lambda: _("Skip to the questions"),
    "scale": lambda: _("1 is the lowest and 5 the highest."),
    "closing": lambda: _("You can close this page now."),
    "code_heading": lambda: _("Answer a survey"),
    "code_intro": lambda: _("Write the code from your slip. You do not need to log in."),
    "code_go": lambda: _("Go on"),
    "not_available": lambda: _("The survey cannot be answered"),
    "enter_code": lambda: _("Enter a code"),
}
OWN_KEYS = ("submit", "thanks", "required")  # texts a survey may translate itself


def ui(survey: Survey | None, language: str) -> dict[str, str]:
    own = (survey.texts.get(language) or {}) if survey else {}
    texts = {
        key: own.get(key) if key in OWN_KEYS and own.get(key) else say(language, fn)
        for key, fn in DEFAULTS.items()
    }
    if survey is not None:
        written = survey.texts.get(survey.written_form) or {}
        texts["title"] = own.get("title") or written.get("title") or survey.title
        texts["intro"] = own.get("intro") or written.get("intro") or survey.intro
    return texts


def _page(request, template: str, language: str, context: dict, status: int = 200):
    context = {**context, "language": language, "direction": languages.direction(language)}
    # The page's own language: what Django would translate in the template follows the chosen one.
    with translation.override(language if language in languages.INTERFACE else "nb"):
        return render(request, template, context, status=status)


def _interface_language() -> str:
    current = translation.get_language() or "nb"
    return current if current in languages.INTERFACE else "nb"


# Guessing codes: failed tries are counted per address for an hour (in the cache, under a hash of the
# address, never with an answer), and past the limit every code from there is refused for the hour.
FAILED_TRIES = 30
FAILED_PERIOD = 3600


def _tries_key(request) -> str:
    address = client_ip(request) or "unknown"
    return "surveys-tries-" + hashlib.sha256(address.encode()).hexdigest()[:32]


def _blocked(request) -> bool:
    return (cache.get(_tries_key(request)) or 0) >= FAILED_TRIES


def _failed(request) -> None:
    key = _tries_key(request)
    if not cache.add(key, 1, FAILED_PERIOD):
        try:
            cache.incr(key)
        except ValueError:  # expired in between
            cache.add(key, 1, FAILED_PERIOD)


def _too_many(request, language: str):
    message = say(language, lambda: _("Too many codes were tried from here. Wait an hour and try again."))
    return _page(
        request, "surveys/public_refused.html", language, {"ui": ui(None, language), "message": message}, 429
    )


def _refused(request, state: str, survey: Survey | None, language: str):
    texts = ui(survey if state != CodeState.INVALID else None, language)
    message = say(language, lambda: services.code_refusal(state, survey))
    status = 404 if state == CodeState.INVALID else 200
    if state == CodeState.INVALID:
        _failed(request)
    return _page(request, "surveys/public_refused.html", language, {"ui": texts, "message": message}, status)


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def code_entry(request):
    language = _interface_language()
    form = forms.CodeEntryForm(request.POST or None)
    if request.method == "POST" and _blocked(request):
        return _too_many(request, language)
    if request.method == "POST" and form.is_valid():
        state, survey = services.find_code(form.cleaned_data["code"])
        if state == CodeState.VALID:
            return redirect("surveys:answer", code=services.normalise_code(form.cleaned_data["code"]))
        if state == CodeState.INVALID:
            _failed(request)
        form.add_error("code", say(language, lambda: services.code_refusal(state, survey)))
    return _page(request, "surveys/public_code.html", language, {"form": form, "ui": ui(None, language)})


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def answer(request, code: str):
    asked = request.GET.get("lang", "")
    if _blocked(request):
        return _too_many(request, asked if asked in languages.CODES else _interface_language())
    state, survey = services.find_code(code)
    if state != CodeState.VALID:
        language = asked if asked in languages.CODES else _interface_language()
        return _refused(request, state, survey, language)
    offered = survey.offered_languages
    if asked not in offered:
        if len(offered) > 1 or request.method == "POST":
            choices = [
                {
                    "code": c,
                    "name": languages.own_name(c),
                    "direction": languages.direction(c),
                    "url": f"?{urlencode({'lang': c})}",
                }
                for c in offered
            ]
            language = _interface_language()
            return _page(
                request,
                "surveys/public_language.html",
                language,
                {"ui": ui(survey, language), "choices": choices},
            )
        asked = offered[0]
    language = asked
    texts = ui(survey, language)
    form = forms.answer_form(survey, language, texts, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.response_submit(survey=survey, code=code, data=form.cleaned_data)
        except ValidationError as exc:
            if not hasattr(exc, "error_dict"):
                state, found = services.find_code(code)
                return _refused(
                    request, state if state != CodeState.VALID else CodeState.INVALID, found, language
                )
            for name, errors in exc.error_dict.items():
                codes = {e.code for e in errors}
                form.add_error(
                    name if name in form.fields else None,
                    texts["required"]
                    if "required" in codes
                    else texts["too_long"]
                    if "too_long" in codes
                    else texts["invalid"],
                )
        else:
            return redirect(f"{reverse('surveys:thanks')}?{urlencode({'s': survey.pk, 'lang': language})}")
    return _page(
        request,
        "surveys/public_answer.html",
        language,
        {"survey": survey, "form": form, "ui": texts, "action": f"?{urlencode({'lang': language})}"},
    )


@login_not_required
@never_cache
def thanks(request):
    survey = Survey.objects.filter(pk=int_or_none(request.GET.get("s"))).first()
    if survey is None:
        raise Http404
    language = request.GET.get("lang", "")
    if language not in survey.offered_languages:
        language = survey.written_form
    return _page(request, "surveys/public_thanks.html", language, {"ui": ui(survey, language)})
