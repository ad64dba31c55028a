"""Demo surveys from ``profiles/surveys.yaml``: Ål's user survey of autumn 2024, reconstructed from
the plan's summary, closed and with 60 synthetic responses; an open survey in Ål and one in Hemsedal.

Made through the services, as the integration service would make them. Re-runnable: a survey that
exists (same municipality and title) is left as it is.
"""

import datetime as dt
from pathlib import Path

import yaml
from django.db import transaction

from lagrundt.access.audit import Actor
from lagrundt.tenancy.models import Membership, Municipality, Sector

from . import services, synthetic
from .models import QuestionKind, Survey

PROFILE = Path(__file__).resolve().parent / "profiles" / "surveys.yaml"


def _day(value: str, today: dt.date) -> dt.date:
    value = str(value)
    if value[:1] in "+-":
        return today + dt.timedelta(days=int(value))
    return dt.date.fromisoformat(value)


def read_profile(path: Path = PROFILE) -> dict:
    """The profile, checked: every question has a known kind and a text in the written form, and a
    choice question as many choices per language (and weights) as in the written form."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    for number, surveys in data.items():
        for s in surveys:
            where = f"{path.name}: {number} «{s.get('title')}»"
            written = s.get("written_form")
            if written not in ("nb", "nn"):
                raise ValueError(f"{where}: written_form must be nb or nn")
            for i, q in enumerate(s.get("questions") or [], start=1):
                if q.get("kind") not in QuestionKind.values:
                    raise ValueError(f"{where}, question {i}: unknown kind {q.get('kind')!r}")
                if not (q.get("text") or {}).get(written):
                    raise ValueError(f"{where}, question {i}: no text in {written}")
                if q["kind"] == QuestionKind.CHOICE:
                    lists = q.get("choices") or {}
                    n = len(lists.get(written) or [])
                    if n < 2 or any(len(v) != n for v in lists.values()):
                        raise ValueError(f"{where}, question {i}: the choices differ between languages")
                if q.get("weights") and len(q["weights"]) != (5 if q["kind"] == QuestionKind.SCALE else n):
                    raise ValueError(f"{where}, question {i}: one weight per value or choice")
    return data


def _keeper(municipality):
    membership = (
        Membership.objects.filter(sector=Sector.INTEGRATION_SERVICE, unit__municipalities=municipality)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return membership.user if membership else None


def _make(municipality, spec: dict, today: dt.date, seed: int) -> tuple[Survey, int]:
    actor = Actor(_keeper(municipality))
    survey = services.survey_save(
        actor=actor,
        data=dict(
            municipality=municipality,
            title=spec["title"],
            intro=spec.get("intro", ""),
            opens_on=_day(spec["opens"], today),
            closes_on=_day(spec["closes"], today),
            written_form=spec["written_form"],
            languages=list(spec.get("languages") or []),
        ),
    )
    weights, samples = {}, {}
    for q in spec["questions"]:
        data = {"kind": q["kind"], "required": q.get("required", False)}
        data.update({f"text_{lang}": text for lang, text in q["text"].items()})
        data.update(
            {
                f"choices_{lang}": "\n".join(map(str, lines))
                for lang, lines in (q.get("choices") or {}).items()
            }
        )
        question = services.question_save(actor=actor, survey=survey, data=data)
        if q.get("weights"):
            weights[question.pk] = q["weights"]
        if q.get("samples"):
            samples[question.pk] = q["samples"]
    made = 0
    if spec.get("responses"):
        month = min(_day(spec["closes"], today), today).replace(day=1)
        made = synthetic.fill(
            survey, spec["responses"], month=month, seed=seed, weights=weights, samples=samples
        )
    return survey, made


def load(*, today: dt.date, seed: int, out) -> None:
    profile = read_profile()
    surveys = responses = 0
    for municipality in Municipality.objects.filter(number__in=list(profile)).order_by("number"):
        for spec in profile[municipality.number]:
            if Survey.objects.filter(municipality=municipality, title=spec["title"]).exists():
                continue
            with transaction.atomic():
                _survey, made = _make(municipality, spec, today, seed)
            surveys += 1
            responses += made
    out.write(f"Brukerundersøkelser: {surveys} nye undersøkelser, {responses} syntetiske svar.")
