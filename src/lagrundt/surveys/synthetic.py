"""Synthetic answers for the demo and the benchmark: made-up responses, weighted per question."""

import datetime as dt
import hashlib
import random

from django.db import transaction

from .models import SCALE_VALUES, Answer, AnswerCode, Question, QuestionKind, Response, Survey

BATCH = 2_000


def fill(
    survey: Survey,
    count: int,
    *,
    month: dt.date,
    seed: int,
    weights: dict[int, list[int]] | None = None,
    samples: dict[int, list[str]] | None = None,
) -> int:
    """Add ``count`` responses with their used codes (hashes of made-up codes), in batches.

    ``weights``: per question id, one weight per scale value or choice; ``samples``: per text question,
    texts to pick from (a text question without samples is left unanswered).
    """
    rng = random.Random(seed)
    weights, samples = weights or {}, samples or {}
    questions = list(survey.questions.prefetch_related("choices"))
    choices = {q.pk: list(q.choices.all()) for q in questions}
    made = 0
    while made < count:
        size = min(BATCH, count - made)
        with transaction.atomic():
            AnswerCode.objects.bulk_create(
                AnswerCode(
                    survey=survey,
                    digest=hashlib.sha256(f"{survey.salt}:synthetic:{seed}:{made + i}".encode()).hexdigest(),
                    used=True,
                )
                for i in range(size)
            )
            responses = Response.objects.bulk_create(
                Response(survey=survey, month=month) for _ in range(size)
            )
            answers = []
            for response in responses:
                answers += [
                    a for q in questions if (a := _answer(rng, response, q, choices, weights, samples))
                ]
            Answer.objects.bulk_create(answers, batch_size=BATCH)
        made += size
    return made


def _answer(rng, response, question: Question, choices, weights, samples) -> Answer | None:
    if not question.required and rng.random() < 0.1:
        return None
    if question.kind == QuestionKind.SCALE:
        value = rng.choices(SCALE_VALUES, weights=weights.get(question.pk) or [1, 2, 4, 4, 2])[0]
        return Answer(response=response, question=question, value=value)
    if question.kind == QuestionKind.CHOICE:
        options = choices[question.pk]
        choice = rng.choices(options, weights=weights.get(question.pk) or [1] * len(options))[0]
        return Answer(response=response, question=question, choice=choice)
    texts = samples.get(question.pk)
    if not texts or rng.random() < 0.6:
        return None
    return Answer(response=response, question=question, text=rng.choice(texts))
