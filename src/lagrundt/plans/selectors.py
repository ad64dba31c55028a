"""Reads of plans: their outline and measures, indicators against targets, the leaders' overview.

Every indicator is computed from the register when asked (no stored result can go stale) and every
count passes ``access.disclosure.protect_table`` before anyone sees it: the plans' pages and reports
are read by leaders and the council, who may not see named persons.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Max, Q
from django.utils import formats
from django.utils.translation import gettext as _

from lagrundt.access.disclosure import Cell, protect_count, protect_table, share_of
from lagrundt.access.history import HistoryFormat, HistoryRow
from lagrundt.access.resources import MEASURES, PLANS, SETTLEMENT_CASES, VIEW
from lagrundt.core.measurement import Group, Indicator, Kind, Query, Role, Series
from lagrundt.settlement.progress import YearProgress, year_progress
from lagrundt.tenancy.models import Sector

from . import registry, rules
from .models import (
    CLOSED_STATUSES,
    Chapter,
    EnteredFigure,
    Goal,
    Measure,
    MeasureStatus,
    Plan,
    PlanStatus,
    ProgressNote,
    Report,
    ReportStatus,
    Target,
)

DEFAULT_YEARS = 6
MAX_YEARS = 15


# ---------------------------------------------------------------------------- plans and measures
def plans_for(user) -> list[Plan]:
    """Every version of every plan in the municipalities the user works for, newest first."""
    return list(
        PLANS.instances_user_has_permission_for(user, VIEW)
        .select_related("municipality")
        .order_by("municipality__name", "key", "-version")
    )


def plan_for(user, pk: int) -> Plan | None:
    return (
        PLANS.instances_user_has_permission_for(user, VIEW)
        .filter(pk=pk)
        .select_related("municipality", "previous")
        .first()
    )


def _measures(plan: Plan):
    return plan.measures.select_related("chapter", "goal", "unit").annotate(
        last_note_on=Max("notes__written_on"), note_count=Count("notes", distinct=True)
    )


def measure_for(user, pk: int) -> Measure | None:
    measure = (
        MEASURES.instances_user_has_permission_for(user, VIEW)
        .filter(pk=pk)
        .select_related(
            "plan", "plan__municipality", "chapter", "goal", "goal__parent", "unit", "carried_from"
        )
        .first()
    )
    return measure


@dataclass
class MeasureRow:
    measure: Measure
    overdue: bool
    quiet: bool


def measure_rows(plan: Plan, today: dt.date, measures=None) -> list[MeasureRow]:
    rows = []
    for m in measures if measures is not None else _measures(plan).order_by("order"):
        closed = m.status in CLOSED_STATUSES
        since = max(d for d in (plan.starts_on, m.starts_on) if d is not None)
        rows.append(
            MeasureRow(
                measure=m,
                overdue=rules.is_overdue(status_closed=closed, ends_on=m.ends_on, today=today),
                quiet=since <= today
                and rules.is_quiet(
                    status_closed=closed, last_note_on=m.last_note_on, since=since, today=today
                ),
            )
        )
    return rows


@dataclass
class GoalNode:
    goal: Goal
    sub_goals: list["GoalNode"] = field(default_factory=list)
    measures: list[MeasureRow] = field(default_factory=list)


@dataclass
class ChapterNode:
    chapter: Chapter
    goals: list[GoalNode]
    measures: list[MeasureRow]  # those not under a goal

    @property
    def measure_count(self) -> int:
        def count(node: GoalNode) -> int:
            return len(node.measures) + sum(count(s) for s in node.sub_goals)

        return len(self.measures) + sum(count(g) for g in self.goals)


def outline(
    plan: Plan, today: dt.date, *, status: str = "", sector: str = "", attention: str = ""
) -> list[ChapterNode]:
    """The plan as it reads: chapters, goals with sub-goals, measures under the goal they serve."""
    measures = _measures(plan).order_by("order")
    if status:
        measures = measures.filter(status=status)
    rows = measure_rows(plan, today, list(measures))
    if sector:
        # A plan has a hundred measures or so; SQLite has no "contains" for JSON lists.
        rows = [r for r in rows if sector in r.measure.sectors]
    if attention == "overdue":
        rows = [r for r in rows if r.overdue]
    elif attention == "quiet":
        rows = [r for r in rows if r.quiet]
    goals = list(plan.goals.select_related("chapter").prefetch_related("targets").order_by("order"))
    found = registry.all_indicators()
    for g in goals:
        for t in g.targets.all():
            indicator = found.get(t.indicator)
            t.display = f"{indicator.label}: {target_label(indicator, t)}" if indicator else t.indicator
    nodes = {g.pk: GoalNode(g) for g in goals}
    by_goal: dict[int | None, list[MeasureRow]] = {}
    for row in rows:
        by_goal.setdefault(row.measure.goal_id, []).append(row)
    for g in goals:
        nodes[g.pk].measures = by_goal.get(g.pk, [])
        if g.parent_id:
            nodes[g.parent_id].sub_goals.append(nodes[g.pk])
    chapters = []
    filtered = bool(status or sector or attention)
    for chapter in plan.chapters.order_by("order"):
        top = [nodes[g.pk] for g in goals if g.chapter_id == chapter.pk and not g.parent_id]
        loose = [r for r in by_goal.get(None, []) if r.measure.chapter_id == chapter.pk]
        node = ChapterNode(chapter, top, loose)
        if filtered and node.measure_count == 0:
            continue
        chapters.append(node)
    return chapters


def plan_counts(plan: Plan) -> dict[str, int]:
    goals = plan.goals.aggregate(
        goals=Count("pk", filter=Q(parent__isnull=True)),
        sub_goals=Count("pk", filter=Q(parent__isnull=False)),
    )
    statuses = dict(plan.measures.values_list("status").annotate(n=Count("pk")).order_by())
    recorded = sum(1 for keys in plan.measures.values_list("recorded_in", flat=True) if keys)
    return {
        **goals,
        "measures": sum(statuses.values()),
        # Measures that name work Lagrundt records (``recorded_in``): their pages count it per year.
        "recorded": recorded,
        **{s: statuses.get(s, 0) for s in MeasureStatus.values},
    }


def measures_with_budget(municipality_id: int, year: int) -> list[Measure]:
    """Measures of the municipality's plans in force with a budget in the year (for the grants module)."""
    return list(
        Measure.objects.filter(
            plan__municipality_id=municipality_id,
            plan__status=PlanStatus.ACTIVE,
            budget__isnull=False,
        )
        .filter(Q(starts_on__isnull=True) | Q(starts_on__year__lte=year))
        .filter(Q(ends_on__isnull=True) | Q(ends_on__year__gte=year))
        .select_related("plan", "chapter")
        .order_by("plan", "order")
    )


def measure_row(measure: Measure, today: dt.date) -> MeasureRow:
    """One measure as a row of its plan's outline: whether it is overdue or has gone quiet."""
    (row,) = measure_rows(measure.plan, today, [_measures(measure.plan).get(pk=measure.pk)])
    return row


def entered_figures(plan: Plan, limit: int = 500) -> list[EnteredFigure]:
    """The figures entered for the plan's municipality, by indicator and newest year first."""
    return list(
        EnteredFigure.objects.filter(municipality=plan.municipality)
        .select_related("entered_by")
        .order_by("indicator", "-year", "-entered_at")[:limit]
    )


def report_of(plan: Plan, year: int) -> Report | None:
    """The report on the plan (any of its versions) for a year, once it is begun."""
    return Report.objects.filter(plan__municipality=plan.municipality, plan__key=plan.key, year=year).first()


# What the keys of a measure's changes name. A note, a link, the plan file and a new version are the
# change's kind, which the page shows; the keys only say which row it was.
MEASURE_HISTORY = HistoryFormat(
    models=(Measure,),
    choices={"other_sectors": Sector.choices},
    skip=frozenset({"note", "link", "source", "version"}),
)


def history(measure: Measure) -> list[HistoryRow]:
    """The measure's changes, newest first, each field named as on the form and each value as read."""
    return MEASURE_HISTORY.rows(measure.changes.select_related("by").order_by("-at", "-pk")[:100])


def notes(measure: Measure) -> list[ProgressNote]:
    return list(measure.notes.select_related("author").order_by("-written_on", "-pk"))


# ---------------------------------------------------------------------------- indicators
@dataclass
class Row:
    year: int
    label: str
    cells: list  # Cell (persons) or Decimal | None (kroner), one per series
    total: Cell | None = None
    value: float | Decimal | None = None  # per cent, persons or kroner
    entered: EnteredFigure | None = None


@dataclass
class TargetView:
    target: Target
    goal: Goal
    latest: Row | None
    value: float | Decimal | None
    standing: rules.Standing
    label: str
    # The latest value is a computed indicator's year shown from its entered figure (no data computed).
    entered: bool = False


@dataclass
class Evaluation:
    indicator: Indicator
    query: Query
    series: tuple[Series, ...]
    rows: list[Row]
    column_totals: list[Cell] | None
    entered: list[EnteredFigure]
    targets: list[TargetView] = field(default_factory=list)

    @property
    def unit(self) -> str:
        return {Kind.SHARE: " %", Kind.AMOUNT: " kr"}.get(self.indicator.kind, "")

    @property
    def latest(self) -> Row | None:
        return next((r for r in reversed(self.rows) if r.value is not None), None)

    @property
    def has_hidden(self) -> bool:
        cells = [c for r in self.rows for c in [*r.cells, r.total] if isinstance(c, Cell)]
        return any(c.suppressed for c in cells + list(self.column_totals or []))

    @property
    def is_entered(self) -> bool:
        return not self.indicator.is_computed


def default_years(today: dt.date) -> tuple[int, ...]:
    return rules.years_up_to(today, DEFAULT_YEARS)


def clamp_years(first: int | None, last: int | None, today: dt.date) -> tuple[int, ...]:
    last = min(last or today.year, today.year)
    first = first or last - DEFAULT_YEARS + 1
    first = max(first, last - MAX_YEARS + 1, 1990)
    return tuple(range(min(first, last), last + 1))


def _figures(municipality_ids, indicator_keys=None) -> list[EnteredFigure]:
    figures = EnteredFigure.objects.filter(municipality_id__in=municipality_ids)
    if indicator_keys is not None:
        figures = figures.filter(indicator__in=indicator_keys)
    return list(figures.order_by("indicator", "year", "series", "-entered_at", "-pk"))


def _latest_figures(figures: list[EnteredFigure], indicator_key: str, group: Group) -> list[EnteredFigure]:
    """The newest entry per year and series for the group (older entries stay as history)."""
    wanted = group.as_dict()
    seen: set[tuple[int, str]] = set()
    latest = []
    for figure in figures:
        if figure.indicator != indicator_key:
            continue
        if (figure.group or {}) != wanted or (figure.year, figure.series) in seen:
            continue
        seen.add((figure.year, figure.series))
        latest.append(figure)
    return latest


def _row_label(indicator: Indicator, year: int, today: dt.date) -> str:
    if indicator.rows == "cohort":
        return str(year)
    if year == today.year and today < dt.date(year, 12, 31):
        return _("%(year)s (to date)") % {"year": year}
    return str(year)


def evaluate(
    indicator: Indicator,
    query: Query,
    *,
    targets: list[Target] = (),
    figures: list[EnteredFigure] | None = None,
) -> Evaluation:
    """An indicator for the query's municipalities, years and group: protected counts and values.

    ``figures``: the entered figures of the municipalities, when the caller has read them already.
    """
    if figures is None:
        figures = _figures(query.municipality_ids, [indicator.key])
    entered = _latest_figures(figures, indicator.key, query.group)
    if not query.group.used() <= set(indicator.groups):
        # An indicator cannot be counted by a group it does not know: show nothing rather than all.
        return Evaluation(indicator, query, indicator.series, [], None, [])
    if indicator.is_computed:
        series = indicator.series_for(query)
        values = indicator.compute(query)
        years = list(query.years)
        raw = [[int(v) for v in values.get(year, [0] * len(series))] for year in years]
        if indicator.kind == Kind.AMOUNT:
            rows = [
                Row(
                    year,
                    _row_label(indicator, year, query.today),
                    [Decimal(v) for v in r],
                    value=Decimal(sum(r)),
                )
                for year, r in zip(years, raw, strict=True)
            ]
            column_totals = None
        elif indicator.kind == Kind.AVERAGE:
            rows = _average_rows(indicator, query, years, raw)
            column_totals = None
        else:
            # Protected over every year as computed, the years filled in below included, so that
            # what is hidden does not change with the figures entered.
            shown = protect_table(raw, row_totals=indicator.row_totals, column_totals=indicator.column_totals)
            fallback = _fallback_figures(series, years, raw, entered)
            rows = []
            for i, year in enumerate(years):
                if year in fallback:
                    rows.append(_fallback_row(indicator, series, year, fallback[year], query.today))
                    continue
                cells = shown.cells[i]
                total = shown.row_totals[i] if shown.row_totals else None
                rows.append(
                    Row(
                        year,
                        _row_label(indicator, year, query.today),
                        cells,
                        total=total,
                        value=_headline(indicator, series, cells, total),
                    )
                )
            column_totals = shown.column_totals
    else:
        series = indicator.series
        rows = _entered_rows(indicator, query, entered)
        column_totals = None
    evaluation = Evaluation(indicator, query, series, rows, column_totals, entered)
    evaluation.targets = [_target_view(evaluation, t) for t in targets]
    return evaluation


def knows_nothing(series, values) -> bool:
    """Whether a computed year has no data: every series but the unknown is 0 (a share: part + rest)."""
    return all(v == 0 for s, v in zip(series, values, strict=False) if s.role != Role.UNKNOWN)


def _fallback_figures(
    series, years: list[int], raw: list[list[int]], entered: list[EnteredFigure]
) -> dict[int, dict[str, EnteredFigure]]:
    """The entered figures (newest per series, of the query's group) for the years a computed share or
    count knows nothing about: typed in from before Lagrundt had the data. Other years stay computed."""
    empty = {year for year, values in zip(years, raw, strict=True) if knows_nothing(series, values)}
    found: dict[int, dict[str, EnteredFigure]] = {}
    for figure in entered:
        if figure.year in empty:
            found.setdefault(figure.year, {})[figure.series] = figure
    return found


def _fallback_row(
    indicator: Indicator, series, year: int, figures: dict[str, EnteredFigure], today: dt.date
) -> Row:
    """A computed indicator's year shown from its entered figure, marked by ``entered``. Its cells are
    the counts entered per series (protected like any count), or empty: nothing was computed."""
    cells: list[Cell | None] = []
    for s in series:
        figure = figures.get(s.key) if s.key else None
        whole = figure is not None and figure.value == figure.value.to_integral_value()
        cells.append(protect_count(int(figure.value)) if indicator.kind == Kind.COUNT and whole else None)
    # The figure for the whole, or else the first series entered in the indicator's order (as the
    # headline of a computed count without totals is its first series); never a sum, which could give
    # away a count hidden beside it.
    ordered = [figures[s.key] for s in series if s.key in figures]
    figure = figures.get("") or (ordered[0] if ordered else next(iter(figures.values())))
    value: float | Decimal | None = figure.value
    if indicator.kind == Kind.COUNT and figure.value == figure.value.to_integral_value():
        value = protect_count(int(figure.value)).value
    return Row(year, _row_label(indicator, year, today), cells, value=value, entered=figure)


def _average_rows(indicator: Indicator, query: Query, years: list[int], raw: list[list[int]]) -> list[Row]:
    """An average's rows: the number of cases protected like any count, and the average (one decimal)
    only where that number is shown, so that no average rests on fewer than ``MIN_CELL`` cases."""
    shown = protect_table([[r[0]] for r in raw])
    rows = []
    for i, year in enumerate(years):
        cases = shown.cells[i][0]
        average = None
        if not cases.suppressed and cases.value:
            average = (Decimal(raw[i][1]) / Decimal(cases.value)).quantize(Decimal("0.1"))
        rows.append(Row(year, _row_label(indicator, year, query.today), [cases, average], value=average))
    return rows


def _headline(indicator: Indicator, series, cells: list[Cell], total: Cell | None, series_key: str = ""):
    if indicator.kind == Kind.SHARE:
        part = [c for s, c in zip(series, cells, strict=True) if s.role == Role.PART]
        rest = [c for s, c in zip(series, cells, strict=True) if s.role == Role.REST]
        if any(c.suppressed for c in part + rest):
            return None
        share = share_of(Cell(sum(c.value for c in part)), Cell(sum(c.value for c in rest)))
        return None if share is None else round(share * 100, 1)
    if series_key:
        cell = next((c for s, c in zip(series, cells, strict=True) if s.key == series_key), None)
        return None if cell is None or cell.suppressed else cell.value
    if total is not None:
        return total.value
    return cells[0].value if cells else None


def _entered_rows(indicator: Indicator, query: Query, entered: list[EnteredFigure]) -> list[Row]:
    """Rows of an indicator entered by hand: one per year with a figure in the period."""
    by_year: dict[int, dict[str, EnteredFigure]] = {}
    for figure in entered:
        if figure.year in query.years:
            by_year.setdefault(figure.year, {})[figure.series] = figure
    rows = []
    for year in query.years:
        figures = by_year.get(year)
        if not figures:
            rows.append(
                Row(year, _row_label(indicator, year, query.today), [None] * max(len(indicator.series), 1))
            )
            continue
        if indicator.kind == Kind.AMOUNT:
            cells = [figures[s.key].value if s.key in figures else None for s in indicator.series]
            value = sum((v for v in cells if v is not None), Decimal(0))
            rows.append(Row(year, str(year), cells, value=value, entered=next(iter(figures.values()))))
            continue
        figure = figures.get("") or next(iter(figures.values()))
        value: float | Decimal | None = figure.value
        if indicator.kind == Kind.COUNT and figure.value == figure.value.to_integral_value():
            value = protect_count(int(figure.value)).value
        rows.append(Row(year, str(year), [], value=value, entered=figure))
    return rows


def _target_view(evaluation: Evaluation, target: Target) -> TargetView:
    today = evaluation.query.today
    relevant = [r for r in evaluation.rows if r.year <= target.by.year]
    if target.series and evaluation.indicator.is_computed and evaluation.indicator.kind == Kind.COUNT:
        values = [
            (r, _headline(evaluation.indicator, evaluation.series, r.cells, r.total, target.series))
            for r in relevant
        ]
    else:
        values = [(r, r.value) for r in relevant]
    latest, value = next(((r, v) for r, v in reversed(values) if v is not None), (None, None))
    return TargetView(
        target=target,
        goal=target.goal,
        latest=latest,
        value=value,
        standing=rules.standing(
            value=value, target=target.value, direction=target.direction, by=target.by, today=today
        ),
        label=target_label(evaluation.indicator, target),
        entered=evaluation.indicator.is_computed and latest is not None and latest.entered is not None,
    )


def target_label(indicator: Indicator, target: Target) -> str:
    unit = {Kind.SHARE: " %", Kind.AMOUNT: " kr"}.get(indicator.kind, "")
    value = formats.number_format(target.value.normalize(), use_l10n=True, force_grouping=True)
    params = {"value": f"{value}{unit}", "date": formats.date_format(target.by, "SHORT_DATE_FORMAT")}
    if target.direction == "at_most":
        return _("At most %(value)s by %(date)s") % params
    return _("%(value)s by %(date)s") % params


def targets_of(plan: Plan) -> list[Target]:
    return list(
        Target.objects.filter(goal__plan=plan)
        .select_related("goal", "goal__chapter", "goal__parent")
        .order_by("goal__order", "by", "pk")
    )


def indicators_for(
    plan: Plan,
    *,
    years: tuple[int, ...],
    group: Group,
    today: dt.date,
    keys: list[str] | None = None,
    memo: dict | None = None,
) -> list[Evaluation]:
    """Every indicator (computed first), for the plan's municipality, with the plan's targets on it."""
    targets = targets_of(plan)
    found = registry.all_indicators()
    chosen = [found[k] for k in keys if k in found] if keys is not None else list(found.values())
    chosen.sort(key=lambda ind: (not ind.is_computed, list(found).index(ind.key)))
    query = Query((plan.municipality_id,), years, today, group, memo={} if memo is None else memo)
    figures = _figures(query.municipality_ids)
    evaluations = []
    for indicator in chosen:
        mine = [t for t in targets if t.indicator == indicator.key and Group.from_dict(t.group) == group]
        evaluations.append(evaluate(indicator, query, targets=mine, figures=figures))
    return evaluations


def target_evaluations(plan: Plan, today: dt.date, *, memo: dict | None = None) -> list[TargetView]:
    """Every target of the plan against its indicator, each for its own group, over the plan's years.

    ``memo`` is shared between the targets (and with the caller's indicators, if given) for this one
    computation: each indicator reads the register once.
    """
    views = []
    found = registry.all_indicators()
    memo = {} if memo is None else memo
    years = tuple(range(min(plan.starts_on.year - 2, today.year), today.year + 1))
    figures = _figures((plan.municipality_id,))
    for target in targets_of(plan):
        indicator = found.get(target.indicator)
        if indicator is None:
            continue
        query = Query((plan.municipality_id,), years, today, Group.from_dict(target.group), memo=memo)
        views += evaluate(indicator, query, targets=[target], figures=figures).targets
    return views


# ---------------------------------------------------------------------------- leaders' overview
@dataclass
class StatusChange:
    measure: Measure
    old: str
    new: str

    @property
    def old_label(self) -> str:
        return str(MeasureStatus(self.old).label) if self.old in MeasureStatus.values else self.old

    @property
    def new_label(self) -> str:
        return str(MeasureStatus(self.new).label)


@dataclass
class Overview:
    plan: Plan
    counts: dict
    overdue: list[MeasureRow]
    quiet: list[MeasureRow]
    targets: list[TargetView]
    last_report: Report | None
    since: dt.datetime | None
    status_changes: list[StatusChange]
    new_notes: int
    new_measures: list[Measure]
    notes_by_measure: list[tuple[Measure, int]]


def last_issued_report(plan: Plan) -> Report | None:
    """The latest report sent to the council on this plan or an earlier version of it."""
    return (
        Report.objects.filter(
            plan__municipality=plan.municipality, plan__key=plan.key, status=ReportStatus.ISSUED
        )
        .order_by("-issued_at")
        .first()
    )


def overview(plan: Plan, today: dt.date) -> Overview:
    rows = measure_rows(plan, today)
    report = last_issued_report(plan)
    since = report.issued_at if report else None
    status_changes: list[StatusChange] = []
    new_measures: list[Measure] = []
    new_notes = 0
    notes_by_measure: list[tuple[Measure, int]] = []
    if report is not None:
        before = {
            m["key"]: m["status"] for c in report.snapshot.get("chapters", []) for m in c.get("measures", [])
        }
        by_key = {r.measure.key: r.measure for r in rows}
        for key, measure in by_key.items():
            if key not in before:
                new_measures.append(measure)
            elif before[key] != measure.status:
                status_changes.append(StatusChange(measure, before[key], measure.status))
        noted = (
            ProgressNote.objects.filter(measure__plan=plan, created_at__gt=since)
            .values("measure")
            .annotate(n=Count("pk"))
            .order_by("-n")
        )
        counts = {row["measure"]: row["n"] for row in noted}
        new_notes = sum(counts.values())
        measures = {m.pk: m for m in (r.measure for r in rows)}
        notes_by_measure = [(measures[pk], n) for pk, n in counts.items() if pk in measures][:10]
    return Overview(
        plan=plan,
        counts=plan_counts(plan),
        overdue=[r for r in rows if r.overdue],
        quiet=[r for r in rows if r.quiet and not r.overdue],
        targets=target_evaluations(plan, today),
        last_report=report,
        since=since,
        status_changes=status_changes,
        new_notes=new_notes,
        new_measures=new_measures,
        notes_by_measure=notes_by_measure,
    )


def active_plans_for(user) -> list[Plan]:
    return [p for p in plans_for(user) if p.is_active]


def reports_of(plan: Plan) -> list[Report]:
    return list(
        Report.objects.filter(plan__municipality=plan.municipality, plan__key=plan.key)
        .select_related("plan", "issued_by")
        .order_by("-year")
    )


# ---------------------------------------------------------------------------- the year's settlement
def settlement_progress_for(user, year: int) -> list[tuple[YearProgress, bool]]:
    """The year's settlement against the decision in each municipality the user follows it for, each
    with whether the user sees it as aggregates only (leadership: small counts hidden). Who works on
    the cases themselves (the integration service) sees the counts as they are."""
    ids = SETTLEMENT_CASES.municipality_ids(user, "statistics")
    if not ids:
        return []
    case_workers = SETTLEMENT_CASES.municipality_ids(user, VIEW)
    return [
        (p, p.municipality_id not in case_workers) for p in year_progress(municipality_ids=ids, year=year)
    ]


def settlement_progress_of(plan: Plan, year: int) -> YearProgress:
    """The year's settlement in the plan's municipality, for the report to the council."""
    (progress,) = year_progress(municipality_ids=[plan.municipality_id], year=year)
    return progress


# ---------------------------------------------------------------------------- recorded in Lagrundt
@dataclass(frozen=True)
class RecordedRow:
    """One kind of work a measure names in ``recorded_in``, counted per year of the plan in its
    municipality. A count of persons is protected (``Cell``); a count of things (meetings held) is not."""

    label: str
    years: list[int]
    cells: list[Cell]
    persons: bool


def recorded(measure: Measure, today: dt.date) -> list[RecordedRow]:
    """What Lagrundt records of the work that carries the measure out, per year of the plan until now."""
    plan = measure.plan
    last = min(plan.ends_on.year, today.year) if plan.ends_on else today.year
    years = list(range(plan.starts_on.year, last + 1))
    known = registry.recorded_work()
    rows = []
    for key in measure.recorded_in:
        work = known.get(key)
        if work is None:  # an app that gave it is no longer installed
            continue
        counts = work.count([plan.municipality_id], years)
        values = [int(counts.get(year, 0)) for year in years]
        cells = protect_table([values]).cells[0] if work.persons else [Cell(v) for v in values]
        rows.append(RecordedRow(str(work.label), years, cells, work.persons))
    return rows
