"""What the pages and documents show of a survey: its state, its questions, slips and results."""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from lagrundt.core.charts import Bar, grouped_bars
from lagrundt.core.formats import date_label

from . import languages, selectors, services
from .models import Question, QuestionKind, Survey


@dataclass
class SurveyStatus:
    survey: Survey
    state: str  # "planned", "open", "closed"
    label: str
    period: str

    @property
    def is_open(self) -> bool:
        return self.state == "open"


def status_of(survey: Survey, today: dt.date) -> SurveyStatus:
    if survey.closes_on < today:
        state, label = "closed", _("Closed")
    elif survey.opens_on > today:
        state, label = "planned", _("Not open yet")
    else:
        state, label = "open", _("Open")
    return SurveyStatus(survey, state, label, f"{date_label(survey.opens_on)}–{date_label(survey.closes_on)}")


def questions_for_display(survey: Survey, questions: list[Question]) -> list[dict]:
    offered = survey.offered_languages
    rows = []
    for q in questions:
        missing = [languages.name(c) for c in offered if not q.texts.get(c)]
        if q.kind == QuestionKind.CHOICE:
            missing += [
                languages.name(c)
                for c in offered
                if c not in missing and any(not ch.texts.get(c) for ch in q.choices.all())
            ]
        rows.append(
            {
                "question": q,
                "text": q.text_in(survey.written_form),
                "kind": q.get_kind_display(),
                "choices": [c.text_in(survey.written_form) for c in q.choices.all()],
                "missing": missing,
            }
        )
    return rows


def slips(survey: Survey, codes: list[str], link) -> list[dict]:
    return [{"code": services.printed(code), "link": link(code)} for code in codes]


def results_for_display(survey: Survey, *, with_texts: bool) -> dict:
    found = selectors.results(survey, with_texts=with_texts)
    hidden = _("fewer than 5")
    questions = []
    for i, q in enumerate(found.questions, start=1):
        chart = None
        if q.rows:
            chart = grouped_bars(
                [Bar(row.label, [row.count.value]) for row in q.rows],
                [("s1", _("Answers"))],
                title=q.text,
            )
        questions.append({"number": i, "result": q, "chart": chart})
    return {
        "survey": survey,
        "status": status_of(survey, timezone.localdate()),
        "results": found,
        "questions": questions,
        "hidden_label": hidden,
        "share": None if found.codes_used_share is None else round(found.codes_used_share * 100),
    }
