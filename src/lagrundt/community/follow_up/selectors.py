"""The follow-up talks counted: per theme, how many answered each way, for the municipalities whose
aggregates the user sees, with small counts hidden."""

from dataclasses import dataclass

from django.db.models import Count

from lagrundt.access import policy
from lagrundt.access.disclosure import Cell, protect_table
from lagrundt.access.rules import RECORD_RULES
from lagrundt.tenancy.selectors import memberships_for

from ..models import FOLLOW_UP_THEMES, FollowUpTalk, StayIntention, ThemeAnswer


@dataclass(frozen=True)
class ThemeRow:
    label: str
    cells: list[Cell]


def summary_municipality_ids(user) -> set[int]:
    """Leadership's aggregates, and the municipalities where the user's sector holds the talks (the
    integration service)."""
    ids = set(policy.aggregate_municipality_ids(user))
    writers = RECORD_RULES["follow_up"].writers
    for scope in memberships_for(user):
        if scope.sector in writers:
            ids |= set(scope.municipality_ids)
    return ids


def summary(
    municipality_ids, years_after: int | None = None
) -> tuple[list[str], list[ThemeRow], list[str], list[Cell]]:
    talks = FollowUpTalk.objects.filter(person__municipality_id__in=sorted(municipality_ids))
    if years_after:
        talks = talks.filter(years_after=years_after)
    answers = ThemeAnswer.values
    raw = []
    for theme in FOLLOW_UP_THEMES:
        counted = dict(talks.values_list(theme).annotate(n=Count("pk")).values_list(theme, "n"))
        raw.append([counted.get(a, 0) for a in answers])
    table = protect_table(raw)
    labels = [str(FollowUpTalk._meta.get_field(t).verbose_name).capitalize() for t in FOLLOW_UP_THEMES]
    rows = [ThemeRow(label, cells) for label, cells in zip(labels, table.cells, strict=True)]
    stays = dict(talks.values_list("stay").annotate(n=Count("pk")).values_list("stay", "n"))
    stay_cells = protect_table([[stays.get(s, 0) for s in StayIntention.values]]).cells[0]
    return (
        [str(label) for label in ThemeAnswer.labels],
        rows,
        [str(label) for label in StayIntention.labels],
        stay_cells,
    )
