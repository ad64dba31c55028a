"""Access-matrix rows for the surveys' URLs (see tests/test_url_access_matrix.py).

The integration service keeps the surveys of the municipalities it serves; leadership sees their
results only. The answer pages are public: anyone with a code answers, logged in or not. A survey in
Hemsedal is «own», one in Ål «other».
"""

import datetime as dt

from django.utils import timezone

from tests.access_matrix import answers

KEEPERS = dict(integration=200)
RESULTS = dict(integration=200, leadership=200)
PUBLIC = answers(200, anonymous=200)


def survey(world, role, place):
    from lagrundt.surveys.models import Survey

    municipality = world.hemsedal if place == "own" else world.aal
    today = timezone.localdate()  # open on whatever day the suite runs
    found, _ = Survey.objects.get_or_create(
        municipality=municipality,
        title=f"Matrix survey {municipality.name}",
        defaults=dict(
            opens_on=today - dt.timedelta(days=3),
            closes_on=today + dt.timedelta(days=57),
            written_form="nb",
            languages=["en", "ar"],
            salt="matrix",
            created_on=today - dt.timedelta(days=3),
        ),
    )
    return {"pk": found.pk}


def question(world, role, place):
    from lagrundt.surveys.models import Question

    pk = survey(world, role, place)["pk"]
    found, _ = Question.objects.get_or_create(
        survey_id=pk, position=1, defaults=dict(kind="scale", texts={"nb": "Hvordan har du det?"})
    )
    return {"pk": pk, "question": found.pk}


def code(world, role, place):
    """A fresh one-time code of the survey (only its hash is stored)."""
    from django.contrib.auth import get_user_model

    from lagrundt.access.audit import Actor
    from lagrundt.surveys import services
    from lagrundt.surveys.models import Survey

    found = Survey.objects.get(pk=survey(world, role, place)["pk"])
    actor = Actor(get_user_model().objects.get(username="hemsedal-integration"))
    (made,) = services.codes_make(actor=actor, survey=found, count=1)
    return {"code": services.printed(made)}


def nothing(world, role, place):
    return {}


MATRIX = {
    "surveys:survey_list": (nothing, "get", answers(404, **RESULTS), answers(404, **RESULTS)),
    "surveys:survey_create": (nothing, "get", answers(404, **KEEPERS), answers(404, **KEEPERS)),
    "surveys:survey_detail": (survey, "get", answers(404, **KEEPERS), answers(404)),
    "surveys:survey_edit": (survey, "get", answers(404, **KEEPERS), answers(404)),
    "surveys:survey_texts": (survey, "get", answers(404, **KEEPERS), answers(404)),
    "surveys:survey_open": (survey, "post", answers(404, integration=302), answers(404)),
    "surveys:survey_close": (survey, "post", answers(404, integration=302), answers(404)),
    "surveys:question_create": (survey, "get", answers(404, **KEEPERS), answers(404)),
    "surveys:question_edit": (question, "get", answers(404, **KEEPERS), answers(404)),
    "surveys:question_delete": (question, "post", answers(404, integration=302), answers(404)),
    "surveys:codes_make": (survey, "get", answers(404, **KEEPERS), answers(404)),
    "surveys:results": (survey, "get", answers(404, **RESULTS), answers(404)),
    "surveys:results_pdf": (survey, "get", answers(404, **RESULTS), answers(404)),
    # Public: the code entry page, and the one-time link of a valid code (its language choice).
    "surveys:code_entry": (nothing, "get", PUBLIC, PUBLIC),
    "surveys:answer": (code, "get", PUBLIC, PUBLIC),
    # Without a survey to thank for, there is nothing to show.
    "surveys:thanks": (nothing, "get", answers(404, anonymous=404), answers(404, anonymous=404)),
}
