"""The results of a survey: counts per question with small-number protection, and the free texts.

Every count shown goes through ``access.disclosure``: a choice chosen by 1–4 respondents is hidden,
and so is whatever it could be worked out from (the question's total, another small cell).
"""

from dataclasses import dataclass, field

from django.db.models import Count, Q

from lagrundt.access.disclosure import MIN_CELL, Cell, protect_count, protect_table

from .models import SCALE_VALUES, Answer, AnswerCode, Question, QuestionKind, Survey

MAX_TEXTS = 100  # free texts listed per question on the page and in the document


@dataclass
class Row:
    label: str
    count: Cell


@dataclass
class QuestionResult:
    question: Question
    text: str
    kind: str
    rows: list[Row] = field(default_factory=list)
    answered: Cell | None = None
    texts: list[str] | None = None  # free texts, only for those who may read them
    texts_withheld: bool = False  # there are texts, but too few responses to show them


@dataclass
class Results:
    survey: Survey
    responses: Cell
    codes_made: int
    codes_used_share: float | None
    questions: list[QuestionResult]
    enough_for_texts: bool


def results(survey: Survey, *, with_texts: bool, language: str | None = None) -> Results:
    """The survey's results, in ``language`` (the survey's written form when not given).

    ``with_texts``: whether the reader may see free texts (the survey's keepers); they are shown only
    when at least ``MIN_CELL`` responses were given, so that one answer cannot be told from the rest.
    """
    language = language or survey.written_form
    questions = list(survey.questions.prefetch_related("choices"))
    counts: dict[tuple[int, int | None, int | None], int] = {}
    # One grouped count over the covering index (question, choice, value): a text answer has neither,
    # so its group counts the question's texts.
    rows = (
        Answer.objects.filter(question_id__in=[q.pk for q in questions])
        .values_list("question_id", "choice_id", "value")
        .annotate(n=Count("*"))
        .order_by()
    )
    for question_id, choice_id, value, n in rows:
        counts[(question_id, choice_id, value)] = n
    total_responses = survey.responses.count()
    code_counts = AnswerCode.objects.filter(survey=survey).aggregate(
        made=Count("id"), used=Count("id", filter=Q(used=True))
    )
    responses = protect_count(total_responses)
    enough = total_responses >= MIN_CELL
    out = []
    for question in questions:
        result = QuestionResult(question=question, text=question.text_in(language), kind=question.kind)
        if question.kind == QuestionKind.TEXT:
            answered = counts.get((question.pk, None, None), 0)
            result.answered = protect_count(answered)
            if with_texts and enough:
                # The latest, listed in alphabetical order: not in the order they were given.
                latest = (
                    Answer.objects.filter(question=question).order_by("-pk").values_list("text", flat=True)
                )
                result.texts = sorted(latest[:MAX_TEXTS])
            elif answered:
                result.texts_withheld = with_texts
        else:
            if question.kind == QuestionKind.SCALE:
                labelled = [(str(v), counts.get((question.pk, None, v), 0)) for v in SCALE_VALUES]
            else:
                labelled = [
                    (c.text_in(language), counts.get((question.pk, c.pk, None), 0))
                    for c in question.choices.all()
                ]
            table = protect_table([[n] for _label, n in labelled], column_totals=True)
            result.rows = [Row(label, row[0]) for (label, _n), row in zip(labelled, table.cells, strict=True)]
            result.answered = table.column_totals[0]
        out.append(result)
    share = None
    if not responses.suppressed and code_counts["made"]:
        share = code_counts["used"] / code_counts["made"]
    return Results(
        survey=survey,
        responses=responses,
        codes_made=code_counts["made"],
        codes_used_share=share,
        questions=out,
        enough_for_texts=enough,
    )
