"""The pages: a refugee answers through the one-time link; the integration service makes a survey,
its questions and codes; GETs write nothing."""

import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from lagrundt.access.models import AuditAction, AuditEntry
from lagrundt.surveys import services
from lagrundt.surveys.models import Answer, AnswerCode, Question, Response, Survey
from tests.test_get_writes_nothing import writes

from .factories import codes, make_survey
from .url_access import MATRIX

pytestmark = pytest.mark.django_db


def _link(code):
    return reverse("surveys:answer", args=[services.printed(code)])


def test_the_one_time_link_asks_for_a_language_then_shows_the_questions_right_to_left(world, client):
    survey, _scale, _choice, _text = make_survey(world)
    (code,) = codes(world, survey, 1)
    chooser = client.get(_link(code))
    assert chooser.status_code == 200
    page = chooser.content.decode()
    assert 'lang="ar"' in page and "العربية" in page and "Norsk nynorsk" in page
    form = client.get(_link(code) + "?lang=ar")
    page = form.content.decode()
    assert re.search(r'<html lang="ar" dir="rtl"', page)
    assert "ما مدى ارتياحك في البلدية؟" in page and "دروس اللغة النرويجية" in page
    # No Arabic page texts were given: the button is in bokmål and English.
    assert "Send answers" in page


def test_an_unanswered_required_question_keeps_what_was_typed(world, client):
    survey, _scale, _choice, text = make_survey(world)
    (code,) = codes(world, survey, 1)
    url = _link(code) + "?lang=en"
    response = client.post(url, {f"q{text.pk}": "Mer norskopplæring, takk"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Please answer this question." in page
    assert "Mer norskopplæring, takk" in page
    assert not Response.objects.exists() and not AnswerCode.objects.get().used


def test_answering_thanks_and_the_second_use_is_refused(world, client):
    survey, scale, choice, text = make_survey(world)
    services.survey_texts_save(
        actor=None, survey=survey, texts={"ar": {"submit": "إرسال", "thanks": "شكراً لك"}}
    )
    (code,) = codes(world, survey, 1)
    url = _link(code) + "?lang=ar"
    assert "إرسال" in client.get(url).content.decode()
    data = {f"q{scale.pk}": "5", f"q{choice.pk}": str(choice.choices.last().pk), f"q{text.pk}": "شكراً"}
    done = client.post(url, data)
    assert done.status_code == 302
    thanks = client.get(done["Location"])
    assert "شكراً لك" in thanks.content.decode() and 'dir="rtl"' in thanks.content.decode()
    assert Answer.objects.count() == 3
    again = client.post(url, data)
    assert again.status_code == 404
    assert "not valid or has already been used" in again.content.decode()
    assert Response.objects.count() == 1
    assert client.get(_link(code)).status_code == 404


def test_the_printed_code_leads_to_the_questions(world, client):
    survey, *_rest = make_survey(world, languages=())
    (code,) = codes(world, survey, 1)
    entry = reverse("surveys:code_entry")
    assert client.get(entry).status_code == 200
    typed = client.post(entry, {"code": services.printed(code).lower()})
    assert typed.status_code == 302 and typed["Location"] == reverse("surveys:answer", args=[code])
    # One language only: the questions at once, in the written form (nynorsk).
    page = client.get(typed["Location"]).content.decode()
    assert '<html lang="nn" dir="ltr"' in page and "Kor godt trivst du i kommunen?" in page
    wrong = client.post(entry, {"code": "ACDEF-GHJKM"})
    assert wrong.status_code == 200 and "ACDEF-GHJKM" in wrong.content.decode()


def test_a_closed_survey_says_so(world, client):
    survey, *_rest = make_survey(world)
    (code,) = codes(world, survey, 1)
    services.survey_close(actor=None, survey=survey)
    page = client.get(_link(code) + "?lang=en").content.decode()
    assert "This survey closed on" in page


def test_the_integration_service_makes_a_survey_with_questions_and_codes(world, login):
    client = login(world, "integration")
    today = timezone.localdate()
    created = client.post(
        reverse("surveys:survey_create"),
        {
            "municipality": world.hemsedal.pk,
            "title": "Brukerundersøkelse 2026",
            "intro": "",
            "opens_on": today.isoformat(),
            "closes_on": today.replace(day=28).isoformat() if today.day < 28 else today.isoformat(),
            "written_form": "nb",
            "languages": ["en", "ti"],
        },
    )
    assert created.status_code == 302, created.content.decode()[:2000]
    survey = Survey.objects.get(title="Brukerundersøkelse 2026")
    assert survey.offered_languages == ["nb", "en", "ti"]
    refused = client.post(
        reverse("surveys:question_create", args=[survey.pk]),
        {
            "kind": "choice",
            "text_nb": "Hva trenger du mest?",
            "choices_nb": "Arbeid\nBolig",
            "choices_en": "Work",
        },
    )
    assert refused.status_code == 200 and "Hva trenger du mest?" in refused.content.decode()
    assert not Question.objects.exists()
    saved = client.post(
        reverse("surveys:question_create", args=[survey.pk]),
        {
            "kind": "choice",
            "required": "on",
            "text_nb": "Hva trenger du mest?",
            "choices_nb": "Arbeid\nBolig",
        },
    )
    assert saved.status_code == 302
    question = Question.objects.get()
    assert [c.texts for c in question.choices.all()] == [{"nb": "Arbeid"}, {"nb": "Bolig"}]
    last = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    slips = client.post(reverse("surveys:codes_make", args=[survey.pk]), {"count": "6"})
    assert slips["Content-Type"] == "application/pdf"
    # The slips are a document taken away: an export, of the municipality, naming nobody.
    (export,) = AuditEntry.objects.filter(pk__gt=last)
    assert export.action == AuditAction.EXPORT and export.person_id is None
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(slips.content)).pages)
    printed = re.findall(rf"\b[{services.ALPHABET}]{{5}}-[{services.ALPHABET}]{{5}}\b", text)
    assert len(set(printed)) == 6
    assert AnswerCode.objects.filter(survey=survey).count() == 6
    # A code from the sheet answers the survey.
    services.response_submit(
        survey=survey, code=printed[0], data={f"q{question.pk}": str(question.choices.first().pk)}
    )
    # Now the questions are fixed.
    edit = client.get(reverse("surveys:question_edit", args=[survey.pk, question.pk]), follow=True)
    assert "cannot be changed any more" in edit.content.decode()


@pytest.mark.parametrize(
    "name", sorted(n for n, row in MATRIX.items() if row[1] == "get" and 200 in row[2].values())
)
def test_a_get_writes_nothing(name, world, client):
    from lagrundt.accounts.two_factor import client_login

    build, _method, own, _other = MATRIX[name]
    role = next(r for r, status in own.items() if status == 200)
    url = reverse(name, kwargs=build(world, role, "own"))
    if role != "anonymous":
        client_login(client, world.users[role])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    assert not writes(queries.captured_queries)


def test_guessing_codes_is_stopped_for_an_hour(world, client, monkeypatch):
    from django.core.cache import cache

    from lagrundt.surveys import public

    survey, *_rest = make_survey(world)
    (code,) = codes(world, survey, 1)
    monkeypatch.setattr(public, "FAILED_TRIES", 3)
    cache.delete(public._tries_key(client.get(reverse("surveys:code_entry")).wsgi_request))
    entry = reverse("surveys:code_entry")
    for guess in ("ACDEF-GHJKM", "ACDEF-GHJKN", "ACDEF-GHJKP"):
        assert client.post(entry, {"code": guess}).status_code == 200
    # Now even the right code is refused from this address, without saying whether it was right.
    blocked = client.post(entry, {"code": services.printed(code)})
    assert blocked.status_code == 429 and "Too many codes" in blocked.content.decode()
    assert client.get(_link(code)).status_code == 429
    assert not AnswerCode.objects.get().used
    cache.delete(public._tries_key(blocked.wsgi_request))
