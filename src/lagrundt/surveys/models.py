"""Surveys, their questions and the answers, stored so that no answer can be traced to a person.

What is kept, and what is not:

- ``AnswerCode``: the one-time codes of a survey, as a salted hash and a used flag. The code itself is
  shown once, on the printed slips, and never stored. No time of use is kept, and no code names a
  person: codes are made as a batch and handed out on paper.
- ``Response``: one submitted questionnaire. It points to the survey only: no code, no person, no
  user, no address, no browser, and of time only the month it was given in.
- ``Answer``: one answer to one question of a response.

So the tables hold which codes are used and which responses exist, but nothing that pairs the two.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lagrundt.tenancy.models import Municipality


class WrittenForm(models.TextChoices):
    BOKMAAL = "nb", _("Bokmål")
    NYNORSK = "nn", _("Nynorsk")


class Survey(models.Model):
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="surveys", verbose_name=_("municipality")
    )
    title = models.CharField(_("title"), max_length=200)
    intro = models.TextField(_("introduction"), blank=True)
    opens_on = models.DateField(_("opens"))
    closes_on = models.DateField(_("closes"))
    written_form = models.CharField(
        _("written form"), max_length=2, choices=WrittenForm.choices, default=WrittenForm.BOKMAAL
    )
    # The other languages the questions are translated into (codes of ``people.languages.Language``,
    # and "nb"/"nn"), in the order they are offered.
    languages = models.JSONField(_("other languages"), default=list, blank=True)
    # Per language: {"title", "intro", "submit", "thanks", "required"} as the municipality translated
    # them. A language without its own texts falls back to bokmål and English on the answer page.
    texts = models.JSONField(default=dict, blank=True)
    # Mixed into every code's hash, so that equal codes of two surveys do not hash alike.
    salt = models.CharField(max_length=64, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_on = models.DateField(_("created"))

    class Meta:
        ordering = ["-opens_on", "pk"]
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")

    def __str__(self) -> str:
        return self.title

    @property
    def offered_languages(self) -> list[str]:
        """The written form first, then the other languages offered, each once."""
        codes = [self.written_form]
        codes += [code for code in self.languages if code not in codes]
        return codes


class QuestionKind(models.TextChoices):
    SCALE = "scale", _("Scale from 1 to 5")
    CHOICE = "choice", _("One choice of several")
    TEXT = "text", _("Free text")


SCALE_VALUES = (1, 2, 3, 4, 5)


class Question(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    kind = models.CharField(_("kind"), max_length=10, choices=QuestionKind.choices)
    required = models.BooleanField(_("must be answered"), default=False)
    texts = models.JSONField(default=dict)  # {language code: the question}

    class Meta:
        ordering = ["survey", "position", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.text_in(self.survey.written_form)

    def text_in(self, language: str) -> str:
        return self.texts.get(language) or self.texts.get(self.survey.written_form) or ""


class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    position = models.PositiveSmallIntegerField(default=1)
    texts = models.JSONField(default=dict)  # {language code: the choice}

    class Meta:
        ordering = ["question", "position", "pk"]
        verbose_name = _("choice")
        verbose_name_plural = _("choices")

    def __str__(self) -> str:
        return self.text_in(self.question.survey.written_form)

    def text_in(self, language: str) -> str:
        return self.texts.get(language) or next(iter(self.texts.values()), "")


class AnswerCode(models.Model):
    """A one-time code, as its salted hash: no clear text, no person, no time."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="codes")
    digest = models.CharField(max_length=64)
    used = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["survey", "digest"], name="survey_code_unique")]
        verbose_name = _("answer code")
        verbose_name_plural = _("answer codes")

    def __str__(self) -> str:
        return f"{self.survey_id}:{self.digest[:8]}"


class Response(models.Model):
    """One questionnaire as submitted: the survey and the month, nothing else about who or when."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    month = models.DateField(_("month"))  # the first day of the month it was given in

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")

    def __str__(self) -> str:
        return f"{self.survey_id}:{self.pk}"


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    choice = models.ForeignKey(Choice, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    value = models.PositiveSmallIntegerField(null=True, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["question", "choice", "value"], name="survey_answer_counts")]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")

    def __str__(self) -> str:
        return f"{self.question_id}"
