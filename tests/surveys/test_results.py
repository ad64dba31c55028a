"""The results: counts per choice with small numbers hidden, free texts only for the keepers."""

import io

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from pypdf import PdfReader

from lagrundt.access.disclosure import MIN_CELL
from lagrundt.access.models import AuditAction, AuditEntry
from lagrundt.surveys import selectors, services

from .factories import answers, codes, make_survey

pytestmark = pytest.mark.django_db


def _answer(world, survey, scale, choice, text, options):
    made = codes(world, survey, len(options))
    for code, option in zip(made, options, strict=True):
        services.response_submit(
            survey=survey,
            code=code,
            data=answers(scale, choice, text, value=5, option=option, words=f"Svar {option}"),
        )


def _rows(result):
    return {row.label: row.count.value for row in result.rows}


def test_four_answers_of_a_choice_are_hidden_five_shown(world):
    survey, scale, choice, text = make_survey(world)
    _answer(world, survey, scale, choice, text, [0] * 5 + [1] * 4 + [2] * 6)
    found = selectors.results(survey, with_texts=True)
    choice_result = found.questions[1]
    # The 4 is hidden, and with the total shown the next smallest too, so that the 4 cannot be worked out.
    assert _rows(choice_result) == {"Norskopplæring": None, "Arbeid": None, "Bustad": 6}
    assert choice_result.answered.value == 15
    assert found.responses.value == 15
    # The scale: all 15 chose 5, the rest are zero and shown.
    assert _rows(found.questions[0]) == {"1": 0, "2": 0, "3": 0, "4": 0, "5": 15}


def test_five_of_every_choice_are_all_shown(world):
    survey, scale, choice, text = make_survey(world)
    _answer(world, survey, scale, choice, text, [0] * 5 + [1] * 5 + [2] * 5)
    found = selectors.results(survey, with_texts=False)
    assert _rows(found.questions[1]) == {"Norskopplæring": 5, "Arbeid": 5, "Bustad": 5}
    assert found.questions[1].answered.value == 15


def test_free_texts_for_keepers_only_and_only_from_five_responses(world):
    survey, scale, choice, text = make_survey(world)
    _answer(world, survey, scale, choice, text, [0] * (MIN_CELL - 1))
    few = selectors.results(survey, with_texts=True)
    assert few.questions[2].texts is None and few.questions[2].texts_withheld
    assert few.responses.value is None
    _answer(world, survey, scale, choice, text, [1])
    enough = selectors.results(survey, with_texts=True)
    assert sorted(enough.questions[2].texts) == ["Svar 0"] * 4 + ["Svar 1"]
    assert selectors.results(survey, with_texts=False).questions[2].texts is None


def test_leadership_sees_counts_but_no_free_text(world, login):
    survey, scale, choice, text = make_survey(world)
    _answer(world, survey, scale, choice, text, [0] * 6)
    keeper = login(world, "integration").get(reverse("surveys:results", args=[survey.pk]))
    assert "Svar 0" in keeper.content.decode()
    leader = login(world, "leadership").get(reverse("surveys:results", args=[survey.pk]))
    assert leader.status_code == 200
    page = leader.content.decode()
    assert "Svar 0" not in page and "Norskopplæring" in page


def _pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_council_pdf_shows_questions_and_protected_counts(world, login):
    survey, scale, choice, text = make_survey(world)
    _answer(world, survey, scale, choice, text, [0] * 6 + [1] * 2 + [2] * 5)
    client = login(world, "leadership")
    client.cookies["django_language"] = "en"
    last = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    response = client.get(reverse("surveys:results_pdf", args=[survey.pk]))
    assert response["Content-Type"] == "application/pdf"
    text_of = _pdf_text(response.content)
    assert "Kva treng du mest?" in text_of
    assert "Norskopplæring" in text_of
    # The 2 answers of «Arbeid» are hidden, in the survey's written form (nynorsk) whatever the reader's.
    assert "Svar 0" not in text_of
    lines = text_of.splitlines()
    work = [line for line in lines if line.startswith("Arbeid")][-1]  # the table row, after the chart
    with translation.override("nn"):
        hidden = _("fewer than 5")
    assert hidden in work and "2" not in work
    lessons = [line for line in lines if line.startswith("Norskopplæring")][-1]
    assert lessons.endswith(" 6")
    assert AuditEntry.objects.filter(pk__gt=last, action=AuditAction.EXPORT).count() == 1
