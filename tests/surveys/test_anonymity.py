"""No survey answer can be traced to a person: read the tables themselves.

A response keeps the survey and the month. The code table keeps a hash and whether it is used. Nothing
joins the two, nothing names a person or a user, and nothing keeps a time finer than a day.
"""

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection, models

from lagrundt.surveys import services
from lagrundt.surveys.models import Answer, AnswerCode, Response

from .factories import answers, codes, make_survey

pytestmark = pytest.mark.django_db

PERSONAL_MODELS = {"people.Person", "people.Household", settings.AUTH_USER_MODEL}
TIME_FIELDS = (models.DateTimeField, models.TimeField, models.DurationField)


def _label(model) -> str:
    return model._meta.label


def _reaches(model, target, seen=None) -> bool:
    """Whether following the model's foreign keys (to any depth) reaches ``target``."""
    seen = seen or set()
    for field in model._meta.get_fields():
        if not field.concrete or not field.is_relation:
            continue
        related = field.related_model
        if related is None or related in seen:
            continue
        if _label(related) == target:
            return True
        seen.add(related)
        if related._meta.app_label == "surveys" and _reaches(related, target, seen):
            return True
    return False


@pytest.mark.parametrize("model", [Response, Answer])
def test_answers_point_to_no_code_person_or_user(model):
    for field in model._meta.concrete_fields:
        assert not isinstance(field, TIME_FIELDS), f"{model.__name__}.{field.name} keeps a time"
        assert field.name not in {"ip", "ip_address", "user_agent", "session", "created_at", "code"}
        if field.is_relation:
            assert _label(field.related_model) not in PERSONAL_MODELS | {"surveys.AnswerCode"}
    assert not _reaches(model, "surveys.AnswerCode")
    for target in PERSONAL_MODELS:
        if target == settings.AUTH_USER_MODEL:
            continue  # the survey names its maker, who is staff, not a respondent
        assert not _reaches(model, target)


def test_the_code_table_keeps_no_time_and_no_person():
    names = {f.name for f in AnswerCode._meta.concrete_fields}
    assert names == {"id", "survey", "digest", "used"}
    assert not any(isinstance(f, TIME_FIELDS) for f in AnswerCode._meta.concrete_fields)


def test_no_model_anywhere_points_at_a_code_or_a_response():
    """No other table (now or added later) keeps a link to a code or a response."""
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if not field.is_relation:
                continue
            target = _label(field.related_model)
            if target == "surveys.AnswerCode":
                pytest.fail(f"{_label(model)}.{field.name} points at a code")
            if target == "surveys.Response":
                assert _label(model) == "surveys.Answer", f"{_label(model)}.{field.name} points at a response"


def test_after_answering_the_rows_hold_nothing_that_pairs_code_and_response(world):
    survey, scale, choice, text = make_survey(world)
    made = codes(world, survey, 3)
    services.response_submit(survey=survey, code=made[1], data=answers(scale, choice, text, words="Hei"))
    with connection.cursor() as cursor:
        columns = {
            table: [c.name for c in connection.introspection.get_table_description(cursor, table)]
            for table in (Response._meta.db_table, Answer._meta.db_table, AnswerCode._meta.db_table)
        }
    assert set(columns[Response._meta.db_table]) == {"id", "survey_id", "month"}
    assert set(columns[Answer._meta.db_table]) == {
        "id",
        "response_id",
        "question_id",
        "choice_id",
        "value",
        "text",
    }
    assert set(columns[AnswerCode._meta.db_table]) == {"id", "survey_id", "digest", "used"}
    response = Response.objects.get()
    assert response.month.day == 1
    # The clear code is nowhere in the survey's rows.
    for row in (*Response.objects.values(), *Answer.objects.values(), *AnswerCode.objects.values()):
        assert not any(made[1] in str(value) for value in row.values())
