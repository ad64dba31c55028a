"""Surveys for the tests: made through the services, as the integration service would."""

import datetime as dt

from django.utils import timezone

from lagrundt.access.audit import Actor
from lagrundt.surveys import services
from lagrundt.surveys.models import QuestionKind


def make_survey(world, municipality=None, *, languages=("en", "ar"), days_open=14, user="integration"):
    today = timezone.localdate()
    actor = Actor(world.users[user])
    survey = services.survey_save(
        actor=actor,
        data=dict(
            municipality=municipality or world.hemsedal,
            title="Å bu i Hemsedal",
            intro="Kva tenkjer du?",
            opens_on=today - dt.timedelta(days=7),
            closes_on=today + dt.timedelta(days=days_open),
            written_form="nn",
            languages=list(languages),
        ),
    )
    scale = services.question_save(
        actor=actor,
        survey=survey,
        data={
            "kind": QuestionKind.SCALE,
            "required": True,
            "text_nn": "Kor godt trivst du i kommunen?",
            "text_en": "How well do you thrive in the municipality?",
            "text_ar": "ما مدى ارتياحك في البلدية؟",
        },
    )
    choice = services.question_save(
        actor=actor,
        survey=survey,
        data={
            "kind": QuestionKind.CHOICE,
            "required": False,
            "text_nn": "Kva treng du mest?",
            "text_en": "What do you need most?",
            "text_ar": "ما الذي تحتاجه أكثر؟",
            "choices_nn": "Norskopplæring\nArbeid\nBustad",
            "choices_en": "Norwegian lessons\nWork\nHousing",
            "choices_ar": "دروس اللغة النرويجية\nعمل\nسكن",
        },
    )
    text = services.question_save(
        actor=actor,
        survey=survey,
        data={
            "kind": QuestionKind.TEXT,
            "text_nn": "Noko anna du vil seie?",
            "text_en": "Anything else you want to say?",
            "text_ar": "هل هناك شيء آخر تود قوله؟",
        },
    )
    return survey, scale, choice, text


def codes(world, survey, count=5):
    return services.codes_make(actor=Actor(world.users["integration"]), survey=survey, count=count)


def answers(scale, choice=None, text=None, *, value=4, option=0, words=""):
    data = {f"q{scale.pk}": str(value)}
    if choice is not None:
        data[f"q{choice.pk}"] = str(list(choice.choices.all())[option].pk)
    if text is not None:
        data[f"q{text.pk}"] = words
    return data
