"""The user surveys' work a plan's measure is carried out by: the answers given per year (anonymous
questionnaires, so a count of answers, not of persons one could find)."""

from django.utils.translation import gettext_lazy as _

from lagrundt.core.measurement import count_per_year
from lagrundt.core.plugins import RecordedWork

from .models import Response


def _answers(municipality_ids, years) -> dict[int, int]:
    qs = Response.objects.filter(survey__municipality_id__in=list(municipality_ids))
    return count_per_year(qs, "month", years)


def recorded() -> list[RecordedWork]:
    return [RecordedWork("survey_responses", _("Answers to user surveys"), _answers, persons=True)]
