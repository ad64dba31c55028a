"""The plan as a workbook: its measures with status, owner and budget, and its indicators with targets.

Counts in the workbook are the protected ones, as on the pages: the file is for leaders and the
council. Plan texts stay in the plan's language form; headings follow the user's language.
"""

import datetime as dt

from django.utils.translation import gettext as _

from lagrundt.core.documents import Sheet
from lagrundt.core.measurement import Group, Kind
from lagrundt.tenancy.models import Sector

from . import registry, selectors
from .models import MeasureStatus, Plan
from .presenters import standing_label


def _sector(value: str) -> str:
    return str(Sector(value).label) if value in Sector.values else value


def _number(cell):
    """A protected count as a number for Excel, or «–» where it is hidden."""
    if cell is None:
        return None
    if hasattr(cell, "suppressed"):
        return "–" if cell.suppressed else cell.value
    return cell


def plan_sheets(plan: Plan, today: dt.date) -> list[Sheet]:
    rows = selectors.measure_rows(plan, today)
    measures = Sheet(
        title=_("Measures"),
        header=[
            _("Chapter"),
            _("Goal"),
            _("Measure"),
            _("Status"),
            _("Reason"),
            _("Responsible"),
            _("Responsible sector"),
            _("Also involved"),
            _("From"),
            _("Deadline"),
            _("Overdue"),
            _("Last progress note"),
            _("Budget (kroner)"),
        ],
        rows=[
            [
                r.measure.chapter.citation,
                r.measure.goal.text if r.measure.goal_id else "",
                r.measure.text,
                str(MeasureStatus(r.measure.status).label),
                r.measure.status_reason,
                r.measure.responsible,
                _sector(r.measure.sector),
                ", ".join(_sector(s) for s in r.measure.other_sectors),
                r.measure.starts_on,
                r.measure.ends_on,
                _("Yes") if r.overdue else "",
                r.measure.last_note_on,
                r.measure.budget,
            ]
            for r in rows
        ],
    )
    evaluations = selectors.indicators_for(
        plan, years=selectors.default_years(today), group=Group(), today=today
    )
    indicator_rows = []
    for e in evaluations:
        for row in e.rows:
            cells = row.cells if (e.indicator.is_computed or e.indicator.kind == Kind.AMOUNT) else []
            for series, cell in zip(e.series, cells, strict=False):
                if cell is None and e.indicator.is_computed and row.entered:
                    continue  # a year shown from its entered figure: nothing was computed
                indicator_rows.append(
                    [str(e.indicator.label), row.year, str(series.label), _number(cell), ""]
                )
            if row.value is not None:
                unit = {
                    Kind.SHARE: _("per cent"),
                    Kind.AMOUNT: _("kroner"),
                    Kind.AVERAGE: _("average days"),
                }.get(e.indicator.kind, _("persons"))
                source = row.entered.source if row.entered else _("computed from the register")
                if row.entered and e.indicator.is_computed:
                    # A year the computation has no data for, shown from the figure entered for it.
                    source = _("entered by hand (no data computed for the year): %(source)s") % {
                        "source": row.entered.source
                    }
                indicator_rows.append([str(e.indicator.label), row.year, unit, row.value, source])
    indicators = Sheet(
        title=_("Indicators"),
        header=[_("Indicator"), _("Year"), _("Series"), _("Value"), _("Source")],
        rows=indicator_rows,
    )
    indicators_by_key = registry.all_indicators()
    targets = Sheet(
        title=_("Targets"),
        header=[_("Goal"), _("Indicator"), _("Target"), _("By"), _("Latest value"), _("Standing")],
        # The indicator and the standing by their labels, never their keys.
        rows=[
            [
                v.goal.text,
                str(indicators_by_key[v.target.indicator].label)
                if v.target.indicator in indicators_by_key
                else "",
                v.target.value,
                v.target.by,
                v.value,
                standing_label(v.standing),
            ]
            for v in selectors.target_evaluations(plan, today)
        ],
    )
    return [measures, indicators, targets]
