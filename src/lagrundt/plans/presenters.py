"""Plans as people read them: numbers written the Norwegian way, charts beside their tables, and the
report to the council as plain data (the same for the page, the PDF and the frozen copy sent).

An indicator or a report becomes a dict of texts and numbers here; charts are drawn from that dict.
So an issued report, stored as that dict, looks the same in a year as on the day it was sent.
"""

import datetime as dt
from decimal import Decimal

from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lagrundt.access.disclosure import Cell, protect_count, protect_table
from lagrundt.core.charts import PALETTE, Bar, Point, Target, column_chart, trend_chart
from lagrundt.core.measurement import Group, Kind
from lagrundt.tenancy.models import Sector

from . import registry, rules, selectors
from .models import MeasureStatus, Plan, Report, ReportStatus

HIDDEN = "–"
STATUS_COLOURS = {
    MeasureStatus.NOT_STARTED: "neutral",
    MeasureStatus.UNDER_WAY: "info",
    MeasureStatus.DONE: "success",
    MeasureStatus.DROPPED: "warning",
}
STANDING_COLOURS = {
    rules.Standing.REACHED: "success",
    rules.Standing.NOT_YET: "warning",
    rules.Standing.MISSED: "danger",
    rules.Standing.NO_DATA: "neutral",
}


def standing_label(standing: str) -> str:
    return {
        rules.Standing.REACHED: _("Reached"),
        rules.Standing.NOT_YET: _("Not reached yet"),
        rules.Standing.MISSED: _("Not reached by the date"),
        rules.Standing.NO_DATA: _("No figures yet"),
    }[standing]


def number(value, decimals: int | None = None) -> str:
    if value is None:
        return HIDDEN
    if decimals is None:
        decimals = 0 if Decimal(str(value)) == Decimal(str(value)).to_integral_value() else 1
    return formats.number_format(
        round(Decimal(str(value)), decimals), decimals, use_l10n=True, force_grouping=True
    )


def value_text(value, kind: str) -> str:
    if value is None:
        return HIDDEN
    if kind == Kind.SHARE:
        return f"{number(value)} %"
    if kind == Kind.AMOUNT:
        return f"{number(value, 0)} kr"
    if kind == Kind.AVERAGE:
        return number(value, 1)
    return number(value, 0)


def cell_text(cell) -> str:
    if isinstance(cell, Cell):
        return HIDDEN if cell.suppressed else number(cell.value, 0)
    return HIDDEN if cell is None else number(cell)


def _float(value) -> float | None:
    return None if value is None else float(value)


def _entered_text(value: Decimal, kind: str) -> str:
    """An entered figure as read: a whole count of persons protected like a computed one."""
    if kind == Kind.COUNT and value == value.to_integral_value():
        return cell_text(protect_count(int(value)))
    return value_text(value, kind)


def _cell_value(cell) -> int | None:
    """A protected count for a chart (None: hidden, or nothing computed for a year shown as entered)."""
    return cell.value if isinstance(cell, Cell) else None


# ---------------------------------------------------------------------------- indicators
def chart_spec(evaluation: selectors.Evaluation) -> dict:
    """What to draw for an indicator, as plain data: a trend against the target, or columns."""
    ind = evaluation.indicator
    title = str(ind.label)
    if ind.kind == Kind.COUNT and (ind.dynamic_series or len(evaluation.series) > 1):
        if ind.dynamic_series:
            last = evaluation.rows[-1] if evaluation.rows else None
            return {
                "kind": "columns",
                "title": _("%(indicator)s, %(year)s") % {"indicator": title, "year": last.label}
                if last
                else title,
                "series": [["s1", str(last.label) if last else ""]],
                "bars": [
                    [str(s.label), [_cell_value(c)]]
                    for s, c in zip(evaluation.series, last.cells, strict=True)
                ]
                if last
                else [],
                "unit": "",
            }
        return {
            "kind": "columns",
            "title": title,
            "series": [[PALETTE[i % len(PALETTE)], str(s.label)] for i, s in enumerate(evaluation.series)],
            "bars": [[str(r.year), [_cell_value(c) for c in r.cells]] for r in evaluation.rows],
            "unit": "",
        }
    if ind.kind == Kind.AMOUNT:
        return {
            "kind": "columns",
            "title": title,
            "stacked": True,
            "series": [[PALETTE[i % len(PALETTE)], str(s.label)] for i, s in enumerate(evaluation.series)],
            "bars": [[str(r.year), [_float(v) for v in r.cells]] for r in evaluation.rows if r.value],
            "unit": "",
        }
    target = evaluation.targets[0] if evaluation.targets else None
    return {
        "kind": "trend",
        "title": title,
        "name": str(_("Share") if ind.kind == Kind.SHARE else ind.label),
        "unit": " %" if ind.kind == Kind.SHARE else "",
        "top": 100 if ind.kind == Kind.SHARE else None,
        "points": [[str(r.year), _float(r.value), bool(r.entered)] for r in evaluation.rows],
        "target": {
            "value": float(target.target.value),
            "label": str(_("Target: %(target)s") % {"target": target.label}),
            "at": str(target.target.by.year),
        }
        if target
        else None,
    }


def draw(spec: dict):
    """The SVG of a chart spec."""
    if spec["kind"] == "columns":
        return column_chart(
            [Bar(label, values) for label, values in spec["bars"]],
            [tuple(s) for s in spec["series"]],
            title=spec["title"],
            unit=spec.get("unit", ""),
            stacked=spec.get("stacked", False),
        )
    target = spec.get("target")
    points = [Point(label, value, entered) for label, value, entered in spec["points"]]
    return trend_chart(
        points,
        title=spec["title"],
        name=spec["name"],
        unit=spec["unit"],
        top=spec.get("top"),
        target=Target(target["value"], target["label"], target.get("at")) if target else None,
        entered_label=str(_("Entered from another source")),
    )


# A cohort's rows are the year its persons entered it: the year of settlement, but for the programme's
# completers the year their programme ended (the heading must say what the indicator counts).
COHORT_HEADINGS = {"programme_completers_in_work": gettext_lazy("Year the programme ended")}


def _row_heading(indicator) -> str:
    if indicator.rows == "cohort":
        return str(COHORT_HEADINGS.get(indicator.key, _("Year of settlement")))
    return str(_("Year"))


def indicator_dict(evaluation: selectors.Evaluation) -> dict:
    ind = evaluation.indicator
    series_labels = {s.key: s.label for s in (*(ind.series or ()), *evaluation.series)}
    show_cells = ind.is_computed or ind.kind == Kind.AMOUNT
    rows = evaluation.rows if ind.is_computed else [r for r in evaluation.rows if r.entered]
    # A computed indicator shows the figure entered for a year it has no data for (before Lagrundt
    # knew): such a row is marked as entered, with its source, and its empty counts are left blank.
    mixed = ind.is_computed and any(r.entered for r in rows)
    shown_years = {r.year for r in rows if r.entered}
    computed_years = {r.year for r in rows if not r.entered}
    return {
        "key": ind.key,
        "label": str(ind.label),
        "description": str(ind.description),
        "kind": str(ind.kind),
        "computed": ind.is_computed,
        "source": str(ind.source)
        if ind.is_computed
        else str(_("Entered by hand, with the source of each figure.")),
        "row_heading": _row_heading(ind),
        "columns": [str(s.label) for s in evaluation.series] if show_cells else [],
        "mixed": mixed,
        # An amount's value is its row total, shown once, in kroner, under «Total».
        "has_total": ind.kind != Kind.AMOUNT and any(r.total is not None for r in evaluation.rows),
        "value_heading": str(
            _("Share")
            if ind.kind == Kind.SHARE
            else (_("Total") if ind.kind == Kind.AMOUNT else (_("Value") if not show_cells else ""))
        ),
        "rows": [
            {
                "label": r.label,
                "cells": [
                    "" if ind.is_computed and r.entered and c is None else cell_text(c) for c in r.cells
                ]
                if show_cells
                else [],
                "total": cell_text(r.total) if r.total is not None else "",
                "value": value_text(r.value, ind.kind),
                "entered": bool(r.entered),
                "source": r.entered.source if r.entered else "",
                "note": r.entered.note if r.entered else "",
            }
            for r in rows
        ],
        "empty": not rows,
        "column_totals": [cell_text(c) for c in evaluation.column_totals] if evaluation.column_totals else [],
        "entered": [
            {
                "year": f.year,
                # The series by its label, never its key; one no definition names any longer reads as none.
                "series": str(series_labels.get(f.series, "")),
                "value": _entered_text(f.value, ind.kind),
                "source": f.source,
                "note": f.note,
                "measured_on": formats.date_format(f.measured_on, "SHORT_DATE_FORMAT")
                if f.measured_on
                else "",
                # Shown in the table for a year without computed data; a computed year shows its own.
                "used": f.year in shown_years,
                "replaced": f.year in computed_years,
            }
            for f in evaluation.entered
            if ind.is_computed
        ],
        "targets": [target_dict(t, ind.kind) for t in evaluation.targets],
        "hidden": evaluation.has_hidden,
        "latest": value_text(evaluation.latest.value, ind.kind) if evaluation.latest else HIDDEN,
        "chart": chart_spec(evaluation) if any(r.value is not None for r in rows) else None,
    }


def target_dict(view: selectors.TargetView, kind: str) -> dict:
    return {
        "goal": view.goal.text,
        "goal_id": view.goal.pk,
        "label": view.label,
        "value": value_text(view.value, kind),
        "year": view.latest.label if view.latest else "",
        "entered": view.entered,
        "standing": str(view.standing),
        "standing_label": standing_label(view.standing),
        "colour": STANDING_COLOURS[view.standing],
        "source": view.target.source,
    }


# ---------------------------------------------------------------------------- the year's settlement
def progress_dict(progress, *, protect: bool) -> dict:
    """A year's settlement against the council's decision (``settlement.progress.YearProgress``) as
    plain data: the request, the decision, and persons accepted and arrived per category.

    With ``protect`` (leaders, the council) the counts of persons pass ``protect_table`` with the
    totals shown; the gap to the decision is hidden with the arrived it is worked out from. The
    numbers requested and decided are the municipality's and IMDi's, of no person: always shown."""
    counts = [[c.accepted, c.arrived] for c in progress.categories]
    if protect and counts:
        table = protect_table(counts, column_totals=True)
        cells, (accepted, arrived) = table.cells, table.column_totals
    else:
        cells = [[Cell(a), Cell(b)] for a, b in counts]
        accepted, arrived = Cell(progress.accepted), Cell(progress.arrived)
    proposed = protect_count(progress.proposed) if protect else Cell(progress.proposed)
    gap = None if progress.gap is None or arrived.suppressed else progress.gap
    decided = progress.decided
    bars = [
        [str(_("Decided")), [decided]],
        [str(_("Accepted")), [accepted.value]],
        [str(_("Arrived")), [arrived.value]],
    ]
    return {
        "municipality": progress.municipality_name,
        "year": progress.year,
        "has_request": progress.requested is not None,
        "requested": value_text(progress.requested, Kind.COUNT) if progress.requested is not None else "",
        "requested_unaccompanied": number(progress.requested_unaccompanied or 0, 0),
        "decided": value_text(decided, Kind.COUNT) if decided is not None else "",
        "decided_unaccompanied": number(progress.decided_unaccompanied or 0, 0),
        "decided_on": formats.date_format(progress.decided_on, "SHORT_DATE_FORMAT")
        if progress.decided_on
        else "",
        "case_number": progress.council_case_number,
        "proposed": cell_text(proposed),
        "accepted": cell_text(accepted),
        "arrived": cell_text(arrived),
        "gap": number(gap, 0) if gap is not None else (HIDDEN if decided is not None else ""),
        "categories": [
            {"label": c.label, "accepted": cell_text(row[0]), "arrived": cell_text(row[1])}
            for c, row in zip(progress.categories, cells, strict=True)
        ],
        "hidden": any(c.suppressed for c in [proposed, accepted, arrived, *(x for r in cells for x in r)]),
        "chart": {
            "kind": "columns",
            "title": str(
                _("Settlement in %(year)s: decided, accepted and arrived") % {"year": progress.year}
            ),
            "series": [["s1", str(_("Persons"))]],
            "bars": bars if decided is not None else bars[1:],
            "unit": "",
        },
    }


# ---------------------------------------------------------------------------- the report
REPORT_INDICATORS = [
    "work_or_education",
    "programme_completers_in_work",
    "settlement_flow",
    "residents",
    "country_background",
    "still_living_here",
    "duties_on_time",
    "children_leisure",
    "grants_received",
    "persistent_low_income_children",
    "settlement_reply_days",
    "settlement_arrival_days",
    "housing_central_location",
    "housing_own_home",
    "housing_dwellings_let",
]


def _sector_label(sector: str) -> str:
    return str(Sector(sector).label) if sector in Sector.values else sector


def measure_dict(row: selectors.MeasureRow) -> dict:
    m = row.measure
    return {
        "key": m.key,
        "id": m.pk,
        "text": m.text,
        "status": m.status,
        "status_label": str(MeasureStatus(m.status).label),
        "colour": STATUS_COLOURS[m.status],
        "reason": m.status_reason,
        "responsible": m.responsible,
        "sectors": ", ".join(_sector_label(s) for s in m.sectors),
        "deadline": formats.date_format(m.ends_on, "SHORT_DATE_FORMAT") if m.ends_on else "",
        "budget": value_text(m.budget, Kind.AMOUNT) if m.budget is not None else "",
        "overdue": row.overdue,
        "quiet": row.quiet,
        "last_note": formats.date_format(m.last_note_on, "SHORT_DATE_FORMAT") if m.last_note_on else "",
        "goal": m.goal.text if m.goal_id else "",
    }


def _latest_notes(plan: Plan, year: int) -> dict[int, str]:
    from .models import ProgressNote

    found: dict[int, str] = {}
    for note in ProgressNote.objects.filter(measure__plan=plan, written_on__year__lte=year).order_by(
        "measure_id", "-written_on", "-pk"
    ):
        found.setdefault(note.measure_id, note.text)
    return found


def report_data(plan: Plan, report: Report, today: dt.date) -> dict:
    """The report to the council for the plan's year, as data, in the plan's language form."""
    with translation.override(plan.language):
        year = report.year
        on = min(today, dt.date(year, 12, 31))
        rows = selectors.measure_rows(plan, on)
        latest_notes = _latest_notes(plan, year)
        chapters: dict[int, dict] = {}
        for row in rows:
            chapter = row.measure.chapter
            entry = chapters.setdefault(
                chapter.pk, {"citation": chapter.citation, "number": chapter.number, "measures": []}
            )
            item = measure_dict(row)
            item["note"] = latest_notes.get(row.measure.pk, "")
            entry["measures"].append(item)
        counts = selectors.plan_counts(plan)
        years = tuple(range(year - 5, year + 1))
        memo: dict = {}  # one read of the register for the indicators and the targets alike
        evaluations = selectors.indicators_for(
            plan, years=years, group=Group(), today=on, keys=REPORT_INDICATORS, memo=memo
        )
        indicators = [
            indicator_dict(e)
            for e in evaluations
            if e.indicator.is_computed or any(r.value is not None for r in e.rows)
        ]
        by_key = {e.indicator.key: e for e in evaluations}
        found = registry.all_indicators()
        key_figures = []
        if "residents" in by_key and by_key["residents"].rows:
            row = by_key["residents"].rows[-1]
            key_figures.append(
                [_("Living here at the end of %(year)s") % {"year": year}, value_text(row.value, Kind.COUNT)]
            )
        if "settlement_flow" in by_key and by_key["settlement_flow"].rows:
            row = by_key["settlement_flow"].rows[-1]
            key_figures.append([_("Settled in %(year)s") % {"year": year}, cell_text(row.cells[0])])
            key_figures.append([_("Moved out in %(year)s") % {"year": year}, cell_text(row.cells[1])])
        if "duties_on_time" in by_key and by_key["duties_on_time"].rows:
            row = by_key["duties_on_time"].rows[-1]
            key_figures.append(
                [_("Duties done on time in %(year)s") % {"year": year}, value_text(row.value, Kind.SHARE)]
            )
        key_figures.append(
            [
                _("Measures done or under way"),
                f"{counts['done'] + counts['under_way']} / {counts['measures']}",
            ]
        )
        budget = sum((r.measure.budget for r in rows if r.measure.budget), Decimal(0))
        return {
            "plan": {
                "id": plan.pk,
                "title": plan.title,
                "municipality": plan.municipality.name,
                "period": plan.period_label,
                "version": plan.version,
                "vision": plan.vision,
                "source": plan.source,
                "language": plan.language,
            },
            "year": year,
            "made_on": formats.date_format(today, "SHORT_DATE_FORMAT"),
            "status": report.status,
            "summary": report.summary,
            "texts": [
                {"sector": _sector_label(t.sector), "text": t.text}
                for t in (report.texts.order_by("sector") if report.pk else [])
            ],
            "counts": {
                "goals": counts["goals"],
                "sub_goals": counts["sub_goals"],
                "measures": counts["measures"],
                "statuses": [
                    {"label": str(MeasureStatus(s).label), "count": counts[s], "colour": STATUS_COLOURS[s]}
                    for s in MeasureStatus.values
                ],
                "overdue": sum(1 for r in rows if r.overdue),
            },
            "budget": value_text(budget, Kind.AMOUNT) if budget else "",
            "key_figures": [[str(label), value] for label, value in key_figures],
            "chapters": list(chapters.values()),
            "indicators": indicators,
            "targets": [
                target_dict(v, found[v.target.indicator].kind)
                for v in selectors.target_evaluations(plan, on, memo=memo)
            ],
            "settlement": progress_dict(selectors.settlement_progress_of(plan, year), protect=True),
            "hidden_note": any(i["hidden"] for i in indicators),
        }


def report_for_display(plan: Plan, report: Report, today: dt.date) -> dict:
    """An issued report as sent (its frozen copy); a draft as it stands today."""
    data = (
        report.snapshot
        if report.status == ReportStatus.ISSUED and report.snapshot
        else report_data(plan, report, today)
    )
    with translation.override(data["plan"]["language"]):
        for indicator in data["indicators"]:
            indicator["svg"] = draw(indicator["chart"]) if indicator.get("chart") else None
        if data.get("settlement"):  # reports sent before the section was added have none
            data["settlement"]["svg"] = draw(data["settlement"]["chart"])
    return data
