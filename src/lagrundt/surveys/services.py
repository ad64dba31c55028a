"""Changing surveys, making codes and taking answers: all or nothing, in one transaction each.

A survey names no person, so its changes are no personal data and write no audit entry; the
download of a results document is recorded as an export by the view.
"""

import datetime as dt
import hashlib
import secrets
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lagrundt.access.audit import Actor

from .models import SCALE_VALUES, Answer, AnswerCode, Choice, Question, QuestionKind, Response, Survey

# Letters and digits that cannot be mistaken for each other on paper (no 0/O, 1/I/L, 5/S, 2/Z, 8/B).
ALPHABET = "34679ACDEFGHJKMNPQRTUVWXY"
CODE_LENGTH = 10  # 25**10 ≈ 10**14 codes: guessing one of a few hundred takes billions of tries
MAX_CODES = 500
MAX_TEXT = 2000
SURVEY_FIELDS = ("title", "intro", "opens_on", "closes_on", "written_form", "languages")
TEXT_KEYS = ("title", "intro", "submit", "thanks", "required")


# ---------------------------------------------------------------------------- codes
def normalise_code(typed: str) -> str:
    """A code as typed (spaces, dashes, small letters) in its stored form, or "" when it cannot be one."""
    code = "".join(ch for ch in str(typed or "").upper() if ch.isalnum())
    if len(code) != CODE_LENGTH or any(ch not in ALPHABET for ch in code):
        return ""
    return code


def printed(code: str) -> str:
    """A code in two groups of five, as printed on the slip."""
    return f"{code[:5]}-{code[5:]}"


def digest(survey: Survey, code: str) -> str:
    return hashlib.sha256(f"{survey.salt}:{code}".encode()).hexdigest()


def codes_make(*, actor: Actor, survey: Survey, count: int) -> list[str]:
    """Make ``count`` new codes and give them back in clear, once: only their hashes are stored."""
    if not 1 <= count <= MAX_CODES:
        raise ValidationError({"count": _("Make from 1 to %(max)s codes at a time.") % {"max": MAX_CODES}})
    if survey.closes_on < timezone.localdate():
        raise ValidationError(_("The survey has closed; codes for it cannot be used."))
    codes: dict[str, str] = {}
    with transaction.atomic():
        taken = set(AnswerCode.objects.filter(survey=survey).values_list("digest", flat=True))
        while len(codes) < count:
            code = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
            hashed = digest(survey, code)
            if hashed not in taken:
                taken.add(hashed)
                codes[code] = hashed
        AnswerCode.objects.bulk_create(AnswerCode(survey=survey, digest=h) for h in codes.values())
    return list(codes)


class CodeState:
    VALID = "valid"
    INVALID = "invalid"  # unknown or used: the answer does not say which
    NOT_OPEN = "not_open"
    CLOSED = "closed"


def find_code(typed: str, today: dt.date | None = None) -> tuple[str, Survey | None]:
    """Which survey a code belongs to and whether it can be answered with now.

    Each survey has its own salt, so the code is hashed once per survey that may still be answered
    or has closed recently (a handful at any time) and looked up in one query.
    """
    today = today or timezone.localdate()
    code = normalise_code(typed)
    if not code:
        return CodeState.INVALID, None
    surveys = list(Survey.objects.filter(closes_on__gte=today - dt.timedelta(days=366)))
    digests = {digest(s, code): s for s in surveys}
    found = AnswerCode.objects.filter(digest__in=list(digests)).values_list("digest", "survey_id", "used")
    for hashed, survey_id, used in found:
        survey = digests[hashed]
        if survey.pk != survey_id:
            continue
        if survey.closes_on < today:
            return CodeState.CLOSED, survey
        if used:
            return CodeState.INVALID, None
        if survey.opens_on > today:
            return CodeState.NOT_OPEN, survey
        return CodeState.VALID, survey
    return CodeState.INVALID, None


def code_refusal(state: str, survey: Survey | None) -> str:
    from lagrundt.core.formats import date_label

    if state == CodeState.CLOSED:
        return _("This survey closed on %(day)s. Answers can no longer be given.") % {
            "day": date_label(survey.closes_on)
        }
    if state == CodeState.NOT_OPEN:
        return _("This survey opens on %(day)s. Please come back then.") % {
            "day": date_label(survey.opens_on)
        }
    return _("This code is not valid or has already been used.")


# ---------------------------------------------------------------------------- answers
def _question_errors(questions: Iterable[Question], data: dict) -> tuple[dict, list[dict]]:
    """Check every answer; return the errors by field name and the answers to store."""
    errors: dict[str, str] = {}
    rows: list[dict] = []
    for question in questions:
        name = f"q{question.pk}"
        raw = data.get(name)
        raw = "" if raw is None else str(raw).strip()
        if not raw:
            if question.required:
                errors[name] = "required"
            continue
        if question.kind == QuestionKind.SCALE:
            value = int(raw) if raw.isdigit() else None
            if value not in SCALE_VALUES:
                errors[name] = "invalid"
                continue
            rows.append({"question": question, "value": value})
        elif question.kind == QuestionKind.CHOICE:
            choice = next((c for c in question.choices.all() if str(c.pk) == raw), None)
            if choice is None:
                errors[name] = "invalid"
                continue
            rows.append({"question": question, "choice": choice})
        else:
            if len(raw) > MAX_TEXT or "\x00" in raw:
                errors[name] = "too_long"
                continue
            rows.append({"question": question, "text": raw})
    return errors, rows


def response_submit(*, survey: Survey, code: str, data: dict, today: dt.date | None = None) -> Response:
    """Store one questionnaire and use up its code, both or neither.

    ``data`` maps ``q<question id>`` to the answer (a scale value, a choice id or a text). Raises
    ``ValidationError`` with a message per question (codes "required", "invalid", "too_long") or,
    without a field, when the code cannot be used (``code_refusal``). The code's row is locked and
    marked used in the same transaction that stores the response, so two submissions of one code
    store one response.
    """
    today = today or timezone.localdate()
    questions = list(survey.questions.prefetch_related("choices"))
    errors, rows = _question_errors(questions, data)
    if errors:
        raise ValidationError(
            {name: ValidationError(code, code=code) for name, code in errors.items()}, code="answers"
        )
    state, found = find_code(code, today)
    if state != CodeState.VALID or found.pk != survey.pk:
        raise ValidationError(code_refusal(state, found), code=state)
    hashed = digest(survey, normalise_code(code))
    with transaction.atomic():
        row = AnswerCode.objects.select_for_update().filter(survey=survey, digest=hashed).first()
        # The guarded update is what makes a second submission lose, on SQLite too (which has no row
        # locks): only one of them changes the row from unused to used.
        if row is None or not AnswerCode.objects.filter(pk=row.pk, used=False).update(used=True):
            raise ValidationError(code_refusal(CodeState.INVALID, None), code=CodeState.INVALID)
        response = Response.objects.create(survey=survey, month=today.replace(day=1))
        Answer.objects.bulk_create(Answer(response=response, **r) for r in rows)
    return response


# ---------------------------------------------------------------------------- the survey itself
def _check_dates(opens_on, closes_on) -> None:
    if opens_on and closes_on and closes_on < opens_on:
        raise ValidationError({"closes_on": _("The survey cannot close before it opens.")})


def survey_save(*, actor: Actor, data: dict, survey: Survey | None = None) -> Survey:
    _check_dates(data.get("opens_on"), data.get("closes_on"))
    with transaction.atomic():
        if survey is None:
            survey = Survey(
                municipality=data["municipality"],
                created_by=actor.user if getattr(actor.user, "is_authenticated", False) else None,
                created_on=timezone.localdate(),
                salt=secrets.token_hex(16),
            )
        for field in SURVEY_FIELDS:
            if field in data:
                setattr(survey, field, data[field])
        survey.languages = [c for c in survey.languages if c != survey.written_form]
        survey.full_clean(exclude=["salt", "created_by"])
        survey.save()
    return survey


def survey_texts_save(*, actor: Actor, survey: Survey, texts: dict) -> Survey:
    """The page texts per language: only the offered languages and the known keys are kept."""
    cleaned = {}
    for language in survey.offered_languages:
        given = {k: str(v).strip()[:500] for k, v in (texts.get(language) or {}).items() if k in TEXT_KEYS}
        given = {k: v for k, v in given.items() if v}
        if given:
            cleaned[language] = given
    survey.texts = cleaned
    survey.save(update_fields=["texts"])
    return survey


def survey_open(*, actor: Actor, survey: Survey) -> Survey:
    """Open from today, and for four weeks more when it had closed."""
    today = timezone.localdate()
    survey.opens_on = min(survey.opens_on, today)
    if survey.closes_on < today:
        survey.closes_on = today + dt.timedelta(days=28)
    survey.save(update_fields=["opens_on", "closes_on"])
    return survey


def survey_close(*, actor: Actor, survey: Survey) -> Survey:
    """Closed from today: an answer given after this is refused."""
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    survey.closes_on = yesterday
    survey.opens_on = min(survey.opens_on, yesterday)
    survey.save(update_fields=["opens_on", "closes_on"])
    return survey


def answered_message() -> str:
    return _(
        "The survey has answers, so its questions cannot be changed any more: "
        "the answers would no longer match the questions they were given to."
    )


def _refuse_when_answered(survey: Survey) -> None:
    if survey.responses.exists():
        raise ValidationError(answered_message(), code="answered")


def _lines(text: str) -> list[str]:
    return [line.strip() for line in str(text or "").splitlines() if line.strip()]


def question_save(*, actor: Actor, survey: Survey, data: dict, question: Question | None = None) -> Question:
    """A question with its texts per language and, for a choice, its choices one per line per language.

    ``data``: kind, required, ``text_<language>`` and ``choices_<language>`` for the offered languages.
    """
    written = survey.written_form
    texts = {lang: str(data.get(f"text_{lang}") or "").strip() for lang in survey.offered_languages}
    texts = {lang: text for lang, text in texts.items() if text}
    errors: dict[str, str] = {}
    if not texts.get(written):
        errors[f"text_{written}"] = _("Write the question in the survey's written form.")
    kind = data.get("kind")
    choice_lines = {lang: _lines(data.get(f"choices_{lang}")) for lang in survey.offered_languages}
    if kind == QuestionKind.CHOICE:
        count = len(choice_lines[written])
        if count < 2:
            errors[f"choices_{written}"] = _("Give at least two choices, one per line.")
        for lang, lines in choice_lines.items():
            if lang != written and lines and len(lines) != count:
                errors[f"choices_{lang}"] = _(
                    "Give as many choices as in the written form (%(count)s), in the same order."
                ) % {"count": count}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        Survey.objects.select_for_update().filter(pk=survey.pk).first()
        _refuse_when_answered(survey)
        if question is None:
            last = survey.questions.order_by("-position").values_list("position", flat=True).first()
            question = Question(survey=survey, position=(last or 0) + 1)
        question.kind = kind
        question.required = bool(data.get("required"))
        question.texts = texts
        question.save()
        question.choices.all().delete()
        if kind == QuestionKind.CHOICE:
            Choice.objects.bulk_create(
                Choice(
                    question=question,
                    position=i + 1,
                    texts={lang: lines[i] for lang, lines in choice_lines.items() if len(lines) > i},
                )
                for i in range(len(choice_lines[written]))
            )
    return question


def question_delete(*, actor: Actor, question: Question) -> None:
    with transaction.atomic():
        _refuse_when_answered(question.survey)
        question.delete()
