"""The results of a survey with 10 000 responses, for ``make bench``: the counts per question with
small-number protection, and the whole results page. Target: under 300 ms.

Made once and kept: a survey of 8 questions (scales, choices, a free text) in the bench user's
municipality, with 10 000 synthetic responses.
"""

import statistics
import time

from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lagrundt.access.audit import Actor
from lagrundt.access.resources import SURVEYS
from lagrundt.accounts.two_factor import client_login
from lagrundt.tenancy.models import Municipality

from . import selectors, services, synthetic
from .models import QuestionKind, Survey

RESPONSES = 10_000
TITLE = "Benchmark: 10 000 svar"
SEED = 2026


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _row(name: str, times: list[float], note: str = "") -> str:
    return f"| {name} | {statistics.median(times) * 1000:.1f} | {_p95(times) * 1000:.1f} | {note} |"


def _survey(user) -> Survey:
    ids = sorted(SURVEYS.municipality_ids(user, "change"))
    municipality = (
        Municipality.objects.filter(pk__in=ids).order_by("pk").first() or Municipality.objects.first()
    )
    found = Survey.objects.filter(municipality=municipality, title=TITLE).first()
    if found and found.responses.count() >= RESPONSES:
        return found
    today = timezone.localdate()
    actor = Actor(user)
    with transaction.atomic():
        if found:
            found.delete()
        survey = services.survey_save(
            actor=actor,
            data=dict(
                municipality=municipality,
                title=TITLE,
                opens_on=today,
                closes_on=today,
                written_form="nb",
                languages=["en", "ar", "ti", "uk"],
            ),
        )
        for i in range(1, 9):
            kind = (QuestionKind.SCALE, QuestionKind.CHOICE, QuestionKind.SCALE, QuestionKind.CHOICE)[i % 4]
            if i == 8:
                kind = QuestionKind.TEXT
            data = {"kind": kind, "required": i == 1, "text_nb": f"Spørsmål {i}", "text_en": f"Question {i}"}
            if kind == QuestionKind.CHOICE:
                data["choices_nb"] = "\n".join(f"Valg {c}" for c in range(1, 7))
            services.question_save(actor=actor, survey=survey, data=data)
    text = survey.questions.get(kind=QuestionKind.TEXT)
    synthetic.fill(
        survey,
        RESPONSES,
        month=today.replace(day=1),
        seed=SEED,
        samples={text.pk: ["Mer norskopplæring.", "Flere møteplasser.", "Takk for hjelpen."]},
    )
    return survey


def run(*, runs: int, out) -> list[str]:
    user = get_user_model().objects.get(username="bench-integration")
    survey = _survey(user)
    computed, pages = [], []
    for _ in range(runs):
        started = time.perf_counter()
        selectors.results(survey, with_texts=True)
        computed.append(time.perf_counter() - started)
    client = Client()
    client_login(client, user)
    url = reverse("surveys:results", args=[survey.pk])
    for _ in range(max(3, runs // 4)):
        started = time.perf_counter()
        response = client.get(url)
        pages.append(time.perf_counter() - started)
        assert response.status_code == 200
    responses = survey.responses.count()
    return [
        f"Survey results: {responses} responses to {survey.questions.count()} questions, {runs} runs.",
        "",
        "| survey results | median ms | p95 ms | |",
        "|---|---|---|---|",
        _row(f"counts per question for {responses} responses, protected", computed, "target < 300 ms"),
        _row("the results page, whole request (charts, free texts)", pages, "target < 300 ms"),
    ]
