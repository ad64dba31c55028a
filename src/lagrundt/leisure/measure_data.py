"""The leisure work plan measures are carried out by, counted per year: interests mapped after
settlement, persons who took part in an activity, and support granted (all schemes, and the culture
school's free places and lending of equipment on their own)."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lagrundt.core.measurement import count_per_year
from lagrundt.core.plugins import RecordedWork

from .models import InterestMapping, Participation, SchemeKind, SupportApplication


def _mapped(municipality_ids, years) -> dict[int, int]:
    qs = InterestMapping.objects.filter(person__municipality_id__in=list(municipality_ids))
    return count_per_year(qs, "mapped_on", years, distinct="person_id")


def _participants(municipality_ids, years) -> dict[int, int]:
    """Persons who took part in an activity some time in the year: started in it, or before it and not
    stopped before it began."""
    found: dict[int, int] = {}
    for year in years:
        found[year] = (
            Participation.objects.filter(
                person__municipality_id__in=list(municipality_ids), started_on__year__lte=year
            )
            .filter(Q(stopped_on__isnull=True) | Q(stopped_on__year__gte=year))
            .values("person_id")
            .distinct()
            .count()
        )
    return found


def _granted(kind: str | None = None):
    def count(municipality_ids, years) -> dict[int, int]:
        qs = SupportApplication.objects.filter(
            person__municipality_id__in=list(municipality_ids), granted=True
        )
        if kind:
            qs = qs.filter(scheme__kind=kind)
        return count_per_year(qs, "decided_on", years, distinct="person_id")

    return count


def recorded() -> list[RecordedWork]:
    return [
        RecordedWork("interest_mappings", _("Persons whose leisure interests were mapped"), _mapped, True),
        RecordedWork(
            "leisure_participants", _("Persons who took part in a leisure activity"), _participants, True
        ),
        RecordedWork("leisure_support", _("Persons granted leisure support"), _granted(), True),
        RecordedWork(
            "culture_school_places",
            _("Persons granted a free place"),
            _granted(SchemeKind.FREE_PLACE),
            True,
        ),
        RecordedWork(
            "equipment_lending", _("Persons granted lending of equipment"), _granted(SchemeKind.LENDING), True
        ),
    ]
