"""Answering a survey: once per code, only while it is open, all or nothing."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from lagrundt.access.audit import Actor
from lagrundt.surveys import services
from lagrundt.surveys.models import Answer, AnswerCode, Response

from .factories import answers, codes, make_survey

pytestmark = pytest.mark.django_db


def test_a_code_answers_once(world):
    survey, scale, choice, text = make_survey(world)
    (code,) = codes(world, survey, 1)
    response = services.response_submit(
        survey=survey, code=code, data=answers(scale, choice, text, words="Takk")
    )
    assert response.answers.count() == 3
    assert response.month == timezone.localdate().replace(day=1)
    with pytest.raises(ValidationError) as refused:
        services.response_submit(survey=survey, code=code, data=answers(scale))
    assert "not valid or has already been used" in refused.value.messages[0]
    assert Response.objects.count() == 1
    assert AnswerCode.objects.get().used


def test_the_printed_form_of_a_code_is_accepted(world):
    survey, scale, _choice, _text = make_survey(world)
    (code,) = codes(world, survey, 1)
    typed = services.printed(code).lower().replace("-", " - ")
    services.response_submit(survey=survey, code=typed, data=answers(scale))
    assert Response.objects.count() == 1


def test_an_unknown_code_gets_the_same_message_as_a_used_one(world):
    survey, scale, _choice, _text = make_survey(world)
    (code,) = codes(world, survey, 1)
    services.response_submit(survey=survey, code=code, data=answers(scale))
    messages = []
    for typed in (code, "ACDEFGHJKM", "nonsense"):
        with pytest.raises(ValidationError) as refused:
            services.response_submit(survey=survey, code=typed, data=answers(scale))
        messages.append(refused.value.messages[0])
    assert len(set(messages)) == 1


def test_an_answer_after_the_survey_closed_is_refused(world, time_machine):
    survey, scale, _choice, _text = make_survey(world, days_open=2)
    (code,) = codes(world, survey, 1)
    time_machine.move_to(timezone.localtime() + dt.timedelta(days=3))
    with pytest.raises(ValidationError) as refused:
        services.response_submit(survey=survey, code=code, data=answers(scale))
    assert refused.value.code == services.CodeState.CLOSED
    assert "closed on" in refused.value.messages[0]
    assert not Response.objects.exists()
    assert not AnswerCode.objects.get().used


def test_closing_the_survey_refuses_the_next_answer(world):
    survey, scale, _choice, _text = make_survey(world)
    (code,) = codes(world, survey, 1)
    services.survey_close(actor=Actor(world.users["integration"]), survey=survey)
    with pytest.raises(ValidationError):
        services.response_submit(survey=survey, code=code, data=answers(scale))
    assert not Response.objects.exists()


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda data, scale, choice: data.pop(f"q{scale.pk}"), id="required missing"),
        pytest.param(lambda data, scale, choice: data.update({f"q{scale.pk}": "6"}), id="scale out of range"),
        pytest.param(lambda data, scale, choice: data.update({f"q{scale.pk}": "0"}), id="scale zero"),
        pytest.param(
            lambda data, scale, choice: data.update({f"q{choice.pk}": "999999"}), id="unknown choice"
        ),
    ],
)
def test_a_bad_answer_saves_nothing_and_keeps_the_code(world, change):
    survey, scale, choice, text = make_survey(world)
    (code,) = codes(world, survey, 1)
    data = answers(scale, choice, text, words="Fint her")
    change(data, scale, choice)
    with pytest.raises(ValidationError) as refused:
        services.response_submit(survey=survey, code=code, data=data)
    assert hasattr(refused.value, "error_dict")
    assert not Response.objects.exists() and not Answer.objects.exists()
    assert not AnswerCode.objects.get().used
    # The code still works once the answer is corrected.
    services.response_submit(survey=survey, code=code, data=answers(scale, choice, text))
    assert Response.objects.count() == 1


def test_a_choice_of_another_question_is_refused(world):
    survey, scale, choice, _text = make_survey(world)
    _other, _s, other_choice, _t = make_survey(world)
    (code,) = codes(world, survey, 1)
    data = answers(scale)
    data[f"q{choice.pk}"] = str(other_choice.choices.first().pk)
    with pytest.raises(ValidationError):
        services.response_submit(survey=survey, code=code, data=data)
    assert not Response.objects.exists()


def test_a_code_of_another_survey_does_not_answer_this_one(world):
    survey, scale, _choice, _text = make_survey(world)
    other, *_rest = make_survey(world)
    (code,) = codes(world, other, 1)
    with pytest.raises(ValidationError):
        services.response_submit(survey=survey, code=code, data=answers(scale))
    assert not AnswerCode.objects.filter(used=True).exists()


def test_codes_are_stored_only_as_hashes(world):
    survey, *_rest = make_survey(world)
    made = codes(world, survey, 40)
    assert len(set(made)) == 40
    assert all(len(c) == services.CODE_LENGTH and set(c) <= set(services.ALPHABET) for c in made)
    stored = set(AnswerCode.objects.values_list("digest", flat=True))
    assert not stored & set(made)
    assert stored == {services.digest(survey, c) for c in made}


def test_questions_cannot_change_once_answered(world):
    survey, scale, choice, _text = make_survey(world)
    (code,) = codes(world, survey, 1)
    services.response_submit(survey=survey, code=code, data=answers(scale))
    actor = Actor(world.users["integration"])
    with pytest.raises(ValidationError) as refused:
        services.question_save(
            actor=actor, survey=survey, question=scale, data={"kind": "scale", "text_nn": "Ny tekst"}
        )
    assert "cannot be changed" in refused.value.messages[0]
    with pytest.raises(ValidationError):
        services.question_delete(actor=actor, question=choice)
    scale.refresh_from_db()
    assert scale.texts["nn"] == "Kor godt trivst du i kommunen?"


def test_choices_must_match_in_every_language(world):
    survey, *_rest = make_survey(world)
    with pytest.raises(ValidationError) as refused:
        services.question_save(
            actor=Actor(world.users["integration"]),
            survey=survey,
            data={"kind": "choice", "text_nn": "Kva?", "choices_nn": "Ja\nNei", "choices_en": "Yes"},
        )
    assert "choices_en" in refused.value.error_dict


def test_a_second_submission_that_passed_the_check_still_saves_nothing(world, monkeypatch):
    """Two submissions of one code at once: both may find the code unused before either is saved.
    The guarded update in the transaction lets only one of them use it."""
    survey, scale, _choice, _text = make_survey(world)
    (code,) = codes(world, survey, 1)
    services.response_submit(survey=survey, code=code, data=answers(scale))
    monkeypatch.setattr(services, "find_code", lambda typed, today=None: (services.CodeState.VALID, survey))
    with pytest.raises(ValidationError) as refused:
        services.response_submit(survey=survey, code=code, data=answers(scale, value=1))
    assert refused.value.code == services.CodeState.INVALID
    assert Response.objects.count() == 1 and Answer.objects.filter(value=1).count() == 0
