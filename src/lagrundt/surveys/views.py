"""The staff's pages: surveys, their questions and texts, codes to hand out, and the results.

The integration service keeps surveys (``SURVEYS`` "view"/"change"); leadership sees the results
("statistics"), which are aggregates with small-number protection and without free texts.
"""

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lagrundt.access import audit
from lagrundt.access.audit import Actor
from lagrundt.access.disclosure import MIN_CELL
from lagrundt.access.models import AuditAction, AuditChannel
from lagrundt.access.resources import SURVEYS
from lagrundt.core import documents
from lagrundt.core.forms import submit
from lagrundt.tenancy.models import Municipality

from . import forms, languages, presenters, services
from .models import Question, Survey

VIEW, CHANGE, STATISTICS = "view", "change", "statistics"


def _survey(request, pk: int, action: str = VIEW) -> Survey:
    survey = Survey.objects.select_related("municipality").filter(pk=pk).first()
    if survey is None or not SURVEYS.user_has_permission_for_instance(request.user, action, survey):
        raise Http404
    return survey


def survey_list(request):
    if SURVEYS.user_has_permission(request.user, VIEW):
        action = VIEW
    elif SURVEYS.user_has_permission(request.user, STATISTICS):
        action = STATISTICS
    else:
        raise Http404
    surveys = list(
        SURVEYS.instances_user_has_permission_for(request.user, action)
        .select_related("municipality")
        .order_by("-opens_on", "pk")[:200]
    )
    today = timezone.localdate()
    return render(
        request,
        "surveys/survey_list.html",
        {
            "surveys": [presenters.status_of(s, today) for s in surveys],
            "can_change": SURVEYS.user_has_permission(request.user, CHANGE),
            "keeper": action == VIEW,
        },
    )


def _municipalities(request):
    return Municipality.objects.filter(pk__in=sorted(SURVEYS.municipality_ids(request.user, CHANGE)))


@require_http_methods(["GET", "POST"])
def survey_create(request):
    if not SURVEYS.user_has_permission(request.user, CHANGE):
        raise Http404
    today = timezone.localdate()
    form = forms.SurveyForm(
        request.POST or None,
        municipalities=_municipalities(request),
        initial={"opens_on": today, "closes_on": today + dt.timedelta(days=28)},
    )
    actor = Actor.from_request(request)
    if request.method == "POST" and (
        created := submit(form, lambda d: services.survey_save(actor=actor, data=d))
    ):
        messages.success(request, _("The survey was created. Add its questions."))
        return redirect("surveys:survey_detail", pk=created.pk)
    return _form_page(request, form, _("New survey"), reverse("surveys:survey_list"))


def _form_page(request, form, title, back, *, intro: str = ""):
    return render(request, "surveys/form.html", {"form": form, "title": title, "back": back, "intro": intro})


@require_http_methods(["GET", "POST"])
def survey_edit(request, pk: int):
    survey = _survey(request, pk, CHANGE)
    initial = {field: getattr(survey, field) for field in services.SURVEY_FIELDS}
    form = forms.SurveyForm(
        request.POST or None,
        municipalities=Municipality.objects.filter(pk=survey.municipality_id),
        initial={**initial, "municipality": survey.municipality_id},
    )
    actor = Actor.from_request(request)
    if request.method == "POST" and submit(
        form, lambda d: services.survey_save(actor=actor, data=d, survey=survey)
    ):
        messages.success(request, _("The survey was saved."))
        return redirect("surveys:survey_detail", pk=survey.pk)
    return _form_page(
        request, form, _("Change the survey"), reverse("surveys:survey_detail", args=[survey.pk])
    )


@require_http_methods(["GET", "POST"])
def survey_texts(request, pk: int):
    survey = _survey(request, pk, CHANGE)
    form = forms.texts_form(survey, request.POST or None)
    actor = Actor.from_request(request)
    if request.method == "POST" and submit(
        form, lambda d: services.survey_texts_save(actor=actor, survey=survey, texts=forms.texts_from(d))
    ):
        messages.success(request, _("The page texts were saved."))
        return redirect("surveys:survey_detail", pk=survey.pk)
    return _form_page(
        request,
        form,
        _("Page texts per language"),
        reverse("surveys:survey_detail", args=[survey.pk]),
        intro=_(
            "The title, the button, the thanks and the message for an unanswered question as the respondent "
            "reads them. Where a text is left empty, the page shows it in bokmål and English."
        ),
    )


def survey_detail(request, pk: int):
    survey = _survey(request, pk, VIEW)
    questions = list(survey.questions.prefetch_related("choices"))
    has_answers = survey.responses.exists()
    return render(
        request,
        "surveys/survey_detail.html",
        {
            "survey": presenters.status_of(survey, timezone.localdate()),
            "questions": presenters.questions_for_display(survey, questions),
            "languages": [languages.name(c) for c in survey.offered_languages],
            "has_answers": has_answers,
            "may_change": SURVEYS.user_has_permission_for_instance(request.user, CHANGE, survey),
            "codes_made": survey.codes.count(),
            "answer_address": request.build_absolute_uri(reverse("surveys:code_entry")),
        },
    )


@require_POST
def survey_open(request, pk: int):
    survey = _survey(request, pk, CHANGE)
    services.survey_open(actor=Actor.from_request(request), survey=survey)
    messages.success(request, _("The survey is open for answers."))
    return redirect("surveys:survey_detail", pk=survey.pk)


@require_POST
def survey_close(request, pk: int):
    survey = _survey(request, pk, CHANGE)
    services.survey_close(actor=Actor.from_request(request), survey=survey)
    messages.success(request, _("The survey is closed. Answers given from now on are refused."))
    return redirect("surveys:survey_detail", pk=survey.pk)


def _question(survey: Survey, question_pk: int) -> Question:
    question = survey.questions.filter(pk=question_pk).prefetch_related("choices").first()
    if question is None:
        raise Http404
    return question


def _question_page(request, survey: Survey, question: Question | None):
    initial = None
    if question is not None:
        initial = {"kind": question.kind, "required": question.required}
        for code in survey.offered_languages:
            initial[f"text_{code}"] = question.texts.get(code, "")
            initial[f"choices_{code}"] = "\n".join(c.texts.get(code, "") for c in question.choices.all())
    form = forms.question_form(survey, request.POST or None, initial=initial)
    actor = Actor.from_request(request)
    back = reverse("surveys:survey_detail", args=[survey.pk])
    if survey.responses.exists():
        messages.error(
            request,
            services.answered_message(),
        )
        return redirect(back)
    if request.method == "POST" and submit(
        form, lambda d: services.question_save(actor=actor, survey=survey, data=d, question=question)
    ):
        messages.success(request, _("The question was saved."))
        return redirect(back)
    title = _("New question") if question is None else _("Change the question")
    intro = _(
        "Choices are for the kind «one choice of several»: one per line, in the same order in every language."
    )
    return _form_page(request, form, title, back, intro=intro)


@require_http_methods(["GET", "POST"])
def question_create(request, pk: int):
    return _question_page(request, _survey(request, pk, CHANGE), None)


@require_http_methods(["GET", "POST"])
def question_edit(request, pk: int, question: int):
    survey = _survey(request, pk, CHANGE)
    return _question_page(request, survey, _question(survey, question))


@require_POST
def question_delete(request, pk: int, question: int):
    survey = _survey(request, pk, CHANGE)
    found = _question(survey, question)
    try:
        services.question_delete(actor=Actor.from_request(request), question=found)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The question was removed."))
    return redirect("surveys:survey_detail", pk=survey.pk)


@require_http_methods(["GET", "POST"])
def codes_make(request, pk: int):
    """Make codes and hand back their slips as a PDF, once: the codes are not stored in clear."""
    survey = _survey(request, pk, CHANGE)
    form = forms.CodesForm(request.POST or None)
    actor = Actor.from_request(request)
    codes = None
    if request.method == "POST":
        codes = submit(form, lambda d: services.codes_make(actor=actor, survey=survey, count=d["count"]))
    if codes:
        slips = presenters.slips(
            survey,
            codes,
            lambda code: request.build_absolute_uri(reverse("surveys:answer", args=[services.printed(code)])),
        )
        pdf = documents.render_pdf(
            "surveys/slips_pdf.html",
            {
                "survey": survey,
                "slips": slips,
                "entry": request.build_absolute_uri(reverse("surveys:code_entry")),
            },
            language=survey.written_form,
        )
        audit.record(
            actor,
            action=AuditAction.EXPORT,
            channel=AuditChannel.EXPORT,
            municipality_id=survey.municipality_id,
        )
        response = documents.pdf_response(
            pdf, f"{survey.municipality.slug}-svarkoder-{survey.pk}.pdf", inline=False
        )
        response["Cache-Control"] = "no-store"
        return response
    return _form_page(
        request,
        form,
        _("Codes to hand out"),
        reverse("surveys:survey_detail", args=[survey.pk]),
        intro=_(
            "Each code answers the survey once. The slips come as a document to print: keep it until the "
            "slips are handed out, then throw it away. The codes cannot be shown again, and no code is "
            "linked to the person who gets it."
        ),
    )


def _results_survey(request, pk: int) -> tuple[Survey, bool]:
    survey = Survey.objects.select_related("municipality").filter(pk=pk).first()
    if survey is None or not SURVEYS.user_has_permission_for_instance(request.user, STATISTICS, survey):
        raise Http404
    return survey, SURVEYS.user_has_permission_for_instance(request.user, VIEW, survey)


def results(request, pk: int):
    survey, keeper = _results_survey(request, pk)
    found = presenters.results_for_display(survey, with_texts=keeper)
    return render(request, "surveys/results.html", {"results": found, "keeper": keeper, "min_cell": MIN_CELL})


def results_pdf(request, pk: int):
    """The results for the council, in the survey's written form, without free texts."""
    survey, _keeper = _results_survey(request, pk)
    with translation.override(survey.written_form):
        found = presenters.results_for_display(survey, with_texts=False)
    pdf = documents.render_pdf(
        "surveys/results_pdf.html",
        {"results": found, "min_cell": MIN_CELL, "for_pdf": True},
        language=survey.written_form,
    )
    audit.record(
        Actor.from_request(request),
        action=AuditAction.EXPORT,
        channel=AuditChannel.EXPORT,
        municipality_id=survey.municipality_id,
    )
    return documents.pdf_response(pdf, f"{survey.municipality.slug}-undersokelse-{survey.pk}.pdf")
