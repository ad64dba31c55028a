"""Reads of the settlement process: the board, a case's tasks, and the numbers a municipality has set.

The board is built to stay fast with thousands of open cases: one query counts the cases per stage,
one fetches the cards shown (at most ``BOARD_LIMIT`` per column, each with its members counted in
the same query), and one counts the open duties of the cards shown per case and sector.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, F, Q, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lagrundt.access.resources import SETTLEMENT_CASES, VIEW
from lagrundt.core.dates import add_years
from lagrundt.core.formats import date_label
from lagrundt.routines.models import Task, TaskStatus
from lagrundt.tenancy.models import Sector

from .models import CaseKind, Reply, SettlementCase, SettlementSetting, Stage

BOARD_LIMIT = 20
# The board's columns, in the order a case moves. A case leaves the board when its first weeks are
# done; those done in the last ``SETTLED_SHOWN_DAYS`` days stay in the last column for a while.
BOARD_STAGES = (Stage.PROPOSED, Stage.ACCEPTED, Stage.DWELLING_READY, Stage.ARRIVED, Stage.SETTLED)
SETTLED_SHOWN_DAYS = 30
ADULT_AGE = 18


def setting_on(municipality_id: int, key: str, on: dt.date) -> int | None:
    """The municipality's value of a setting valid on a day, or None when it has set none."""
    return (
        SettlementSetting.objects.filter(municipality_id=municipality_id, key=key, valid_from__lte=on)
        .order_by("-valid_from")
        .values_list("value", flat=True)
        .first()
    )


def cases_visible_to(user, action: str = VIEW):
    return SETTLEMENT_CASES.instances_user_has_permission_for(user, action)


def with_member_counts(cases, today: dt.date):
    """Cases with ``adults`` and ``children`` counted in the same query (by birth date, or by birth
    year where only the year is known)."""
    cutoff = add_years(today, -ADULT_AGE)
    adult = Q(members__birth_date__lte=cutoff) | Q(
        members__birth_date__isnull=True, members__birth_year__lt=cutoff.year
    )
    return cases.annotate(
        persons=Count("members", distinct=True),
        adults=Count("members", filter=adult, distinct=True),
    ).annotate(children=F("persons") - F("adults"))


# ---------------------------------------------------------------------------- the board
@dataclass(frozen=True)
class Missing:
    """What a case lacks for its next stage, and the sector that owns it."""

    text: str
    owner: str  # a sector's label
    late: bool = False


@dataclass
class Card:
    case: SettlementCase
    missing: list[Missing] = field(default_factory=list)
    late: bool = False  # the reply to IMDi is overdue

    @property
    def url(self) -> str:
        return reverse("settlement:case_detail", args=[self.case.pk])

    @property
    def persons(self) -> str:
        adults, children = self.case.adults, self.case.children
        return (
            ngettext("%(n)s adult", "%(n)s adults", adults) % {"n": adults}
            + ", "
            + ngettext("%(n)s child", "%(n)s children", children) % {"n": children}
        )


@dataclass
class Column:
    stage: str
    label: str
    count: int
    cards: list[Card]

    @property
    def more(self) -> bool:
        return self.count > len(self.cards)


def _filtered(user, municipality_id: int | None, kind: str | None):
    cases = cases_visible_to(user)
    if municipality_id is not None:
        cases = cases.filter(municipality_id=municipality_id)
    if kind in CaseKind.values:
        cases = cases.filter(kind=kind)
    return cases


def _on_board(cases, today: dt.date):
    shown_since = today - dt.timedelta(days=SETTLED_SHOWN_DAYS)
    return cases.filter(Q(stage__in=BOARD_STAGES[:-1]) | Q(stage=Stage.SETTLED, settled_on__gte=shown_since))


def board(
    user, *, today: dt.date, municipality_id: int | None = None, kind: str | None = None
) -> list[Column]:
    """The board's columns with the first ``BOARD_LIMIT`` cards of each and what each card lacks."""
    cases = _on_board(_filtered(user, municipality_id, kind), today)
    counts = dict(cases.values_list("stage").annotate(n=Count("pk")).order_by())
    # The first cards of each column by their ids alone (the window needs no join), then just those
    # cases with their members counted.
    ranked = cases.annotate(
        rank=Window(
            RowNumber(),
            partition_by=[F("stage")],
            order_by=[F("expected_arrival").asc(nulls_last=True), F("received_on").asc(), F("pk").asc()],
        )
    )
    ids = list(ranked.filter(rank__lte=BOARD_LIMIT).values_list("pk", flat=True))
    shown = list(
        with_member_counts(SettlementCase.objects.filter(pk__in=ids), today)
        .select_related("municipality")
        .order_by(F("expected_arrival").asc(nulls_last=True), "received_on", "pk")
    )
    cards = cards_for(shown, today)
    by_stage: dict[str, list[Card]] = defaultdict(list)
    for card in cards:
        by_stage[card.case.stage].append(card)
    return [
        Column(stage, str(Stage(stage).label), counts.get(stage, 0), by_stage.get(stage, []))
        for stage in BOARD_STAGES
    ]


def open_tasks_by_sector(case_ids) -> dict[int, dict[str, int]]:
    """Open duties per case and sector (tasks with the subject "c:<id>")."""
    found: dict[int, dict[str, int]] = defaultdict(dict)
    rows = (
        Task.objects.filter(subject__in=[f"c:{pk}" for pk in case_ids], status=TaskStatus.OPEN)
        .values_list("subject", "sector")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for subject, sector, n in rows:
        found[int(subject[2:])][sector] = n
    return found


def cards_for(cases: list[SettlementCase], today: dt.date) -> list[Card]:
    tasks = open_tasks_by_sector([c.pk for c in cases])
    weeks = _first_weeks([c for c in cases if c.stage == Stage.ARRIVED])
    return [
        Card(c, missing_for(c, tasks.get(c.pk, {}), today, weeks.get(c.pk)), _reply_late(c, today))
        for c in cases
    ]


def _first_weeks(cases: list[SettlementCase]) -> dict[int, dt.date]:
    """When each arrived case's first weeks end, where its municipality has set how long they are."""
    if not cases:
        return {}
    settings = list(
        SettlementSetting.objects.filter(
            municipality_id__in={c.municipality_id for c in cases}, key=SettlementSetting.Key.FIRST_WEEKS_DAYS
        ).order_by("-valid_from")
    )
    ends = {}
    for case in cases:
        found = next(
            (
                s
                for s in settings
                if s.municipality_id == case.municipality_id and s.valid_from <= case.arrived_on
            ),
            None,
        )
        if found is not None:
            ends[case.pk] = case.arrived_on + dt.timedelta(days=found.value)
    return ends


def _reply_late(case: SettlementCase, today: dt.date) -> bool:
    return case.reply == Reply.PENDING and case.reply_due_on is not None and case.reply_due_on < today


def missing_for(
    case: SettlementCase, open_tasks: dict[str, int], today: dt.date, first_weeks_end: dt.date | None = None
) -> list[Missing]:
    """What the case lacks for its next stage and who owns it: rules as data, read from the case."""
    integration = str(Sector.INTEGRATION_SERVICE.label)
    missing = []
    if case.stage == Stage.PROPOSED:
        if case.reply_due_on:
            text = _("Reply to IMDi by %(day)s") % {"day": date_label(case.reply_due_on)}
        else:
            text = _("Reply to IMDi (no deadline set)")
        missing.append(Missing(text, integration, _reply_late(case, today)))
    if case.stage in (Stage.PROPOSED, Stage.ACCEPTED, Stage.DWELLING_READY) and case.expected_arrival is None:
        missing.append(Missing(_("Set the expected arrival"), integration))
    if case.stage == Stage.ACCEPTED:
        missing.append(Missing(_("No dwelling held"), str(Sector.HOUSING.label)))
    if case.stage in (Stage.ACCEPTED, Stage.DWELLING_READY, Stage.ARRIVED):
        labels = dict(Sector.choices)
        for sector, n in sorted(open_tasks.items(), key=lambda item: str(labels.get(item[0], item[0]))):
            missing.append(
                Missing(
                    _("%(count)s open tasks") % {"count": n} if n != 1 else _("1 open task"),
                    str(labels.get(sector, sector)),
                )
            )
    if case.stage == Stage.DWELLING_READY:
        late = case.expected_arrival is not None and case.expected_arrival < today
        missing.append(Missing(_("Register the arrival"), integration, late))
    if case.stage == Stage.ARRIVED:
        if first_weeks_end is None:
            missing.append(Missing(_("Finish the first weeks"), integration))
        else:
            text = _("Finish the first weeks by %(day)s") % {"day": date_label(first_weeks_end)}
            missing.append(Missing(text, integration, first_weeks_end < today))
    return missing


def cases_in_stage(user, *, stage: str, municipality_id: int | None = None, kind: str | None = None):
    """Every case of a stage the user may see, for the list a column's «show all» opens."""
    cases = _filtered(user, municipality_id, kind)
    if stage in Stage.values:
        cases = cases.filter(stage=stage)
    return cases.order_by(F("expected_arrival").asc(nulls_last=True), "received_on", "pk")


# ---------------------------------------------------------------------------- one case
def case_tasks(case: SettlementCase) -> list[Task]:
    """The case's duties (every status), in the order they are due."""
    return list(
        Task.objects.filter(subject=f"c:{case.pk}").select_related("routine").order_by("due_on", "pk")
    )
